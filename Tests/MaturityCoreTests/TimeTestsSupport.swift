import Foundation
@testable import MaturityCore

/// Zones and an independent oracle (Foundation's UTC calendar) for the time tests.
enum TimeFixture {
    static let utcZone = zone("UTC")
    static let berlin = zone("Europe/Berlin")
    static let london = zone("Europe/London")
    static let kolkata = zone("Asia/Kolkata")
    static let losAngeles = zone("America/Los_Angeles")
    static let newYork = zone("America/New_York")
    static let sydney = zone("Australia/Sydney")
    static let riyadh = zone("Asia/Riyadh")
    static let jerusalem = zone("Asia/Jerusalem")

    static let hour: Int64 = 3_600_000
    static let minute: Int64 = 60_000

    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else { fatalError("test zone \(identifier) is unknown") }
        return zone
    }

    /// The instant of a UTC wall time, computed by Foundation (independent of the code under test).
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
                    _ millisecond: Int = 0) -> Instant {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utcZone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute,
                                        second: second)
        guard let date = calendar.date(from: components) else { fatalError("bad test date") }
        return Int64(date.timeIntervalSince1970) * 1000 + Int64(millisecond)
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: day)
    }

    /// Hours as milliseconds (exact for quarter hours and the like).
    static func hours(_ value: Double) -> Int64 { Int64((value * 3_600_000).rounded()) }

    /// The error a parse throws, or nil when it succeeds.
    static func timestampError(_ text: String, zone: TimeZone? = nil) -> TimestampError? {
        do {
            _ = try Timestamp.parse(text, zone: zone)
            return nil
        } catch {
            return error
        }
    }

    static func scheduleError(_ body: () throws(ScheduleError) -> Void) -> ScheduleError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    static func periodError(_ body: () throws(PeriodError) -> Void) -> PeriodError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    /// Intersection of two sorted disjoint interval lists.
    static func intersect(_ lhs: [(start: Instant, end: Instant)],
                          _ rhs: [(start: Instant, end: Instant)]) -> [(start: Instant, end: Instant)] {
        var result: [(start: Instant, end: Instant)] = []
        for left in lhs {
            for right in rhs {
                let start = max(left.start, right.start), end = min(left.end, right.end)
                if start < end { result.append((start, end)) }
            }
        }
        return result.sorted { $0.start < $1.start }
    }

    /// The total length of the union of intervals.
    static func unionLength(_ intervals: [(start: Instant, end: Instant)]) -> Int64 {
        var total: Int64 = 0
        var covered: Instant = .min
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            let start = max(interval.start, covered)
            if interval.end > start { total += interval.end - start }
            covered = max(covered, interval.end)
        }
        return total
    }
}
