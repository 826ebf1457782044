import Foundation
import Testing
@testable import MaturityCore
import MaturityTestSupport

/// Working time W(p) and work(p, a, b) (metrics.md sections 0, 1, 3 and 4).
@Suite struct WorkCalendarTests {
    typealias F = TimeFixture
    let hour = TimeFixture.hour

    func calendar(_ zone: TimeZone, _ start: Int = 540, _ end: Int = 1020,
                  _ workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday],
                  from: Instant = TimeFixture.utc(2025, 12, 1),
                  to: Instant = TimeFixture.utc(2027, 2, 1)) -> WorkCalendar {
        WorkCalendar(schedule: WorkSchedule(timeZone: zone, start: start, end: end, workdays: workdays), from: from,
                     to: to)
    }

    func at(_ text: String, _ zone: TimeZone? = nil) throws -> Instant { try Timestamp.parse(text, zone: zone) }

    @Test func sundayHoursFollowDST() throws {
        // Sunday 01:00-09:00 in Europe/Berlin lasts 7 h on 29 March 2026 and 9 h on 25 October 2026.
        let sunday = calendar(F.berlin, 60, 540, [.sunday])
        let march = sunday.workdays(startingIn: F.utc(2026, 3, 28), F.utc(2026, 3, 30))
        #expect(march.map(\.date) == [F.date(2026, 3, 29)])
        #expect(march.first?.start == F.utc(2026, 3, 29, 0))
        #expect(march.first?.end == F.utc(2026, 3, 29, 7))
        #expect(march.first?.length == 7 * hour)
        #expect(sunday.work(F.utc(2026, 3, 28), F.utc(2026, 3, 30)) == 7 * hour)
        let october = sunday.workdays(startingIn: F.utc(2026, 10, 24), F.utc(2026, 10, 26))
        #expect(october.map(\.date) == [F.date(2026, 10, 25)])
        #expect(october.first?.start == F.utc(2026, 10, 24, 23))
        #expect(october.first?.end == F.utc(2026, 10, 25, 8))
        #expect(sunday.work(F.utc(2026, 10, 24), F.utc(2026, 10, 26)) == 9 * hour)
        #expect(sunday.schedule.nominalSeconds == 8 * 3600)
    }

    @Test func workingHoursAreHalfOpen() throws {
        let berlin = calendar(F.berlin)
        // Wednesday 11 February 2026, CET: 09:00 = 08:00Z, 17:00 = 16:00Z.
        #expect(berlin.contains(try at("2026-02-11T09:00:00+01:00")))
        #expect(!berlin.contains(try at("2026-02-11T08:59:59.999+01:00")))
        #expect(berlin.contains(try at("2026-02-11T16:59:59.999+01:00")))
        #expect(!berlin.contains(try at("2026-02-11T17:00:00+01:00")))
        #expect(!berlin.contains(try at("2026-02-14T12:00:00+01:00")))  // Saturday
        #expect(berlin.work(F.utc(2026, 2, 11), F.utc(2026, 2, 12)) == 8 * hour)
        #expect(berlin.work(F.utc(2026, 2, 11, 16), F.utc(2026, 2, 11, 16, 30)) == 0)
        #expect(berlin.work(F.utc(2026, 2, 11, 15, 59, 59, 999), F.utc(2026, 2, 11, 16, 30)) == 1)
        #expect(berlin.work(F.utc(2026, 2, 11, 12), F.utc(2026, 2, 11, 12)) == 0)
        #expect(berlin.work(F.utc(2026, 2, 11, 12), F.utc(2026, 2, 11, 10)) == 0)
        // A whole ISO week in winter: 5 × 8 h.
        #expect(berlin.work(F.utc(2026, 2, 8, 23), F.utc(2026, 2, 15, 23)) == 40 * hour)
    }

    @Test func hoursPastMidnightBelongToTheDayTheyStart() throws {
        // 22:00-06:00 Mon-Fri: Monday 22:00 to Tuesday 06:00; nominal 8 h.
        let night = calendar(F.berlin, 1320, 360)
        #expect(night.schedule.nominalSeconds == 8 * 3600)
        let monday = night.workdays(startingIn: try at("2026-01-05", F.berlin), try at("2026-01-06", F.berlin))
        #expect(monday.count == 1)
        #expect(monday.first?.date == F.date(2026, 1, 5))
        #expect(monday.first?.start == F.utc(2026, 1, 5, 21))
        #expect(monday.first?.end == F.utc(2026, 1, 6, 5))
        #expect(!night.contains(try at("2026-01-05T01:00", F.berlin)))  // would be Sunday's hours
        #expect(night.contains(try at("2026-01-06T05:59", F.berlin)))
        #expect(!night.contains(try at("2026-01-06T06:00", F.berlin)))
        #expect(night.contains(try at("2026-01-10T03:00", F.berlin)))  // Saturday morning: Friday's hours
        #expect(!night.contains(try at("2026-01-10T23:00", F.berlin)))  // Saturday night: not a workday
        #expect(!night.contains(try at("2026-01-04T23:00", F.berlin)))  // Sunday night
        // The ISO week Mon 5 - Sun 11 January: five nights of 8 h.
        #expect(night.work(try at("2026-01-05", F.berlin), try at("2026-01-12", F.berlin)) == 40 * hour)
    }

    @Test func equalHoursMeanTwentyFourHours() throws {
        let always = calendar(F.berlin, 540, 540)
        #expect(always.schedule.nominalSeconds == 24 * 3600)
        let week = always.workdays(startingIn: F.utc(2026, 1, 5), F.utc(2026, 1, 12))
        #expect(week.map(\.date) == (5...9).map { F.date(2026, 1, $0) })
        #expect(week.allSatisfy { $0.length == 24 * hour })
        // Consecutive workdays touch; the union is one interval, Monday 09:00 to Saturday 09:00.
        let union = always.intervals(overlapping: F.utc(2026, 1, 5), F.utc(2026, 1, 12))
        #expect(union.count == 1)
        #expect(union.first?.start == F.utc(2026, 1, 5, 8))
        #expect(union.first?.end == F.utc(2026, 1, 10, 8))
        #expect(always.work(F.utc(2026, 1, 5), F.utc(2026, 1, 12)) == 120 * hour)
        #expect(!always.contains(try at("2026-01-05T08:59:59.999", F.berlin)))
        #expect(always.contains(try at("2026-01-10T08:59:59.999", F.berlin)))
        #expect(!always.contains(try at("2026-01-10T09:00", F.berlin)))
    }

    @Test func requestAnsweredAcrossAWeekend() throws {
        // Friday 16:30 -> Monday 09:15, Berlin 09:00-17:00: wall 64.75 h, working 0.75 h.
        let berlin = calendar(F.berlin)
        let request = try at("2026-01-09T16:30:00+01:00"), response = try at("2026-01-12T09:15:00+01:00")
        #expect(response - request == F.hours(64.75))
        #expect(berlin.work(request, response) == F.hours(0.75))
    }

    @Test func requestAnsweredAcrossANight() throws {
        let berlin = calendar(F.berlin)
        let request = try at("2026-01-13T16:00", F.berlin), response = try at("2026-01-14T10:00", F.berlin)
        #expect(response - request == 18 * hour)
        #expect(berlin.work(request, response) == 2 * hour)
    }

    @Test func requestAnsweredAcrossDSTSwitches() throws {
        let berlin = calendar(F.berlin)
        // Spring: Friday 27 March 16:00 CET (15:00Z) -> Monday 30 March 10:00 CEST (08:00Z).
        let springRequest = try at("2026-03-27T16:00", F.berlin), springResponse = try at("2026-03-30T10:00", F.berlin)
        #expect(springRequest == F.utc(2026, 3, 27, 15) && springResponse == F.utc(2026, 3, 30, 8))
        #expect(springResponse - springRequest == 65 * hour)
        #expect(berlin.work(springRequest, springResponse) == 2 * hour)
        // Autumn: Friday 23 October 16:00 CEST (14:00Z) -> Monday 26 October 10:00 CET (09:00Z).
        let autumnRequest = try at("2026-10-23T16:00", F.berlin), autumnResponse = try at("2026-10-26T10:00", F.berlin)
        #expect(autumnResponse - autumnRequest == 67 * hour)
        #expect(berlin.work(autumnRequest, autumnResponse) == 2 * hour)
        // Around the clock every day: the weekend of 28-29 March has 47 working hours.
        let always = calendar(F.berlin, 0, 0, Set(Weekday.allCases))
        #expect(always.work(try at("2026-03-28", F.berlin), try at("2026-03-30", F.berlin)) == 47 * hour)
        #expect(always.work(try at("2026-10-24", F.berlin), try at("2026-10-26", F.berlin)) == 49 * hour)
    }

    @Test func sundayToThursdayWorkweek() throws {
        // Asia/Riyadh (UTC+3, no DST): Thursday 8 January 16:00 -> Sunday 11 January 10:00.
        let riyadh = calendar(F.riyadh, 540, 1020, [.sunday, .monday, .tuesday, .wednesday, .thursday])
        let request = try at("2026-01-08T16:00", F.riyadh), response = try at("2026-01-11T10:00", F.riyadh)
        #expect(request == F.utc(2026, 1, 8, 13) && response == F.utc(2026, 1, 11, 7))
        #expect(response - request == 66 * hour)
        #expect(riyadh.work(request, response) == 2 * hour)
        #expect(!riyadh.contains(try at("2026-01-09T12:00", F.riyadh)))  // Friday
        #expect(!riyadh.contains(try at("2026-01-10T12:00", F.riyadh)))  // Saturday
        #expect(riyadh.contains(try at("2026-01-11T12:00", F.riyadh)))   // Sunday
        // Asia/Jerusalem across its switch to summer time on Friday 27 March 2026 (02:00 -> 03:00):
        // Thursday 26 March 16:00 IST (14:00Z) -> Sunday 29 March 10:00 IDT (07:00Z).
        let jerusalem = calendar(F.jerusalem, 540, 1020, [.sunday, .monday, .tuesday, .wednesday, .thursday])
        let before = try at("2026-03-26T16:00", F.jerusalem), after = try at("2026-03-29T10:00", F.jerusalem)
        #expect(before == F.utc(2026, 3, 26, 14) && after == F.utc(2026, 3, 29, 7))
        #expect(after - before == 65 * hour)
        #expect(jerusalem.work(before, after) == 2 * hour)
        #expect(jerusalem.workdays(startingIn: before, after).map(\.date) == [F.date(2026, 3, 29)])
    }

    @Test func halfHourZone() throws {
        // Asia/Kolkata (+05:30): 09:00-17:00 IST is 03:30Z-11:30Z.
        let kolkata = calendar(F.kolkata)
        let monday = kolkata.workdays(startingIn: F.utc(2026, 1, 5), F.utc(2026, 1, 6))
        #expect(monday.first?.start == F.utc(2026, 1, 5, 3, 30) && monday.first?.end == F.utc(2026, 1, 5, 11, 30))
        let request = try at("2026-01-05T16:30", F.kolkata), response = try at("2026-01-06T09:30", F.kolkata)
        #expect(request == F.utc(2026, 1, 5, 11) && response == F.utc(2026, 1, 6, 4))
        #expect(response - request == 17 * hour)
        #expect(kolkata.work(request, response) == 1 * hour)
    }

    @Test func teamOverlapAndCoverageOnTheReferenceDay() throws {
        // Berlin, London and Kolkata (09:00-17:00 each) on 11 February 2026:
        // overlap 09:00Z-11:30Z = 2.5 h, coverage 03:30Z-17:00Z = 13.5 h.
        let day = Period.quarter(containing: F.utc(2026, 2, 1), zone: F.berlin).referenceDay
        #expect(day.start == F.utc(2026, 2, 11) && day.end == F.utc(2026, 2, 12))
        let members = [F.berlin, F.london, F.kolkata].map {
            WorkCalendar(schedule: WorkSchedule(timeZone: $0), from: day.start, to: day.end)
        }
        let intervals = members.map { $0.intervals(overlapping: day.start, day.end) }
        #expect(intervals[0].map(\.start) == [F.utc(2026, 2, 11, 8)])
        #expect(intervals[0].map(\.end) == [F.utc(2026, 2, 11, 16)])
        #expect(intervals[1].map(\.start) == [F.utc(2026, 2, 11, 9)])
        #expect(intervals[1].map(\.end) == [F.utc(2026, 2, 11, 17)])
        #expect(intervals[2].map(\.start) == [F.utc(2026, 2, 11, 3, 30)])
        let overlap = intervals.dropFirst().reduce(intervals[0]) { F.intersect($0, $1) }
        #expect(overlap.map(\.start) == [F.utc(2026, 2, 11, 9)] && overlap.map(\.end) == [F.utc(2026, 2, 11, 11, 30)])
        #expect(F.unionLength(overlap) == F.hours(2.5))
        #expect(F.unionLength(intervals.flatMap { $0 }) == F.hours(13.5))
    }

    @Test func censoringThresholdAcrossTheClockChange() throws {
        // The last message is at 2 April 2026 12:00 CEST (10:00Z); 168 h earlier is 26 March 10:00Z = 11:00 CET.
        let last = try at("2026-04-02T12:00", F.berlin)
        #expect(last == F.utc(2026, 4, 2, 10))
        let threshold = last - 168 * hour
        #expect(threshold == F.utc(2026, 3, 26, 10))
        #expect(threshold == (try at("2026-03-26T11:00", F.berlin)))
        #expect(threshold != (try at("2026-03-26T12:00", F.berlin)))
        func censored(_ request: Instant) -> Bool { last - request < 168 * hour }
        #expect(!censored(try at("2026-03-26T11:00:00", F.berlin)))
        #expect(censored(try at("2026-03-26T11:00:00.001", F.berlin)))
    }

    @Test func workdayBelongsToTheWeekAndPeriodWhereItStarts() throws {
        // Los Angeles 09:00-17:00 on Tuesday 31 March 2026 is 18:00 Tuesday to 02:00 Wednesday in Berlin.
        let q1 = try Period.quarter("2026Q1", zone: F.berlin)
        let q2 = try Period.quarter("2026Q2", zone: F.berlin)
        let losAngeles = calendar(F.losAngeles, from: q1.start, to: q2.end)
        let inQ1 = losAngeles.workdays(startingIn: q1.start, q1.end)
        let lastOfQ1 = try #require(inQ1.last)
        #expect(lastOfQ1.date == F.date(2026, 3, 31))
        #expect(lastOfQ1.start == (try at("2026-03-31T18:00", F.berlin)))
        #expect(lastOfQ1.end == (try at("2026-04-01T02:00", F.berlin)))
        #expect(lastOfQ1.end > q1.end)
        #expect(Period.weekLabel(of: lastOfQ1.start, zone: F.berlin) == "2026-W14")
        #expect(q1.week(containing: lastOfQ1.start)?.label == "2026-W14")
        #expect(losAngeles.workdays(startingIn: q2.start, q2.end).first?.date == F.date(2026, 4, 1))
        // A Sydney Monday that starts at 23:00 Sunday Berlin time belongs to the week before.
        let sydney = calendar(F.sydney)
        let monday = try #require(sydney.workdays(startingIn: F.utc(2026, 1, 11), F.utc(2026, 1, 12)).first)
        #expect(monday.date == F.date(2026, 1, 12))
        #expect(monday.start == (try at("2026-01-11T23:00", F.berlin)))
        #expect(Period.weekLabel(of: monday.start, zone: F.berlin) == "2026-W02")
        #expect(F.date(2026, 1, 12).isoWeekLabel == "2026-W03")
    }

    @Test func overlappingWorkdaysCountOnce() throws {
        // 03:00-02:30 every day in Berlin: Saturday 28 March's hours end at Sunday 02:30, which does not exist and
        // becomes 03:30 CEST (01:30Z), while Sunday's hours start at 03:00 CEST (01:00Z): the days overlap by 30 min.
        let odd = calendar(F.berlin, 180, 150, Set(Weekday.allCases))
        let days = odd.workdays(startingIn: F.utc(2026, 3, 27), F.utc(2026, 3, 30))
        #expect(days.map(\.start) == [F.utc(2026, 3, 27, 2), F.utc(2026, 3, 28, 2), F.utc(2026, 3, 29, 1)])
        #expect(days.map(\.end) == [F.utc(2026, 3, 28, 1, 30), F.utc(2026, 3, 29, 1, 30), F.utc(2026, 3, 30, 0, 30)])
        #expect(odd.work(F.utc(2026, 3, 28), F.utc(2026, 3, 30)) == F.hours(47.5))
        #expect(odd.contains(F.utc(2026, 3, 29, 1, 15)))
        let union = odd.intervals(overlapping: F.utc(2026, 3, 28), F.utc(2026, 3, 30))
        #expect(union.map(\.start) == [F.utc(2026, 3, 28), F.utc(2026, 3, 28, 2)])
        #expect(union.map(\.end) == [F.utc(2026, 3, 28, 1, 30), F.utc(2026, 3, 30)])
        // Hours inside the gap move forward with it: 02:15-02:45 on 29 March is 03:15-03:45 CEST.
        let inGap = calendar(F.berlin, 135, 165, [.sunday])
        #expect(inGap.work(F.utc(2026, 3, 28), F.utc(2026, 3, 30)) == 30 * TimeFixture.minute)
        #expect(inGap.workdays.first { $0.date == F.date(2026, 3, 29) }?.start == F.utc(2026, 3, 29, 1, 15))
        // 02:30-03:00 on 29 March would end (03:00 CEST = 01:00Z) before it starts (03:30 CEST = 01:30Z): empty.
        let gap = calendar(F.berlin, 150, 180, [.sunday])
        let sunday = WorkCalendar.workday(on: F.date(2026, 3, 29), schedule: gap.schedule)
        #expect(sunday.start == F.utc(2026, 3, 29, 1, 30))
        #expect(sunday.length == 0)
        // v2: a workday whose hours are empty counts nowhere: the calendar holds no workday for it.
        #expect(gap.workdays(startingIn: F.utc(2026, 3, 28), F.utc(2026, 3, 30)).isEmpty)
        #expect(gap.workdays.first { $0.date == F.date(2026, 4, 5) }?.length == 30 * TimeFixture.minute)
        #expect(gap.work(F.utc(2026, 3, 28), F.utc(2026, 3, 30)) == 0)
        #expect(!gap.contains(sunday.start))
    }

    @Test func spanLimitsTheCalendar() throws {
        let january = calendar(F.berlin, from: F.utc(2026, 1, 1), to: F.utc(2026, 2, 1))
        #expect(january.workdays.first?.date == F.date(2026, 1, 1))
        #expect(january.workdays.last?.date == F.date(2026, 1, 30))
        #expect(january.workdays.count == 22)
        #expect(!january.contains(try at("2026-02-02T10:00", F.berlin)))
        #expect(january.work(F.utc(2026, 2, 2), F.utc(2026, 2, 7)) == 0)
        #expect(calendar(F.berlin, from: F.utc(2026, 1, 2), to: F.utc(2026, 1, 2)).workdays.isEmpty)
        #expect(calendar(F.berlin, from: F.utc(2026, 1, 3), to: F.utc(2026, 1, 2)).workdays.isEmpty)
        #expect(calendar(F.berlin, 540, 1020, [], from: F.utc(2026, 1, 1), to: F.utc(2026, 2, 1)).workdays.isEmpty)
        // A workday that starts before the span and ends inside it is included.
        let night = calendar(F.berlin, 1320, 360, from: F.utc(2026, 1, 6, 2), to: F.utc(2026, 1, 6, 3))
        #expect(night.workdays.map(\.date) == [F.date(2026, 1, 5)])
        #expect(night.work(F.utc(2026, 1, 5, 21), F.utc(2026, 1, 6, 5)) == 8 * hour)
        #expect(night.workdays(startingIn: F.utc(2026, 1, 5), F.utc(2026, 1, 5)).isEmpty)
    }

    /// work(), contains() and intervals() against a brute-force reading of the workdays, for many schedules.
    @Test func binarySearchAgreesWithBruteForce() {
        var random = SeededRandom(seed: 42)
        let zones = [F.berlin, F.kolkata, F.losAngeles, F.sydney, F.zone("Australia/Lord_Howe"), F.utcZone]
        let spanStart = F.utc(2026, 1, 1), spanEnd = F.utc(2026, 12, 31)
        for _ in 0..<60 {
            let zone = zones[Int(random.next() % UInt64(zones.count))]
            let start = Int(random.next() % 97) * 15, end = Int(random.next() % 97) * 15
            let days = Set(Weekday.allCases.filter { _ in random.next() % 2 == 0 })
            let subject = WorkCalendar(schedule: WorkSchedule(timeZone: zone, start: start, end: end, workdays: days),
                                       from: spanStart, to: spanEnd)
            let pieces = subject.workdays.map { (start: $0.start, end: $0.end) }
            for _ in 0..<40 {
                let a = spanStart + Int64(random.next() % UInt64(spanEnd - spanStart))
                let b = a + Int64(random.next() % UInt64(20 * 24 * hour))
                let clipped = pieces.compactMap { piece -> (start: Instant, end: Instant)? in
                    let from = max(a, piece.start), to = min(b, piece.end)
                    return from < to ? (from, to) : nil
                }
                #expect(subject.work(a, b) == F.unionLength(clipped))
                let merged = subject.intervals(overlapping: a, b)
                #expect(merged.reduce(0) { $0 + $1.end - $1.start } == F.unionLength(clipped))
                #expect(zip(merged, merged.dropFirst()).allSatisfy { $0.end < $1.start })
                #expect(subject.contains(a) == pieces.contains { $0.start <= a && a < $0.end })
                let boundary = pieces.isEmpty ? a : pieces[Int(random.next() % UInt64(pieces.count))].end
                #expect(subject.contains(boundary) == pieces.contains { $0.start <= boundary && boundary < $0.end })
            }
            // Every workday is a working day whose hours start at the schedule's local start time (unless in a gap).
            for workday in subject.workdays {
                #expect(days.contains(workday.date.weekday))
                #expect(workday.start == LocalTime.instant(workday.date, minute: start, in: zone))
            }
        }
    }
}
