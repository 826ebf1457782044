import MaturityCore

/// Writes the sample's days off (metrics v2): `time_off.csv` from the weeks each person is away (the same weeks
/// their calendars show "OOO" and their answers wait for), and `holidays.csv` with the public holidays of two
/// calendars, `de` (the organisation's, `maturity init --holiday-calendar de`) and `us` (people in the
/// Americas name it in `people.csv`; people elsewhere outside Germany name `none`).
enum DaysOffWriter {
    static let timeOffHeader = ["person", "start", "end", "kind"]
    static let holidayHeader = ["calendar", "date", "name"]

    /// The organisation's calendar: the sample's `init --holiday-calendar`.
    static let organisationCalendar = "de"

    /// The `holiday_calendar` cell of a person's directory row: empty (the organisation's) in Germany, `us` in the
    /// Americas, `none` elsewhere.
    static func calendarCell(zone: String) -> String {
        if zone == SampleGenerator.organisationTimeZone { return "" }
        return zone.hasPrefix("America/") ? "us" : "none"
    }

    /// One row per run of consecutive away weeks: Monday of the first to Sunday of the last (the person's
    /// local dates; weekends in the range change nothing). Some rows name the person by e-mail address.
    static func writeTimeOff(_ organisation: SampleOrganisation, to writer: inout CSVFileWriter,
                             seed: UInt64) throws(SampleError) {
        var random = SampleRandom(seed: seed, stream: 11)
        let weeks = organisation.timeline.weeks
        for person in organisation.people where !person.isBot {
            var week = 0
            while week < person.away.count {
                guard person.away[week] else { week += 1; continue }
                var last = week
                while last + 1 < person.away.count && person.away[last + 1] { last += 1 }
                let first = LocalDate(daysSinceEpoch: weeks[week].monday)
                let end = LocalDate(daysSinceEpoch: weeks[last].monday + 6)
                writer.field(person.email != nil && random.chance(0.3) ? person.email! : person.id)
                writer.field(first.description)
                writer.field(end.description)
                writer.field(random.chance(0.85) ? "vacation" : "parental")
                try writer.endRow()
                week = last + 1
            }
        }
    }

    /// The holidays of both calendars in the years the sample spans.
    static func writeHolidays(_ organisation: SampleOrganisation, to writer: inout CSVFileWriter) throws(SampleError) {
        let firstYear = LocalDate(daysSinceEpoch: organisation.timeline.quarterStarts[0]).year
        let lastYear = LocalDate(daysSinceEpoch: organisation.timeline.quarterStarts.last! - 1).year
        for (calendar, days) in [("de", germany), ("us", unitedStates)] {
            for year in firstYear...lastYear {
                for (date, name) in days(year) {
                    writer.field(calendar)
                    writer.field(date.description)
                    writer.field(name)
                    try writer.endRow()
                }
            }
        }
    }

    /// Easter Sunday (the anonymous Gregorian algorithm).
    static func easter(_ year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)
    }

    /// Germany's nationwide public holidays.
    static func germany(_ year: Int) -> [(LocalDate, String)] {
        let sunday = easter(year)
        return [
            (LocalDate(year: year, month: 1, day: 1), "Neujahr"),
            (sunday.adding(days: -2), "Karfreitag"),
            (sunday.adding(days: 1), "Ostermontag"),
            (LocalDate(year: year, month: 5, day: 1), "Tag der Arbeit"),
            (sunday.adding(days: 39), "Christi Himmelfahrt"),
            (sunday.adding(days: 50), "Pfingstmontag"),
            (LocalDate(year: year, month: 10, day: 3), "Tag der Deutschen Einheit"),
            (LocalDate(year: year, month: 12, day: 25), "1. Weihnachtstag"),
            (LocalDate(year: year, month: 12, day: 26), "2. Weihnachtstag"),
        ]
    }

    /// The n-th (1-based; 5 = last) given weekday (ISO, Monday 1) of a month.
    static func nth(_ n: Int, _ weekday: Int, month: Int, year: Int) -> LocalDate {
        let first = LocalDate(year: year, month: month, day: 1)
        let offset = (weekday - Weekday(daysSinceEpoch: first.daysSinceEpoch).rawValue + 7) % 7
        var date = first.adding(days: offset + 7 * (n - 1))
        while date.month != month { date = date.adding(days: -7) }
        return date
    }

    /// The United States' federal holidays (on their dates, not the observed weekdays).
    static func unitedStates(_ year: Int) -> [(LocalDate, String)] {
        [
            (LocalDate(year: year, month: 1, day: 1), "New Year's Day"),
            (nth(3, 1, month: 1, year: year), "Martin Luther King Jr. Day"),
            (nth(3, 1, month: 2, year: year), "Presidents' Day"),
            (nth(5, 1, month: 5, year: year), "Memorial Day"),
            (LocalDate(year: year, month: 6, day: 19), "Juneteenth"),
            (LocalDate(year: year, month: 7, day: 4), "Independence Day"),
            (nth(1, 1, month: 9, year: year), "Labor Day"),
            (nth(4, 4, month: 11, year: year), "Thanksgiving"),
            (LocalDate(year: year, month: 12, day: 25), "Christmas Day"),
        ]
    }
}
