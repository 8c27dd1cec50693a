import Foundation
import Testing
import TestSupport
import PlanSupport
import PlanModel
@testable import PlanRender

/// The result views draw themselves in every format from values alone (issue 9): goldens per format, in
/// Golden/, re-recorded with RECORD=1 like the others.
@Suite struct RenderingTests {
    func golden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        Golden.check("Tests/PlanRenderTests/Golden/" + name, actual, sourceLocation: sourceLocation)
    }

    static let monteCarlo: MonteCarloView = {
        var view = monteCarloPlain
        view.modesAwayFromPlan = [.init(assumption: "efficiency", mode: -0.005, plan: nil, kind: .rate)]
        view.skewedRanges = ["inflation (further above)", "digital.cost (further above)"]
        return view
    }()

    static let monteCarloPlain = MonteCarloView(
        scenario: "push", draws: 1000, seed: 7, uncertain: 3, years: ["2026/27", "2027/28", "2028/29"],
        pBalanced: [1, 0.5, 0.25], pIcbBalanced: [1, 0.625, 0.375], balancedEveryYear: 0.2,
        balance: [[7, -10.5, -30.25], [7, 0.5, -12], [7, 9.75, 4.5]], icbBalance: [[7, -8, -25], [7, 1, -9], [7, 11, 6]],
        places: [.init(id: "north", pBalanced: [1, 0.5, 0.3]), .init(id: "south", pBalanced: [1, 0.45, 0.2])],
        metrics: [.init(id: "waiting-list", name: "Waiting list", unit: "k", percentiles: [[180, 176, 171], [180, 178, 176], [180, 181, 182]]),
                  .init(id: "carbon", name: "Carbon", unit: "", percentiles: [[124, 120, 116], [124, 120, 116], [124, 120, 116]])],
        plannedFinalBalance: -11.5)

    static let sensitivity = SensitivityView(
        scenario: "push", target: "balance", place: nil, targetText: "balance", unit: "£m", year: "2028/29",
        rows: [.init(id: "inflation", low: -40, high: 10), .init(id: "acute.demand-growth", low: -25, high: -2),
               .init(id: "digital.cost", low: -12, high: -12)],
        centre: -12, planned: -14)

    static let explanation = ExplanationView(
        scenario: "push", against: "baseline", target: "balance", place: nil, targetText: "balance", unit: "£m", higherIsBetter: true,
        year: "2030/31", total: -3.25,
        shares: [.init(statement: "shift 2% of acute to prevention from 2027/28", share: -5.5,
                       sources: ["categories[acute].base: NHS England allocations 2025/26", "categories[prevention.lifestyles].base: estimate", "x: y"]),
                 .init(statement: "disable digital from 2028/29", share: 2.25, sources: [])],
        exactLimit: 16, samples: 2000,
        lines: [("income", 0), ("acute outturn", 12.5), ("prevention.lifestyles outturn", -15.75), ("enabler costs", 0)],
        paybacks: [Payback(category: "prevention.lifestyles", year: nil, spent: 30, saved: 12.5)])

    @Test(arguments: OutputFormat.allCases)
    func monteCarloInEveryFormat(format: OutputFormat) {
        golden("montecarlo.\(format.rawValue)", Self.monteCarlo.render(format, width: 80, style: Style(color: false, unicode: true)))
    }

    @Test(arguments: OutputFormat.allCases)
    func sensitivityInEveryFormat(format: OutputFormat) {
        golden("sensitivity.\(format.rawValue)", Self.sensitivity.render(format, width: 80, style: Style(color: false, unicode: true)))
    }

    @Test(arguments: OutputFormat.allCases)
    func explanationInEveryFormat(format: OutputFormat) {
        golden("explanation.\(format.rawValue)", Self.explanation.render(format, width: 80, style: Style(color: false, unicode: true)))
    }

    /// A seek that found a value (with the plan there, on the built-in model) and one that did not.
    static var seeks: [SeekView] {
        let model = try! ModelLoader.load(json: DefaultModel.json)
        let compiled = CompiledModel(model)
        let projection = Projection(compiled, Plan(compiled))
        let report = SimulationReport(model: model, projection: projection, scenario: "push", statementCount: 1)
        let found = SeekView.Found(value: 3.5, statement: "shift 3.5% of acute to prevention from 2027/28", atRangeEnd: false,
                                   nextStep: "shift 3.6% of acute to prevention from 2027/28", further: true,
                                   conditions: ["balance in 2030/31 is -£1.2m (needs ≥ -£2.0m)"], unmet: [.init(category: "acute", amount: 3.1, year: "2030/31")],
                                   objective: nil, report: report)
        return [SeekView(scenario: "push", lever: "shift from acute to prevention", unit: "%", low: "0%", high: "10%", defaultRange: true,
                         rulesHold: true, found: found),
                SeekView(scenario: "push", lever: "invest in community", unit: "£m", low: "£0.0m", high: "£100.0m", defaultRange: false,
                         rulesHold: false, found: nil)]
    }

    @Test(arguments: OutputFormat.allCases)
    func seekInEveryFormat(format: OutputFormat) {
        for (i, view) in Self.seeks.enumerated() {
            golden("seek-\(i == 0 ? "found" : "not-found").\(format.rawValue)", view.render(format, width: 80, style: Style(color: false, unicode: true)))
        }
    }

    static let comparison = ComparisonView(
        scenarios: ["baseline", "push"], years: ["2026/27", "2027/28", "2028/29"], deficitYears: [["2027/28", "2028/29"], []],
        targets: [.init(id: "balance", title: "Balance (system)", unit: "£m", isMoney: true, isMetric: false, higherIsBetter: true,
                        values: [[7, -3, -9.5], [7, 1, 2.25]]),
                  .init(id: "icb-balance", title: "ICB balance", unit: "£m", isMoney: true, isMetric: false, higherIsBetter: true,
                        values: [[7, -3, -9.5], [7, 3, 4]]),
                  .init(id: "waiting-list", title: "Waiting list", unit: "k", isMoney: false, isMetric: true, higherIsBetter: false,
                        values: [[180, 178, 176], [180, 178, 176]])])

    static let chart = ChartView(target: "balance", title: "Balance (£m)", unit: "£m", years: ["2026/27", "2027/28", "2028/29"],
                                 series: [("baseline", [7, -3, -9.5]), ("push", [7, 1, 2.25])], reference: 0, referenceName: "zero")

    @Test(arguments: OutputFormat.allCases)
    func comparisonAndChartInEveryFormat(format: OutputFormat) {
        let style = Style(color: false, unicode: true)
        golden("comparison.\(format.rawValue)", Self.comparison.render(format, width: 80, style: style))
        golden("chart.\(format.rawValue)", Self.chart.render(format, width: 80, style: style))
    }

    static let others: [(String, Rendering)] = [
        // A list that fits by wrapping its name column, and one that only fits as records.
        ("columns-fitted", ColumnsView(kind: "show", fields: [("topic", "places")], title: "Places, scenario push",
                                       header: ["id", "name", "population", "balance £m"],
                                       rows: [["north", "East and North Hertfordshire, the larger of the two Hertfordshire places", "637,275", "-19.7"],
                                              ["south", "West Essex", "335,862", "-8.2"]])),
        ("columns-records", ColumnsView(kind: "show", fields: [("topic", "enablers")],
                                        header: ["id", "name", "cost £m", "lag", "prevention", "equity", "level by year"],
                                        rows: [["research-and-innovation", "Research and innovation", "3.0", "2", "0.05", "0", "100% 100% 100% 100% 100%"],
                                               ["right-place", "Delivery at the right place (place partnerships, neighbourhood hubs and estates)",
                                                "10.0", "1", "0.1", "0.1", "100% 50% 0% 0% 0%"]])),
        ("actuals", ActualsView(scenario: "push", years: ["2025/26", "2026/27"], items: [
            .init(item: "balance", place: nil, isMoney: true, actual: [-2.5, 4], projected: [nil, 7], variance: [nil, -3]),
            .init(item: "waiting-list", place: "west-essex", isMoney: false, actual: [nil, 181], projected: [nil, 180], variance: [nil, 1])])),
        ("variance-explanation", VarianceExplanationView(
            scenario: "push", item: "balance", place: nil, itemText: "balance", isMoney: true, year: "2027/28", firstYear: false,
            actual: -20, projected: -12.5, rows: [.init(id: "inflation", value: 0.02, explains: 0.004, within: true, perYear: true),
                                                  .init(id: "acute.cashable", value: 0.5, explains: nil, within: nil, perYear: false)])),
        ("scenario-list", ScenarioListView(items: [.init(name: "baseline", statements: 0, parent: nil, stale: false),
                                                   .init(name: "push", statements: 3, parent: "baseline", stale: true)], current: "push")),
        ("text", TextView(kind: "model", fields: [("name", "Northshire")], text: "  a model of two places\n    with one line", wraps: true)),
        ("table", TableView(ReportTable(title: "Balance, scenario push", years: ["2026/27", "2027/28"],
                                        sections: [.init("", [.init("Balance", unit: "£m", [7, -3.25])])]), kind: "show")),
    ]

    @Test(arguments: OutputFormat.allCases)
    func otherViewsInEveryFormat(format: OutputFormat) {
        for (name, view) in Self.others {
            golden("\(name).\(format.rawValue)", view.render(format, width: 80, style: Style(color: false, unicode: true)))
        }
        // A confirmation shows only as a table.
        #expect(TextView.note("now on scenario 'push'").shows(in: format) == (format == .table))
    }

    /// Drawn at a width, the table and the tornado fit it; with ASCII, no Unicode symbol is left.
    /// export's documents in each text format; xlsx is the workbook's, not text.
    @Test(arguments: ExportFormat.allCases)
    func exportDocuments(format: ExportFormat) {
        let model = try! ModelLoader.load(json: DefaultModel.json)
        let compiled = CompiledModel(model)
        let report = SimulationReport(model: model, projection: Projection(compiled, Plan(compiled)), scenario: "push", statementCount: 2)
        let provenance = Provenance(version: "9.9.9", model: "Test <model>", modelHash: "abc123", scriptHash: "0123456789abcdef")
        let push = ScenarioExport.Part(scenario: "push", statements: ["shift 2% of acute to prevention from 2027/28", "disable digital \"x\""], report: report)
        let document = ScenarioExport(parts: [push], provenance: provenance)
        guard let text = document.text(format) else { return #expect(format == .xlsx) }
        golden("export.\(format.rawValue)", text)
        // Several scenarios: one document, each scenario in it once, the provenance once.
        let baseline = ScenarioExport.Part(scenario: "baseline", statements: [],
                                           report: SimulationReport(model: model, projection: Projection(compiled, Plan(compiled)), scenario: "baseline", statementCount: 0))
        let both = ScenarioExport(parts: [baseline, push], provenance: provenance).text(format)!
        golden("export-two.\(format.rawValue)", both)
        #expect(both.components(separatedBy: "0123456789abcdef").count == 2, "the script hash appears once")
    }

    /// show actuals with three years of history before a five-year horizon, large figures and a long item name.
    static let actualsWithHistory = ActualsView(
        scenario: "push", years: ["2023/24", "2024/25", "2025/26", "2026/27", "2027/28", "2028/29", "2029/30", "2030/31"],
        items: [.init(item: "prevention.ageing-well", place: "east-north-herts", isMoney: true,
                      actual: [1410, 1420.5, 1433, 1450, nil, nil, nil, nil],
                      projected: [nil, nil, nil, 1394.7, 1443.2, 1493.3, 1545.2, 1598.9],
                      variance: [nil, nil, nil, 55.3, nil, nil, nil, nil])])

    @Test func viewsFitTheWidthAndFallBackToASCII() {
        for width in [60, 80, 120] {
            for view in [Self.monteCarlo as Rendering, Self.sensitivity, Self.explanation, Self.comparison, Self.chart] + Self.seeks + Self.others.map(\.1)
                + [Self.actualsWithHistory] {
                let text = view.render(.table, width: width, style: Style(color: false, unicode: false))
                for line in text.split(separator: "\n") where !line.hasPrefix("Verdict") && !line.hasPrefix("The plan") {
                    #expect(line.count <= max(width, 80), "\(width): \(line)")
                }
                #expect(!text.contains("│") && !text.contains("█"))
            }
        }
    }
}
