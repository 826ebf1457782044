/// A day of the week, numbered as in ISO 8601 (Monday = 1 ... Sunday = 7).
public enum Weekday: Int, Sendable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The day of the week of the date `days` days after 1970-01-01 (a Thursday); the same as
    /// `LocalDate(daysSinceEpoch: days).weekday`, without building the date.
    @inlinable
    public init(daysSinceEpoch days: Int) {
        self = Weekday(rawValue: Civil.isoWeekday(days: days)) ?? .monday
    }

    /// The English three-letter name, `Mon`.
    public var shortName: String {
        switch self {
        case .monday: "Mon"
        case .tuesday: "Tue"
        case .wednesday: "Wed"
        case .thursday: "Thu"
        case .friday: "Fri"
        case .saturday: "Sat"
        case .sunday: "Sun"
        }
    }

    /// The English name, `Monday`.
    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// The day after (Sunday is followed by Monday).
    public var next: Weekday { Weekday(rawValue: rawValue % 7 + 1) ?? .monday }

    /// The day for an English name or its first three letters, ignoring ASCII case (`mon`, `Monday`); nil otherwise.
    public init?(name: String) {
        let lowered = String(decoding: name.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        guard let day = Weekday.allCases.first(where: {
            $0.name.lowercased() == lowered || $0.shortName.lowercased() == lowered
        }) else { return nil }
        self = day
    }
}
