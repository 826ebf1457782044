import Foundation
import MaturityCore

/// Days off (metrics v2, section 0 "Days off"): which holiday calendar a person uses, and the set of local dates
/// their time off and that calendar give them.
public enum DaysOff {
    /// The directory value that means "no calendar", not the organisation's.
    public static let none = "none"

    /// The calendar a person uses: the directory's `holiday_calendar` (trimmed), else the organisation's setting;
    /// nil for no calendar (the directory value `none`, or neither set).
    public static func calendar(directory: String?, organisation: OrganisationSettings) -> String? {
        let own = directory.map { TextRules.trim($0) } ?? ""
        if own.utf8.elementsEqual(none.utf8) { return nil }
        if !own.isEmpty { return own }
        let fallback = organisation.holidayCalendar.map { TextRules.trim($0) } ?? ""
        return fallback.isEmpty ? nil : fallback
    }

    /// The day numbers (`LocalDate.daysSinceEpoch`) of the dates off: every date of every time-off range, both
    /// ends included, and the calendar's holidays. Overlapping ranges count once.
    public static func days(timeOff: [(first: LocalDate, last: LocalDate)], holidays: Set<Int>) -> Set<Int> {
        var days = holidays
        for range in timeOff {
            let first = range.first.daysSinceEpoch, last = range.last.daysSinceEpoch
            guard first <= last else { continue }
            for day in first...last { days.insert(day) }
        }
        return days
    }
}
