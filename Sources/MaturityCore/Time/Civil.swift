/// Integer calendar arithmetic on the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
/// Days are counted from 1970-01-01 (day 0); no Foundation, no allocation. The public faces of it are
/// `LocalDate(daysSinceEpoch:)`, `LocalDate.daysSinceEpoch`, `Weekday(daysSinceEpoch:)` and
/// `Int64.floorDivided(by:)`; the pieces they inline are `@usableFromInline`.
@usableFromInline
enum Civil {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 of a valid year, month (1-12) and day.
    @inline(__always) @usableFromInline
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a day count since 1970-01-01.
    @inline(__always) @usableFromInline
    static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO weekday number (Monday 1 ... Sunday 7) of a day count since 1970-01-01 (a Thursday).
    @inline(__always) @usableFromInline
    static func isoWeekday(days: Int) -> Int {
        let remainder = (days + 3) % 7
        return (remainder < 0 ? remainder + 7 : remainder) + 1
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in a month (1-12) of a year.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The largest instant magnitude the date arithmetic accepts (±100,000,000 days, as in ECMAScript); instants
    /// beyond are clamped so that no arithmetic can overflow.
    static let instantLimit: Int64 = 8_640_000_000_000_000

    @inline(__always)
    static func clamped(_ t: Instant) -> Instant { min(max(t, -instantLimit), instantLimit) }
}

extension Int64 {
    /// The quotient rounded toward negative infinity (floor division), where `/` rounds toward zero:
    /// `(-1).floorDivided(by: 1_000)` is -1 (the second before the epoch), `(-1) / 1_000` is 0. Used to split an
    /// instant (or a local wall-clock reading) into whole days, hours or seconds. `divisor` must not be 0.
    @inlinable
    public func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
