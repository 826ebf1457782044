import Foundation
import Testing
@testable import MaturityCore

/// Periods, ISO weeks and the reference day (metrics.md sections 0 and 4).
@Suite struct PeriodTests {
    typealias F = TimeFixture
    let hour = TimeFixture.hour

    @Test func quarterInTheOrganisationZone() throws {
        let q3 = try Period.quarter("2026Q3", zone: F.berlin)
        #expect(q3.label == "2026Q3")
        #expect(q3.isQuarter)
        #expect(q3.firstDate == F.date(2026, 7, 1) && q3.lastDate == F.date(2026, 9, 30))
        #expect(q3.start == F.utc(2026, 6, 30, 22) && q3.end == F.utc(2026, 9, 30, 22))
        #expect(q3.dayCount == 92)
        #expect(q3.timeZone == F.berlin)
        for spelling in ["2026-Q3", "2026q3", "2026-q3", " 2026Q3 "] {
            #expect(try Period.quarter(spelling, zone: F.berlin) == q3, "\(spelling)")
        }
        let q1 = try Period.quarter("2026Q1", zone: F.utcZone)
        #expect(q1.start == F.utc(2026, 1, 1) && q1.end == F.utc(2026, 4, 1))
        #expect(q1.dayCount == 90)
        let q4 = try Period.quarter("2026Q4", zone: F.losAngeles)
        #expect(q4.lastDate == F.date(2026, 12, 31))
        #expect(q4.start == F.utc(2026, 10, 1, 7) && q4.end == F.utc(2027, 1, 1, 8))
    }

    @Test func malformedQuarters() {
        for bad in ["2026Q5", "2026Q0", "26Q1", "2026Q", "2026", "Q3-2026", "2026Q3x", "2026 Q3", "2026/Q3", "",
                    "2026-03", "２０２６Q1"] {
            let error = F.periodError { () throws(PeriodError) in _ = try Period.quarter(bad, zone: F.berlin) }
            #expect(error?.message.contains("expected YYYYQn") == true, "\(bad)")
        }
    }

    @Test func dateRanges() throws {
        let range = try Period.range(from: "2026-01-05", to: "2026-02-01", zone: F.berlin)
        #expect(range.label == "2026-01-05..2026-02-01")
        #expect(!range.isQuarter)
        #expect(range.firstDate == F.date(2026, 1, 5) && range.lastDate == F.date(2026, 2, 1))
        #expect(range.start == F.utc(2026, 1, 4, 23) && range.end == F.utc(2026, 2, 1, 23))
        #expect(range.dayCount == 28)
        let oneDay = try Period.range(from: "2026-03-29", to: "2026-03-29", zone: F.berlin)
        #expect(oneDay.end - oneDay.start == 23 * hour)
        let backwards = F.periodError { () throws(PeriodError) in
            _ = try Period.range(from: "2026-02-01", to: "2026-01-05", zone: F.berlin)
        }
        #expect(backwards?.message == "--to 2026-01-05 is before --from 2026-02-01")
        let badFrom = F.periodError { () throws(PeriodError) in
            _ = try Period.range(from: "2026-02-30", to: "2026-03-05", zone: F.berlin)
        }
        #expect(badFrom?.message.contains("expected YYYY-MM-DD") == true)
        #expect(F.periodError { () throws(PeriodError) in
            _ = try Period.range(from: "2026-01-05", to: "5 Feb 2026", zone: F.berlin)
        } != nil)
    }

    @Test func previousPeriods() throws {
        let q1 = try Period.quarter("2026Q1", zone: F.berlin)
        let q4 = q1.previous()
        #expect(q4.label == "2025Q4" && q4.isQuarter)
        #expect(q4.firstDate == F.date(2025, 10, 1) && q4.lastDate == F.date(2025, 12, 31))
        #expect(q4.end == q1.start)
        let q2 = try Period.quarter("2026Q2", zone: F.berlin)
        #expect(try Period.quarter("2026Q3", zone: F.berlin).previous() == q2)
        let range = try Period.range(from: "2026-01-05", to: "2026-02-01", zone: F.berlin)
        let before = range.previous()
        #expect(before.label == "2025-12-08..2026-01-04")
        #expect(before.dayCount == 28 && !before.isQuarter)
        #expect(before.end == range.start)
    }

    @Test func quarterContainingAnInstant() {
        #expect(Period.quarter(containing: F.utc(2026, 3, 31, 22, 30), zone: F.berlin).label == "2026Q2")
        #expect(Period.quarter(containing: F.utc(2026, 3, 31, 21, 59, 59, 999), zone: F.berlin).label == "2026Q1")
        #expect(Period.quarter(containing: F.utc(2026, 3, 31, 22, 30), zone: F.utcZone).label == "2026Q1")
        #expect(Period.quarter(containing: F.utc(2027, 1, 1, 5), zone: F.losAngeles).label == "2026Q4")
    }

    @Test func weeksOfTheFirstQuarter() throws {
        let q1 = try Period.quarter("2026Q1", zone: F.berlin)
        let weeks = q1.weeks
        #expect(weeks.count == 14)
        let labels: [String] = ["2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06", "2026-W07",
                                "2026-W08", "2026-W09", "2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"]
        #expect(weeks.map(\.label) == labels)
        // 1-4 January 2026 is 2026-W01, clipped to the period.
        #expect(weeks[0].start == q1.start && weeks[0].start == F.utc(2025, 12, 31, 23))
        #expect(weeks[0].end == F.utc(2026, 1, 4, 23))
        // The week of the clock change has 167 hours.
        #expect(weeks[12].label == "2026-W13")
        #expect(weeks[12].start == F.utc(2026, 3, 22, 23) && weeks[12].end == F.utc(2026, 3, 29, 22))
        #expect(weeks[13].start == F.utc(2026, 3, 29, 22) && weeks[13].end == q1.end)
        for (earlier, later) in zip(weeks, weeks.dropFirst()) { #expect(earlier.end == later.start) }
    }

    @Test func weekFiftyThreeAcrossTheNewYear() throws {
        let q4 = try Period.quarter("2026Q4", zone: F.berlin)
        #expect(q4.weeks.count == 14)
        #expect(q4.weeks.first?.label == "2026-W40")
        #expect(q4.weeks.last?.label == "2026-W53")
        #expect(q4.weeks.last?.start == F.utc(2026, 12, 27, 23) && q4.weeks.last?.end == q4.end)
        // 1-3 January 2027 is 2026-W53.
        let q1 = try Period.quarter("2027Q1", zone: F.berlin)
        #expect(q1.weeks.first?.label == "2026-W53")
        #expect(q1.weeks.first?.start == F.utc(2026, 12, 31, 23) && q1.weeks.first?.end == F.utc(2027, 1, 3, 23))
        #expect(q1.weeks.dropFirst().first?.label == "2027-W01")
        #expect(Period.weekLabel(of: F.utc(2027, 1, 2, 12), zone: F.berlin) == "2026-W53")
    }

    @Test func weekOfAnInstant() throws {
        let q1 = try Period.quarter("2026Q1", zone: F.berlin)
        #expect(Period.weekLabel(of: F.utc(2026, 1, 4, 22, 59, 59, 999), zone: F.berlin) == "2026-W01")
        #expect(Period.weekLabel(of: F.utc(2026, 1, 4, 23), zone: F.berlin) == "2026-W02")
        #expect(Period.weekLabel(of: F.utc(2026, 1, 4, 23), zone: F.utcZone) == "2026-W01")
        #expect(q1.week(containing: q1.start)?.label == "2026-W01")
        #expect(q1.week(containing: F.utc(2026, 1, 4, 22, 59, 59, 999))?.label == "2026-W01")
        #expect(q1.week(containing: F.utc(2026, 1, 4, 23))?.label == "2026-W02")
        #expect(q1.week(containing: q1.end - 1)?.label == "2026-W14")
        #expect(q1.week(containing: q1.end - 1)?.end == q1.end)
        #expect(q1.week(containing: q1.end) == nil)
        #expect(q1.week(containing: q1.start - 1) == nil)
        #expect(q1.contains(q1.start) && q1.contains(q1.end - 1))
        #expect(!q1.contains(q1.end) && !q1.contains(q1.start - 1))
    }

    @Test func referenceDays() throws {
        // 2026Q1 has 90 days: 1 January + 45 = Sunday 15 February, so Wednesday 11 February 2026.
        let q1 = try Period.quarter("2026Q1", zone: F.berlin).referenceDay
        #expect(q1.start == F.utc(2026, 2, 11) && q1.end == F.utc(2026, 2, 12))
        let q3 = try Period.quarter("2026Q3", zone: F.berlin).referenceDay
        #expect(q3.start == F.utc(2026, 8, 12) && q3.end == F.utc(2026, 8, 13))
        // 2026Q2: 91 days, 1 April + 45 = Saturday 16 May -> Wednesday 13 May.
        #expect(try Period.quarter("2026Q2", zone: F.berlin).referenceDay.start == F.utc(2026, 5, 13))
        // 2026Q4: 92 days, 1 October + 46 = Monday 16 November -> Wednesday 18 November.
        #expect(try Period.quarter("2026Q4", zone: F.berlin).referenceDay.start == F.utc(2026, 11, 18))
        // A UTC day, whatever the organisation zone.
        #expect(try Period.quarter("2026Q1", zone: F.losAngeles).referenceDay.start == F.utc(2026, 2, 11))
        // 28 days from Monday 5 January: 5 + 14 = Monday 19 January -> Wednesday 21 January.
        let range = try Period.range(from: "2026-01-05", to: "2026-02-01", zone: F.berlin)
        #expect(range.referenceDay.start == F.utc(2026, 1, 21))
        #expect(try Period.range(from: "2026-01-05", to: "2026-01-05", zone: F.berlin).referenceDay.start
            == F.utc(2026, 1, 7))
    }
}
