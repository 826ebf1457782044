import Foundation
import Testing
@testable import MaturityCore
import MaturityTestSupport

/// Timestamps (canonical-csv.md "Timestamps", metrics.md section 0 "Instants") and local times.
@Suite struct TimestampTests {
    typealias F = TimeFixture

    // 2026-07-01T07:30:00Z
    let july1At0730Z: Instant = 1_782_891_000_000

    @Test func oracleMatchesHandComputedEpochValues() {
        // 2026-01-01 is day 20454 since 1970-01-01 (56 years, 14 leap days).
        #expect(F.utc(2026, 1, 1) == 20_454 * 86_400_000)
        #expect(F.utc(2026, 7, 1, 7, 30) == july1At0730Z)
    }

    @Test func everyOffsetFormReadsTheSameInstant() throws {
        #expect(try Timestamp.parse("2026-07-01T09:30:00+02:00", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T09:30:00+0200", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T09:30:00+02", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T07:30:00Z", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T07:30Z", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01 07:30:00Z", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T02:00-05:30", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T13:00:00+05:30", zone: nil) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T07:30:00-00:00", zone: nil) == july1At0730Z)
        // An explicit offset wins over the zone.
        #expect(try Timestamp.parse("2026-07-01T07:30:00Z", zone: F.berlin) == july1At0730Z)
    }

    @Test func offsetsCrossDateBoundaries() throws {
        #expect(try Timestamp.parse("2026-01-01T00:30:00+01:00", zone: nil) == F.utc(2025, 12, 31, 23, 30))
        #expect(try Timestamp.parse("2025-12-31T20:00:00-05:00", zone: nil) == F.utc(2026, 1, 1, 1))
        #expect(try Timestamp.parse("2024-02-29T12:00:00Z", zone: nil) == F.utc(2024, 2, 29, 12))
        #expect(try Timestamp.parse("1969-12-31T23:59:59.999Z", zone: nil) == -1)
        #expect(try Timestamp.parse("2000-03-01T00:00:00Z", zone: nil) == 951_868_800_000)
    }

    @Test func fractionsAreTruncatedToTheMillisecond() throws {
        #expect(try Timestamp.parse("2026-07-01 07:30:00.250Z", zone: nil) == july1At0730Z + 250)
        #expect(try Timestamp.parse("2026-07-01T07:30:00,250Z", zone: nil) == july1At0730Z + 250)
        #expect(try Timestamp.parse("2026-07-01T07:30:00.5Z", zone: nil) == july1At0730Z + 500)
        #expect(try Timestamp.parse("2026-07-01T07:30:00.05Z", zone: nil) == july1At0730Z + 50)
        #expect(try Timestamp.parse("2026-07-01T07:30:00,123999999Z", zone: nil) == july1At0730Z + 123)
        #expect(try Timestamp.parse("2026-07-01T07:30:59.9999+00:00", zone: nil) == july1At0730Z + 59_999)
        #expect(try Timestamp.parse("2026-07-01T09:30:00.001+02:00", zone: nil) == july1At0730Z + 1)
    }

    @Test func valuesWithoutOffsetAreReadInTheGivenZone() throws {
        #expect(try Timestamp.parse("2026-07-01T09:30:00", zone: F.berlin) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01 09:30", zone: F.berlin) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T09:30:00.250", zone: F.berlin) == july1At0730Z + 250)
        #expect(try Timestamp.parse("2026-07-01T07:30", zone: F.utcZone) == july1At0730Z)
        #expect(try Timestamp.parse("2026-07-01T13:00", zone: F.kolkata) == july1At0730Z)
        // Spring-forward gap: moved forward by the gap; fall-back: the earlier instant.
        #expect(try Timestamp.parse("2026-03-29T02:30", zone: F.berlin) == F.utc(2026, 3, 29, 1, 30))
        #expect(try Timestamp.parse("2026-10-25 02:30:00", zone: F.berlin) == F.utc(2026, 10, 25, 0, 30))
    }

    @Test func bareDatesAreMidnight() throws {
        #expect(try Timestamp.parse("2026-07-01", zone: F.berlin) == F.utc(2026, 6, 30, 22))
        #expect(try Timestamp.parse("2026-07-01", zone: F.utcZone) == F.utc(2026, 7, 1))
        #expect(try Timestamp.parse("2026-01-15", zone: F.losAngeles) == F.utc(2026, 1, 15, 8))
        let error = F.timestampError("2026-07-01")
        #expect(error?.message.contains("--timezone") == true)
    }

    @Test func noOffsetWithoutZoneIsAnErrorNamingTheOption() {
        for text in ["2026-07-01T09:30:00", "2026-07-01 09:30", "2026-07-01T09:30:00.5"] {
            let error = F.timestampError(text)
            #expect(error != nil, "\(text)")
            #expect(error?.message.contains("pass --timezone") == true, "\(text)")
            #expect(error?.message.contains(text) == true, "\(text)")
        }
    }

    @Test(arguments: [
        "2026-W01-1", "2026-W01-1T09:00:00Z", "2026-w27-3",
        "20260701T093000Z", "20260701", "2026-07-01T093000Z",
        "2026-07-01T09:30:00Z garbage", "2026-07-01T09:30:00+02:00x", "2026-07-01T09:30:00ZZ",
        "2026-07-01T09:30:00+02:00:00", "2026-07-01T09:30:00+2", "2026-07-01T09:30:00+020",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-01-00T00:00:00Z", "2026-07-01T24:00:00Z", "2026-07-01T25:00:00Z", "2026-07-01T09:60:00Z",
        "2026-07-01T09:30:60Z", "2026-07-01T09:30:61Z", "2026-07-01T09:30:00+24:00", "2026-07-01T09:30:00+02:60",
        "2026-07-01T09:30:00.Z", "2026-07-01T09:30.5Z", "2026-07-01T9:30:00Z", "2026-7-1T09:30:00Z",
        "2026-07-01T09:30:0Z", "2026-07-01T09Z", "2026-07-01T", "2026-07-01Z", "2026-07-01 ",
        " 2026-07-01T09:30:00Z", "2026-07-01T09:30:00Z ", "2026-07-01t09:30:00Z", "2026-07-01_09:30:00Z",
        "", "2026", "26-07-01", "2026/07/01", "2026-07-01T09:30:00 +02:00", "garbage", "2026-182",
        "2026-07-01T09:30:00 UTC", "2026-07-01T09:30:00+02:00[Europe/Berlin]", "２０２６-07-01",
    ])
    func rejectsOtherForms(text: String) {
        let error = F.timestampError(text, zone: F.berlin)
        #expect(error != nil)
        #expect(error?.message.contains("expected YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with an offset") == true)
    }

    @Test func errorMessagesSayWhatIsWrong() {
        #expect(F.timestampError("2026-W01-1")?.message.contains("week date") == true)
        #expect(F.timestampError("20260701T093000Z")?.message.contains("basic format") == true)
        #expect(F.timestampError("2026-13-01T00:00Z")?.message.contains("month 13 out of range") == true)
        #expect(F.timestampError("2026-07-01T25:00Z")?.message.contains("hour 25 out of range") == true)
        #expect(F.timestampError("2026-02-29T00:00Z")?.message.contains("day 29 out of range (01-28)") == true)
        #expect(F.timestampError("2026-07-01T09:30:00Zjunk")?.message.contains("after the timestamp") == true)
        #expect(F.timestampError("2026-07-01X09:30")?.message.contains("unexpected 'X' at position 11") == true)
        #expect(F.timestampError("2026-07-01T09:3")?.message.contains("unexpected end of text") == true)
        let long = "2026-07-01T09:30:00Z" + String(repeating: "x", count: 200)
        let message = F.timestampError(long)?.message ?? ""
        #expect(message.count < 250)
    }

    @Test func substringAndBytePathsAgree() throws {
        let line = "m1,general,2026-07-01T09:30:00.250+02:00,tail"
        let fields = line.split(separator: ",")
        #expect(try Timestamp.parse(fields[2], zone: nil) == july1At0730Z + 250)
        #expect(throws: TimestampError.self) { try Timestamp.parse(fields[3], zone: nil) }
        var bytes = Array("2026-03-29 02:30".utf8)
        let instant = try bytes.withUnsafeMutableBufferPointer { buffer throws(TimestampError) in
            try Timestamp.parse(utf8: UnsafeBufferPointer(buffer), zone: F.berlin)
        }
        #expect(instant == F.utc(2026, 3, 29, 1, 30))
    }

    @Test func isDateAndHasOffset() {
        #expect(Timestamp.isDate("2026-01-05"))
        #expect(!Timestamp.isDate("2026-02-30"))
        #expect(!Timestamp.isDate("2026-01-05T00:00Z"))
        #expect(!Timestamp.isDate("2026-01-05 "))
        #expect(!Timestamp.isDate("2026-W01-1"))
        #expect(Timestamp.hasOffset("2026-01-05T00:00Z"))
        #expect(Timestamp.hasOffset("2026-01-05 00:00:00.123+0530"))
        #expect(Timestamp.hasOffset("2026-01-05T00:00-08"))
        #expect(!Timestamp.hasOffset("2026-01-05T00:00"))
        #expect(!Timestamp.hasOffset("2026-01-05"))
        #expect(!Timestamp.hasOffset("2026-01-05T00:00Zx"))
    }

    @Test func formatWritesUTCWithMilliseconds() throws {
        #expect(Timestamp.format(F.utc(2026, 2, 20, 7)) == "2026-02-20T07:00:00.000Z")
        #expect(Timestamp.format(1_771_570_800_000) == "2026-02-20T07:00:00.000Z")
        #expect(Timestamp.format(july1At0730Z + 5) == "2026-07-01T07:30:00.005Z")
        #expect(Timestamp.format(july1At0730Z + 59_999) == "2026-07-01T07:30:59.999Z")
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(-1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.format(F.utc(2024, 12, 31, 23, 59, 59, 90)) == "2024-12-31T23:59:59.090Z")
        var generator = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let instant = Int64(generator.next() % 4_000_000_000_000) - 100_000_000_000
            #expect(try Timestamp.parse(Timestamp.format(instant), zone: nil) == instant)
        }
    }
}

/// Local wall-clock times to instants (metrics.md section 0, "Local times").
@Suite struct LocalTimeTests {
    typealias F = TimeFixture

    @Test func berlinGapMovesForwardAndRepeatedTimeTakesTheEarlierInstant() {
        // 29 March 2026: 02:00 -> 03:00; 02:30 is read as 03:30 CEST = 01:30Z.
        #expect(LocalTime.instant(F.date(2026, 3, 29), minute: 150, in: F.berlin) == F.utc(2026, 3, 29, 1, 30))
        #expect(LocalTime.instant(F.date(2026, 3, 29), minute: 120, in: F.berlin) == F.utc(2026, 3, 29, 1))
        #expect(LocalTime.instant(F.date(2026, 3, 29), minute: 180, in: F.berlin) == F.utc(2026, 3, 29, 1))
        #expect(LocalTime.instant(F.date(2026, 3, 29), minute: 119, second: 59, millisecond: 999, in: F.berlin)
            == F.utc(2026, 3, 29, 0, 59, 59, 999))
        // 25 October 2026: 02:30 happens twice; the earlier is 02:30 CEST = 00:30Z.
        #expect(LocalTime.instant(F.date(2026, 10, 25), minute: 150, in: F.berlin) == F.utc(2026, 10, 25, 0, 30))
        #expect(LocalTime.instant(F.date(2026, 10, 25), minute: 180, in: F.berlin) == F.utc(2026, 10, 25, 2))
        #expect(LocalTime.instant(F.date(2026, 10, 25), minute: 120, in: F.berlin) == F.utc(2026, 10, 25, 0))
    }

    @Test func newYorkTransitions() {
        // 8 March 2026 02:30 does not exist: 03:30 EDT = 07:30Z. 1 November 2026 01:30 is first EDT = 05:30Z.
        #expect(LocalTime.instant(F.date(2026, 3, 8), minute: 150, in: F.newYork) == F.utc(2026, 3, 8, 7, 30))
        #expect(LocalTime.instant(F.date(2026, 11, 1), minute: 90, in: F.newYork) == F.utc(2026, 11, 1, 5, 30))
        #expect(LocalTime.instant(F.date(2026, 11, 1), minute: 120, in: F.newYork) == F.utc(2026, 11, 1, 7))
    }

    @Test func minute1440IsTheNextMidnight() {
        #expect(LocalTime.instant(F.date(2026, 1, 31), minute: 1440, in: F.berlin) == F.utc(2026, 1, 31, 23))
        #expect(LocalTime.instant(F.date(2026, 12, 31), minute: 1440, in: F.utcZone) == F.utc(2027, 1, 1))
        #expect(LocalTime.instant(F.date(2026, 1, 5), minute: 330, in: F.kolkata) == F.utc(2026, 1, 5))
    }

    /// The integer fast path must agree with Foundation's Calendar for every local time near transitions.
    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
                      "America/Havana", "Asia/Kathmandu", "Pacific/Apia", "America/Sao_Paulo", "Asia/Tehran",
                      "Europe/London", "Pacific/Chatham", "Africa/Casablanca", "Asia/Gaza"])
    func fastPathAgreesWithCalendar(identifier: String) {
        let zone = F.zone(identifier)
        var mismatches = 0, checkedNearTransitions = 0
        // Every 15 minutes over 2010-2027 near each transition (and a sample elsewhere).
        var local = Int64(F.utc(2010, 1, 1) / 1000)
        let end = Int64(F.utc(2027, 12, 31) / 1000)
        var transition = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(local)))
        while local < end {
            if let upcoming = transition, Int64(upcoming.timeIntervalSince1970) < local - 2 * 86_400 {
                transition = zone.nextDaylightSavingTimeTransition(after: upcoming)
                continue
            }
            let near = transition.map { abs(Int64($0.timeIntervalSince1970) - local) < 2 * 86_400 } ?? false
            if LocalTime.utcSeconds(ofLocalSeconds: local, in: zone)
                != LocalTime.calendarUTCSeconds(ofLocalSeconds: local, in: zone) {
                mismatches += 1
            }
            if near { checkedNearTransitions += 1 }
            local += near ? 900 : 86_400 * 3 + 3_600 * 7
        }
        #expect(mismatches == 0)
        #expect(checkedNearTransitions >= 3_000 || identifier == "Asia/Kathmandu")
    }
}

/// Calendar dates and ISO weeks.
@Suite struct LocalDateTests {
    typealias F = TimeFixture

    @Test func parseAndDescribe() {
        #expect(LocalDate.parse("2026-01-05") == F.date(2026, 1, 5))
        #expect(LocalDate.parse("2024-02-29") == F.date(2024, 2, 29))
        #expect(LocalDate.parse("2026-01-05")?.description == "2026-01-05")
        #expect(F.date(987, 3, 4).description == "0987-03-04")
        for text in ["2026-02-29", "2026-13-01", "2026-1-05", "2026-01-05 ", "2026-01-05T00:00", "", "2026-W01-1"] {
            #expect(LocalDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func arithmeticAndWeekdays() {
        #expect(F.date(2026, 1, 5).weekday == .monday)
        #expect(F.date(2026, 1, 1).weekday == .thursday)
        #expect(F.date(2026, 3, 29).weekday == .sunday)
        #expect(F.date(1970, 1, 1).weekday == .thursday)
        #expect(F.date(1969, 12, 28).weekday == .sunday)
        #expect(F.date(2026, 1, 1).adding(days: 45) == F.date(2026, 2, 15))
        #expect(F.date(2024, 2, 28).adding(days: 1) == F.date(2024, 2, 29))
        #expect(F.date(2026, 12, 31).adding(days: 1) == F.date(2027, 1, 1))
        #expect(F.date(2026, 3, 1).adding(days: -1) == F.date(2026, 2, 28))
        #expect(F.date(1970, 1, 1).adding(days: -1) == F.date(1969, 12, 31))
        #expect(F.date(2026, 1, 1).daysSinceEpoch == 20_454)
        #expect(F.date(2026, 1, 1).days(to: F.date(2026, 3, 31)) == 89)
        #expect(F.date(2026, 1, 5) < F.date(2026, 1, 6))
        #expect(F.date(2025, 12, 31) < F.date(2026, 1, 1))
        // Round trip through day numbers over four centuries.
        var days = Civil.days(year: 1900, month: 1, day: 1)
        var expected = F.date(1900, 1, 1)
        while expected.year < 2300 {
            #expect(LocalDate(daysSinceEpoch: days) == expected)
            days += 1
            if expected.day < Civil.daysInMonth(year: expected.year, month: expected.month) {
                expected = F.date(expected.year, expected.month, expected.day + 1)
            } else {
                expected = expected.month == 12 ? F.date(expected.year + 1, 1, 1)
                    : F.date(expected.year, expected.month + 1, 1)
            }
        }
    }

    @Test func dateOfAnInstantInAZone() {
        #expect(LocalDate.of(F.utc(2026, 1, 1, 23, 30), in: F.berlin) == F.date(2026, 1, 2))
        #expect(LocalDate.of(F.utc(2026, 1, 1, 23, 30), in: F.utcZone) == F.date(2026, 1, 1))
        #expect(LocalDate.of(F.utc(2026, 1, 2, 7, 59), in: F.losAngeles) == F.date(2026, 1, 1))
        #expect(LocalDate.of(F.utc(2026, 1, 1, 18, 30), in: F.kolkata) == F.date(2026, 1, 2))
        #expect(LocalDate.of(F.utc(2026, 1, 1, 18, 29, 59, 999), in: F.kolkata) == F.date(2026, 1, 1))
        #expect(LocalDate.of(-1, in: F.utcZone) == F.date(1969, 12, 31))
    }

    @Test func isoWeeks() {
        #expect(F.date(2026, 1, 1).isoWeekLabel == "2026-W01")
        #expect(F.date(2026, 1, 4).isoWeekLabel == "2026-W01")
        #expect(F.date(2025, 12, 29).isoWeekLabel == "2026-W01")
        #expect(F.date(2026, 1, 5).isoWeekLabel == "2026-W02")
        #expect(F.date(2026, 3, 31).isoWeekLabel == "2026-W14")
        #expect(F.date(2026, 12, 28).isoWeekLabel == "2026-W53")
        #expect(F.date(2027, 1, 1).isoWeekLabel == "2026-W53")
        #expect(F.date(2027, 1, 3).isoWeekLabel == "2026-W53")
        #expect(F.date(2027, 1, 4).isoWeekLabel == "2027-W01")
        #expect(F.date(2024, 12, 30).isoWeekLabel == "2025-W01")
        #expect(F.date(2021, 1, 3).isoWeekLabel == "2020-W53")
        #expect(F.date(2026, 1, 7).mondayOfWeek == F.date(2026, 1, 5))
        #expect(F.date(2026, 1, 11).mondayOfWeek == F.date(2026, 1, 5))
    }
}
