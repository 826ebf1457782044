import MaturityCore
import Testing

/// The public day-number arithmetic other modules (the sample generator) build on: `LocalDate(daysSinceEpoch:)`,
/// `LocalDate.daysSinceEpoch`, `Weekday(daysSinceEpoch:)` and `Int64.floorDivided(by:)`.
@Suite struct CivilArithmeticTests {
    @Test func datesAndDayNumbersRoundTrip() {
        #expect(LocalDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31).daysSinceEpoch == -1)
        #expect(LocalDate(year: 2024, month: 2, day: 29).daysSinceEpoch == 19_782)
        #expect(LocalDate(year: 2026, month: 4, day: 1).daysSinceEpoch == 20_544)
        #expect(LocalDate(daysSinceEpoch: 20_544) == LocalDate(year: 2026, month: 4, day: 1))
        #expect(LocalDate(daysSinceEpoch: 19_782) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(daysSinceEpoch: -1) == LocalDate(year: 1969, month: 12, day: 31))
    }

    @Test func weekdayOfADayNumber() {
        #expect(Weekday(daysSinceEpoch: 20_544) == .wednesday)  // 1 April 2026
        #expect(Weekday(daysSinceEpoch: -1) == .wednesday)  // 31 December 1969
        #expect(Weekday(daysSinceEpoch: 0) == .thursday)
        #expect(Weekday(daysSinceEpoch: -3) == .monday)
        #expect(Weekday(daysSinceEpoch: -4) == .sunday)
        // The same as the date's weekday, on both sides of the epoch and across a leap day.
        for days in [-800, -366, -7, -6, -2, 1, 2, 3, 19_781, 19_782, 19_783, 20_454] {
            #expect(Weekday(daysSinceEpoch: days) == LocalDate(daysSinceEpoch: days).weekday, "\(days)")
        }
    }

    @Test func floorDivisionRoundsTowardNegativeInfinity() {
        #expect(Int64(-1).floorDivided(by: 1_000) == -1)
        #expect(Int64(-1_000).floorDivided(by: 1_000) == -1)
        #expect(Int64(-1_001).floorDivided(by: 1_000) == -2)
        #expect(Int64(0).floorDivided(by: 1_000) == 0)
        #expect(Int64(999).floorDivided(by: 1_000) == 0)
        #expect(Int64(1_000).floorDivided(by: 1_000) == 1)
        #expect(Int64(7).floorDivided(by: -2) == -4)
        #expect(Int64(-7).floorDivided(by: -2) == 3)
        // One millisecond before the epoch is the last millisecond of 31 December 1969 (day -1).
        #expect(Int64(-1).floorDivided(by: 86_400_000) == -1)
        #expect(Int64(1_782_891_000_000).floorDivided(by: 86_400_000) == 20_635)
    }
}
