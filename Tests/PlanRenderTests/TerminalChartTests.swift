import Testing
@testable import PlanRender

/// The terminal charts a trainer shows: a line chart per scenario with a legend, a fan chart, sparklines.
@Suite struct TerminalChartTests {
    static let years = ["2026/27", "2027/28", "2028/29", "2029/30", "2030/31"]

    /// A J-curve: down, then back up past zero; one glyph per series, the zero line dashed, a legend.
    @Test func lineChartShowsAJCurve() {
        let chart = LineChart(title: "Change (£m)", years: Self.years, series: [("push", [0, -8, -5, 1, 3]), ("base", [0, 0, 0, 0, 0])],
                              reference: 0, referenceName: "zero", width: 80, height: 9, style: Style(color: false, unicode: false))
        let text = chart.render()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Change (£m)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.last == "  * push   o base   - zero")
        // The lowest point (2027/28, -8) sits on the bottom row; the last (3) above the zero row.
        let bottom = lines[lines.count - 3], top = lines[1]
        #expect(bottom.hasPrefix("-8.0 |") && bottom.contains("*"))
        #expect(top.hasPrefix(" 3.0 |") && top.hasSuffix("*"))
        #expect(text.contains("2026/27") && text.contains("2030/31"))
    }

    @Test func fanChartShadesTheBand() {
        let fan = FanChart(title: "Balance", years: ["2026/27", "2027/28"], p10: [0, -10], p50: [0, -5], p90: [0, 10], width: 60,
                           style: Style(color: false, unicode: true))
        let lines = fan.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[2].hasPrefix("2027/28 ░") && lines[2].contains("█") && lines[2].hasSuffix("-10.0 to 10.0"))
        #expect(lines[3].contains("P10 to P90"))
    }

    @Test func sparklines() {
        #expect(Sparkline.render([1, 2, 3, 8], unicode: true) == "▁▂▃█")
        #expect(Sparkline.render([5, 5], unicode: false) == "==")
        #expect(Sparkline.render([], unicode: true) == "")
    }
}
