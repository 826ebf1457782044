import Foundation
import Testing
import MaturityReport

@Suite("Formatting")
struct FormattingTests {
    @Test("full precision without exponent", arguments: [
        (0.1, "0.1"), (20.0, "20.0"), (100.0, "100.0"), (2.8494444444444444, "2.8494444444444444"),
        (1e-05, "0.00001"), (1.5e-07, "0.00000015"), (-2.5e-05, "-0.000025"), (0.0001, "0.0001"),
        (1e16, "10000000000000000.0"), (1.2345e20, "123450000000000000000.0"), (-0.0, "0.0"), (0.0, "0.0"),
        (12.350000000000009, "12.350000000000009"),
        (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"),
    ])
    func plainDecimal(value: Double, expected: String) {
        #expect(Formatting.plainDecimal(value) == expected)
        #expect(Formatting.plainDecimal(value).flatMap(Double.init) == value)
    }

    @Test("compact numbers drop the .0 of whole numbers")
    func compact() {
        #expect(Formatting.compact(20) == "20")
        #expect(Formatting.compact(0.5) == "0.5")
        #expect(Formatting.compact(1e-05) == "0.00001")
        #expect(Formatting.compact(.nan) == "-")
    }

    @Test("no number for NaN and infinities")
    func plainDecimalNonFinite() {
        #expect(Formatting.plainDecimal(.nan) == nil)
        #expect(Formatting.plainDecimal(.infinity) == nil)
        #expect(Formatting.plainDecimal(-.infinity) == nil)
    }

    @Test("display rounding is half away from zero and never -0.0", arguments: [
        (79.996, 1, "80.0"), (2.8494444444444444, 1, "2.8"), (2.85, 1, "2.9"), (0.25, 1, "0.3"), (-0.25, 1, "-0.3"),
        (-0.04, 1, "0.0"), (7, 1, "7.0"), (0.05, 0, "0"), (0.5, 0, "1"), (123.4567, 2, "123.46"), (0.001, 2, "0.00"),
    ])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(Formatting.fixed(value, decimals: decimals) == expected)
    }

    @Test("units follow the metric names: rates, hours")
    func units() {
        let rates = [
            "response_latency.within_one_workday", "response_latency.answered_rate", "response_latency.instant_share",
            "meeting_load.mean_share", "meeting_load.overloaded_share", "meeting_load.after_hours_share",
            "meeting_load.large_share", "meeting_load.recurring_share", "meeting_load.status_share",
            "focus_time.share", "focus_time.fragmented_share", "focus_time.meeting_free_day_share",
            "after_hours.message_share", "documentation.task_description_rate",
            "documentation.task_acceptance_rate", "documentation.task_link_rate",
            "documentation.meeting_agenda_rate", "documentation.meeting_notes_rate",
            "documentation.open_channel_share", "ownership.single_owner_rate", "ownership.unowned_rate",
            "ownership.due_date_rate", "ownership.reassigned_rate", "ownership.stale_rate",
        ]
        let hours = [
            "response_latency.median_hours", "response_latency.p90_hours", "response_latency.median_working_hours",
            "meeting_load.median_hours_per_week", "meeting_load.p90_hours_per_week",
            "meeting_load.conflict_hours_per_week", "focus_time.median_hours_per_week",
            "time_zones.team_overlap_hours", "time_zones.coverage_hours", "ownership.median_hours_to_owner",
        ]
        #expect(rates.count + hours.count == 34)
        for name in rates { #expect(Formatting.unit(of: name) == .rate, "\(name)") }
        for name in hours { #expect(Formatting.unit(of: name) == .hours, "\(name)") }
        #expect(Formatting.unit(of: "score.overall") == .number)
    }

    @Test("display values: hours with one decimal, rates as percentages, - when undefined")
    func displayValues() {
        #expect(Formatting.displayValue(2.8494444444444444, unit: .hours) == "2.8 h")
        #expect(Formatting.displayValue(0.7745358090185677, unit: .rate) == "77.5%")
        #expect(Formatting.displayValue(0.00001, unit: .rate) == "0.0%")
        #expect(Formatting.displayValue(1, unit: .rate) == "100.0%")
        #expect(Formatting.displayValue(nil, unit: .hours) == "-")
        #expect(Formatting.displayValue(.nan, unit: .rate) == "-")
        #expect(Formatting.displayScore(79.996) == "80.0")
        #expect(Formatting.displayScore(nil) == "-")
    }

    @Test("changes: arrow, signed delta, better or worse by the rubric direction")
    func changes() {
        #expect(Formatting.change(from: 0.70, to: 0.7745358090185677, unit: .rate, higherIsBetter: true)
            == "↑ +7.5 pp better")
        #expect(Formatting.change(from: 0.2, to: 0.14893617021276595, unit: .rate, higherIsBetter: false)
            == "↓ -5.1 pp better")
        #expect(Formatting.change(from: 4, to: 5.25, unit: .hours, higherIsBetter: false) == "↑ +1.3 h worse")
        #expect(Formatting.change(from: 3.1, to: 2.8494444444444444, unit: .hours) == "↓ -0.3 h")
        #expect(Formatting.change(from: 0.5, to: 0.5004, unit: .rate, higherIsBetter: true) == "→ 0.0 pp")
        #expect(Formatting.change(from: 65.4, to: 58, unit: .number) == "↓ -7.4")
        #expect(Formatting.change(from: nil, to: 3, unit: .hours) == "-")
        #expect(Formatting.change(from: 3, to: nil, unit: .hours) == "-")
    }

    @Test("terminal-safe text replaces control characters and bidirectional overrides")
    func terminalSafe() {
        #expect(Formatting.terminalSafe("team\u{1B}[31mred\u{07}") == "team\u{FFFD}[31mred\u{FFFD}")
        #expect(Formatting.terminalSafe("a\u{202E}b\u{2066}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(Formatting.terminalSafe("Équipe 東京 =x") == "Équipe 東京 =x")
    }
}
