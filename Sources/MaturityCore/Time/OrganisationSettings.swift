import Foundation

/// Organisation-wide settings (metrics.md section 0, "Organisation settings").
public struct OrganisationSettings: Sendable, Equatable {
    /// UTC under the IANA name `Etc/UTC`: Foundation on Linux turns `TimeZone(identifier: "UTC")` into "GMT",
    /// which would then be what settings and reports show.
    public static let utc = TimeZone(identifier: "Etc/UTC")!

    /// The zone of an IANA name, reading `UTC` as `Etc/UTC` (see `utc`); nil for an unknown name.
    public static func zone(named identifier: String) -> TimeZone? {
        identifier == "UTC" ? utc : TimeZone(identifier: identifier)
    }

    /// The organisation zone: periods and weeks are read in it (never used to parse timestamps).
    public var timeZone: TimeZone
    /// The organisation's default hours and days, in `timeZone`.
    public var schedule: WorkSchedule
    /// Groups with fewer members are suppressed.
    public var minGroupSize: Int
    /// The holiday calendar of every person whose directory row names none (metrics v2); nil: no calendar.
    public var holidayCalendar: String?

    public init(timeZone: TimeZone = OrganisationSettings.utc, workStart: Int = 540, workEnd: Int = 1020,
                workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday], minGroupSize: Int = 5,
                holidayCalendar: String? = nil) {
        self.holidayCalendar = holidayCalendar
        self.timeZone = timeZone
        self.schedule = WorkSchedule(timeZone: timeZone, start: workStart, end: workEnd, workdays: workdays)
        self.minGroupSize = minGroupSize
    }

    /// A person's schedule from their overrides: nil, empty or blank takes the organisation's value. `timezone` is an
    /// IANA id (case-sensitive; an unknown id throws), `workStart` and `workEnd` are `HH:MM`, `workdays` is a
    /// workdays list (`WorkSchedule.parseWorkdays`). Values are trimmed of spaces and tabs.
    public func schedule(timezone: String?, workStart: String?, workEnd: String?,
                         workdays: String?) throws(ScheduleError) -> WorkSchedule {
        var result = schedule
        if let zoneId = Self.given(timezone) {
            guard let zone = TimeZone(identifier: zoneId) else {
                throw ScheduleError("unknown time zone \"\(zoneId)\": expected an IANA name such as Europe/Berlin"
                    + " (names are case-sensitive)")
            }
            result.timeZone = zone
        }
        if let start = Self.given(workStart) { result.start = try WorkSchedule.parseClock(start) }
        if let end = Self.given(workEnd) { result.end = try WorkSchedule.parseClock(end) }
        if let days = Self.given(workdays) { result.workdays = try WorkSchedule.parseWorkdays(days) }
        return result
    }

    private static func given(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = WorkSchedule.trimmed(Substring(value))
        return trimmed.isEmpty ? nil : trimmed
    }
}
