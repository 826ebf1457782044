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

    @Test("changes: arrow, signed delta, better or worse by the metric's direction")
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

/// Terminal widths by Unicode East Asian Width, so tables with CJK, emoji and accents line up.
@Suite struct DisplayWidthTests {
    @Test func widthsFollowEastAsianWidth() {
        #expect(Formatting.displayWidth("platform") == 8)
        #expect(Formatting.displayWidth("café") == 4)
        #expect(Formatting.displayWidth("cafe\u{301}") == 4)         // e + combining acute: one column
        #expect(Formatting.displayWidth("開発") == 4)                // CJK: two columns each
        #expect(Formatting.displayWidth("한국") == 4)                // Hangul
        #expect(Formatting.displayWidth("ＡＢ") == 4)                // fullwidth Latin
        #expect(Formatting.displayWidth("🎉") == 2)
        #expect(Formatting.displayWidth("👩\u{200D}💻") == 2)       // one emoji sequence
        #expect(Formatting.displayWidth("❤\u{FE0F}") == 2)          // emoji presentation by selector
        #expect(Formatting.displayWidth("a\u{200B}b") == 2)          // zero-width space
    }

    @Test func tablesAlignByDisplayWidth() {
        let table = DataTable(columns: ["team", "n"], rows: [
            [.text("開発"), .integer(1)], [.text("cafe\u{301}"), .integer(22)], [.text("🎉x"), .integer(3)],
        ])
        let lines = TableRenderer.text(table).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // The numbers are right-aligned: every data line is as wide on screen as the others.
        let widths = Set(lines.dropFirst().map { Formatting.displayWidth($0) })
        #expect(widths.count == 1, "\(lines)")
    }
}
