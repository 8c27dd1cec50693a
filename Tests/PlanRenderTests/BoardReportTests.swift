import Testing
@testable import PlanRender

/// The board report and the workbook, as pure functions of their values.
@Suite struct BoardReportTests {
    static let years = ["2026/27", "2027/28", "2028/29"]
    static var report: BoardReport {
        var push = BoardReport.Scenario(name: "push", statements: ["invest £1m in prevention in 2027/28"],
                                        description: ["Invest £1m a year more in prevention programmes in 2027/28"], balance: [1, -1, -0.5],
                                        icbBalance: [1, -1, -0.5], cumulative: [1, 0, -0.5], icbCumulative: [1, 0, -0.5], income: [10, 10, 10], spend: [9, 11, 10.5])
        push.shares = [.init("invest £1m in prevention in 2027/28", -0.5)]
        push.band = .init(p10: [1, -2, -3], p50: [1, -1, -0.5], p90: [1, 0, 1], pBalanced: [1, 0.2, 0.4], pIcbBalanced: [1, 0.3, 0.5])
        push.swings = [.init("acute.demand-growth", low: 1, high: -2)]
        push.places = [.init("North", [0.5, 0, -0.2])]
        return BoardReport(
            title: "T", purpose: "P", modelName: "M", modelHash: "0123456789abcdef", scriptHash: "fedcba9876543210", version: "9",
            date: "2026-11-25", seed: 1, draws: 100, years: years,
            scenarios: [.init(name: "baseline", statements: [], balance: [1, 0, -1], icbBalance: [1, 0, -1], cumulative: [1, 1, 0],
                              icbCumulative: [1, 1, 0], income: [10, 10, 10], spend: [9, 10, 11]), push],
            priorities: [.init(title: "Priority 1: Best start", metrics: [
                .init(id: "m", name: "Metric", unit: "%", higherIsBetter: true, target: 5, targetYear: "2028/29",
                      series: [.init("baseline", [4, 4.5, 4.9]), .init("push", [4, 4.8, 5.2])])])],
            warning: .init(spend: 0.5, income: 0.25, metrics: (1, 2), commissioners: ["North ICB", "South ICB"], providers: 3, modelVersion: 3),
            risks: [.init(name: "Unidentified savings", lands: "a trust", mitigation: false, probability: 0.5, impact: -4)],
            variances: [.init(item: "balance", years: years, actual: [nil, -2, nil], plan: [nil, -1, nil])],
            assumptions: [(label: "inflation", values: [0.02], kind: .rate)], sources: [("income.base", "sourced"), ("categories[a].base", "estimate")])
    }

    /// The register the report shows is every scenario's: an entry a scenario adds (a `risk` statement) or
    /// changes is listed with the scenarios that hold it, ranked with the rest by expected loss.
    @Test func theRegisterHoldsWhatEachScenarioAdds() {
        let common = BoardReport.Risk(name: "Unidentified savings", lands: "a trust", mitigation: false, probability: 0.5, impact: -4)
        let added = BoardReport.Risk(name: "big-one", lands: "PAH", mitigation: false, probability: 0.5, impact: -20)
        var raised = common
        raised.probability = 0.9
        let merged = BoardReport.Risk.merged([("baseline", [common]), ("push", [common, added]), ("held", [raised])])
        #expect(merged.map(\.name) == ["big-one", "Unidentified savings", "Unidentified savings"])
        #expect(merged.map(\.scenarios) == [["push"], ["held"], ["baseline", "push"]])
        #expect(BoardReport.Risk.merged([("baseline", [common]), ("push", [common])]).map(\.scenarios) == [[]])
        var report = Self.report
        report.risks = merged
        let html = report.html()
        #expect(html.contains("big-one, on PAH (in push only): costs £20.0m a year"), "\(html)")
        #expect(html.contains("<th>scenarios</th>"))
    }

    /// The investment standard binds each ICB: one's shortfall is named and shown by year even where the
    /// other's surplus covers it in the footprint's total; a provider in deficit in any year has its row.
    @Test func eachICBsInvestmentStandardAndEveryDeficitAreShown() {
        var report = Self.report
        report.scenarios[1].mhisHeadroom = [nil, 0.4, 0.5]
        report.scenarios[1].mhisByCommissioner = [("North ICB", [nil, 1.3, 0.2]), ("South ICB", [nil, -0.9, 0.3])]
        report.scenarios[1].organisations = [.init("North ICB", [0, 0.1, 0.1]), .init("South ICB", [0, 0.1, 0.1]), .init("A Trust", [0, -1, 0])]
        report.scenarios[1].commissioners = 2
        let html = report.html()
        #expect(html.contains("South ICB misses the mental health investment standard in 2027/28."), "\(html)")
        #expect(html.contains("Mental health investment standard headroom: South ICB"))
        #expect(html.contains("<th scope=\"row\">A Trust</th>"), "a provider in deficit in one year only has its row")
    }

    @Test func everySectionAndNoScript() {
        let html = Self.report.html()
        for id in ["cover", "health-warning", "summary", "money", "priority-priority-1--best-start", "comparison", "explanation", "montecarlo",
                   "sensitivity", "places", "actuals", "appendix"] {
            #expect(html.contains("id=\"\(id)"), "no \(id)")
        }
        #expect(!html.contains("<script") && !html.contains("href="))
        // The change against baseline, year by year and cumulative: the shape is named from the figures, and a
        // J-curve that has not paid back says so (NarrativeTests holds every shape's words).
        #expect(html.contains("It costs £1.0m until"), "\(html)")
        #expect(html.contains("a J-curve. Cumulatively it is lowest in") && html.contains("has not paid back by"))
        // RAG: push meets the target in 2028/29, baseline is within 5% of it (amber).
        #expect(html.contains("<td class=\"n rag-g\" title=\"G: met every year\">5.20</td>") && html.contains("<td class=\"n rag-a\" title=\"A: within 5%\">4.90</td>"))
        #expect(html.contains("balanced in 2028/29 in 40% of draws"))
        // The cover warns that the figures are estimates and names the successor ICBs; the summary tells each
        // scenario in words and lists the top risk.
        #expect(html.contains("25% of the first year&#39;s income, 50% of its spending and 1 of the 2 outcome measures&#39;"), "\(html)")
        #expect(html.contains("North ICB and South ICB, the successor ICBs"))
        #expect(html.contains("<b>push</b>: Invest £1m a year more in prevention programmes in 2027/28."))
        #expect(html.contains("Unidentified savings, on a trust: costs £4.0m a year if it happens (50% likely), £2.0m expected"))
        #expect(html.contains("<th>actual</th>") || html.contains(">actual<"))
    }

    /// Every target counts from its year on (the v2 review's C-M6; the helper's review of the report): a
    /// later, tougher target that is missed makes the measure red even when the first one is met.
    @Test func ragJudgesEveryTargetThatApplies() {
        var metric = BoardReport.Metric(id: "m", name: "M", unit: "%", higherIsBetter: true, target: 5, targetYear: "2026/27",
                                        series: [.init("push", [4, 4.8, 5.2])])
        let report = Self.report
        // Met in the last year only: amber, as the shell says "not met (on target 2028/29)".
        #expect(report.status(metric, metric.series[0]) == "A: met in 2028/29, not every year")
        metric.targets = [(value: 4.5, year: "2027/28")]
        #expect(report.status(metric, metric.series[0]) == "G: met every year")
        metric.targets = [(value: 5, year: "2026/27"), (value: 6, year: "2028/29")]
        #expect(report.status(metric, metric.series[0]) == "R: not met")
        metric.targets[1] = (value: 5.4, year: "2028/29")
        #expect(report.status(metric, metric.series[0]) == "A: within 5%")
        metric.targets = [(value: 9, year: "2031/32")]
        #expect(report.status(metric, metric.series[0]) == "no target in horizon")
    }

    @Test func workbookIsAZipWithChecksums() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        let book = Workbook(sheets: [.init(name: "Money", rows: [[.bold(""), .bold("2026/27")], [.text("Income"), .number(3617.7, .money)]])])
        let bytes = book.bytes()
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(bytes.suffix(22).starts(with: [0x50, 0x4B, 0x05, 0x06]))
        #expect(book.bytes() == bytes, "the same workbook is the same bytes")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<c r=\"B2\" s=\"1\"><v>3617.7</v></c>"))
        #expect(text.contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\""))
        #expect(Workbook.column(0) == "A" && Workbook.column(25) == "Z" && Workbook.column(26) == "AA")
    }
}
