import Testing
@testable import PlanRender

@Suite struct RenderTests {
    let table = ReportTable(title: "T", years: ["2023/24", "2024/25"], sections: [
        .init("Money", [.init("Balance", unit: "£m", [1.25, -2], note: "x, y")])], footer: ["done"])

    @Test func textTableAlignsAndKeepsColourOptional() {
        let plain = table.text(style: Style(color: false, unicode: true))
        #expect(plain == """
        T
                               2023/24 2024/25
        Money
          Balance (£m)             1.3    -2.0  x, y
        done
        """)
        #expect(!plain.contains("\u{1B}"))
        #expect(table.text(style: Style(color: true, unicode: true)).contains("\u{1B}[1m"))
    }

    /// At 48 columns a long label is abbreviated (its unit kept), the note moves to a line of its own and
    /// the footer wraps; numbers are never cut.
    @Test func textTableFitsTheWidth() {
        let wide = ReportTable(title: "A title", years: ["2026/27", "2027/28"], sections: [
            .init("", [.init("pharmacy-dental-optometry-and-more", unit: "£m", [1234.5, 2], note: "a note that is long")])],
                               footer: ["a footer line that is much longer than forty-eight columns of text"])
        let text = wide.text(style: Style(color: false, unicode: true), width: 48)
        for line in text.split(separator: "\n") { #expect(line.count <= 48, "\(line)") }
        #expect(text.contains("1,234.5"))
        #expect(text.contains("… (£m)"))
        #expect(text.contains("↳ a note that is long"))
    }

    @Test func csvAndMarkdownShowTheSameRows() {
        #expect(table.csv() == "section,row,unit,2023/24,2024/25,note\nMoney,Balance,£m,1.25,-2,\"x, y\"\nnote,,,,,done")
        #expect(table.markdown().contains("| Balance (£m) | 1.3 | -2.0 | x, y |"))
    }

    /// Markdown is for people: past twelve rows, those that do not move the figure are named after the table, as
    /// the tornado names them; CSV, for machines, keeps every row.
    @Test func markdownSensitivityNamesTheStillRowsAfterItsTable() {
        let moving = (1...12).map { SensitivityView.Row(id: "a\($0)", low: -Double($0), high: Double($0)) }
        let still = [SensitivityView.Row(id: "m.trend", low: 1, high: 1), .init(id: "m.level", low: 1, high: 1)]
        let view = SensitivityView(scenario: "s", target: "balance", place: nil, targetText: "balance", unit: "£m",
                                   year: "2030/31", rows: moving + still, centre: 1, planned: 1)
        let style = Style(color: false, unicode: true)
        let md = view.render(.markdown, width: 80, style: style)
        #expect(md.contains("| a12 |"))
        #expect(!md.contains("| m.trend |"))
        #expect(md.hasSuffix("No effect on this figure: m.trend, m.level."))
        #expect(view.render(.csv, width: 80, style: style).contains("m.trend,1,1,0"))
    }

    @Test func chartMarksTheReferenceLineAndFallsBackToASCII() {
        let chart = BarChart(title: "Balance (£m)", years: ["2023/24", "2024/25"], series: [("a", [10, -10])],
                             reference: 0, referenceName: "zero", width: 60, style: Style(color: false, unicode: false))
        let text = chart.render()
        #expect(text.contains("|"))
        #expect(text.contains("#"))
        #expect(!text.contains("█"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 60 })
        // The positive bar lies right of the axis, the negative one left of it.
        let axis = lines[1].firstIndex(of: "|")!
        #expect(lines[1][lines[1].index(after: axis)] == "#")
        #expect(lines[2][lines[2].index(before: lines[2].firstIndex(of: "|")!)] == "#")
    }
}
