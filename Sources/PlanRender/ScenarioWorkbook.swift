import PlanModel
import PlanSupport

/// `export xlsx`: a scenario as a workbook a finance lead can open in Excel or LibreOffice. Sheets:
/// parameters and provenance first, then money, categories, metrics, the comparison with baseline and the
/// Monte Carlo percentiles. Numbers stay numbers, formatted as £m, percentages or decimals.
public struct ScenarioWorkbook {
    public var model: Model, scenario: String, statements: [String], policy: Model.Policy, date: String
    /// Each assumption with an effect: its id, its value (each year's from the second for a per-year one) and kind.
    public var assumptions: [(id: String, values: [Double], kind: ValueKind)]
    /// The scenario's run and the baseline's.
    public var projection: Projection, baseline: Projection
    /// Monte Carlo of the scenario (nil when interrupted), its draws and seed.
    public var monteCarlo: MonteCarlo.Summary?, draws: Int, seed: UInt64

    public init(model: Model, scenario: String, statements: [String], policy: Model.Policy, date: String,
                assumptions: [(id: String, values: [Double], kind: ValueKind)], projection: Projection, baseline: Projection,
                monteCarlo: MonteCarlo.Summary?, draws: Int, seed: UInt64) {
        self.model = model; self.scenario = scenario; self.statements = statements; self.policy = policy; self.date = date
        self.assumptions = assumptions; self.projection = projection; self.baseline = baseline
        self.monteCarlo = monteCarlo; self.draws = draws; self.seed = seed
    }

    public func workbook() -> Workbook {
        let p = projection, base = baseline
        let years = model.yearLabels
        let header: [Workbook.Cell] = [.bold("")] + years.map { .bold($0) }
        func money(_ label: String, _ values: [Double]) -> [Workbook.Cell] { [.text(label)] + values.map { .number($0, .money) } }
        func decimals(_ label: String, _ values: [Double]) -> [Workbook.Cell] { [.text(label)] + values.map { .number($0, .decimal) } }
        let widths = [34.0] + years.map { _ in 12.0 }

        var parameters: [[Workbook.Cell]] = [
            [.bold("hweplan workbook"), .text("")],
            [.text("Scenario"), .text(scenario)],
            [.text("Model"), .text(model.name)],
            [.text("Model content hash"), .text(ModelHash.hex(model))],
            [.text("Years"), .text("\(years.first ?? "") to \(years.last ?? "")")],
            [.text("Policy"), .text(policy.rawValue)],
            [.text("Written"), .text(date)],
            [.text("Monte Carlo"), .text("\(draws) draws, seed \(seed)")],
            [.text("Money"), .text("£ millions, cash")],
            [],
            [.bold("Statements"), .text("")],
        ]
        parameters += statements.isEmpty ? [[.text("(none: the model as written)")]] : statements.enumerated().map { [.number(Double($0 + 1), .integer), .text($1)] }
        parameters += [[], [.bold("Assumption"), .bold("Value (per-year: each year from the second)")]]
        for a in assumptions {
            parameters.append([.text(a.id)] + a.values.map { .number($0, a.kind == .rate ? .percent : .decimal) })
        }

        var moneyRows: [[Workbook.Cell]] = [header, money("Income", p.income)]
        // Income by stream (version 3), what does not recur among it, then the rest of the money.
        for (i, stream) in model.streams.enumerated() where p.streams.indices.contains(i) {
            let flagged = stream.recurrent || stream.name.lowercased().contains("non-recurrent")
            moneyRows.append(money("  \(stream.name)" + (flagged ? "" : " (non-recurrent)"), p.streams[i]))
        }
        if !model.streams.isEmpty { moneyRows.append(money("  of which non-recurrent", p.nonRecurrentIncome)) }
        moneyRows += [money("Spend", p.spend), money("Balance (system)", p.balance),
            money("Cumulative balance", p.cumulative), money("ICB balance", p.icbBalance), money("ICB cumulative", p.icbCumulative)]
        // Version 3 (MODEL.md §9): what recurs, the register's expected value, and each organisation, which
        // must break even on its own.
        if model.isVersion3 {
            moneyRows.append(money("Underlying (system)", p.underlying))
            moneyRows.append(money("Risk-adjusted (system)", p.riskAdjusted))
        }
        // The register behind the risk-adjusted row: each entry's impact if it happens, with its probability.
        for r in p.risks {
            let on = r.organisation.map { model.organisations[$0].name } ?? "the ICBs"
            moneyRows.append(money("  \(r.kind.rawValue) \(r.id) on \(on), \(NumberFormat.percent(r.probability, maxDecimals: 1)) likely: impact", r.impact))
        }
        for (o, org) in model.organisations.enumerated() {
            moneyRows.append(money("Balance, \(org.name)", p.organisations[o].balance))
            moneyRows.append(money("  underlying", p.organisations[o].underlying))
            moneyRows.append(money("  risk-adjusted", p.organisations[o].riskAdjusted))
        }
        if !model.organisations.isEmpty { moneyRows.append(money("Balance, other providers", p.otherProviders)) }
        // The mental health investment standard's headroom, each ICB's (blank in year 1, where it is not judged).
        for (o, org) in model.organisations.enumerated() {
            if let headroom = p.organisations[o].mhisHeadroom { moneyRows.append(money("Investment standard headroom, \(org.name)", headroom.map { $0 ?? .nan })) }
        }
        if model.organisations.allSatisfy({ $0.kind != .commissioner }), let headroom = p.mhisHeadroom {
            moneyRows.append(money("Investment standard headroom", headroom.map { $0 ?? .nan }))
        }
        for (i, place) in model.places.enumerated() {
            moneyRows.append(money("Balance, \(place.name)", p.places[i].balance))
            moneyRows.append(money("ICB balance, \(place.name)", p.places[i].icbBalance))
        }
        for (e, enabler) in model.enablers.enumerated() {
            moneyRows.append(money("Change in cost, \(enabler.name)", p.enablers[e].cost))
        }

        var categoryRows: [[Workbook.Cell]] = [header]
        for (c, cat) in model.categories.enumerated() {
            let l = p.categories[c]
            categoryRows.append([.bold(cat.name)])
            categoryRows += [money("  budget", l.budget), money("  outturn", l.outturn), money("  unmet demand", l.unmet),
                             money("  savings (gross)", l.savings), money("  ICB payment", l.payment), money("  provider gap", l.providerGap)]
        }

        var metricRows: [[Workbook.Cell]] = [header + [.bold("unit"), .bold("target"), .bold("target year"), .bold("met")]]
        for (k, metric) in model.metrics.enumerated() {
            var row = decimals(metric.name, p.metrics[k].values) + [.text(metric.unit)]
            if let t = metric.target {
                row += [.number(t.value, .decimal), .text(model.yearLabel(t.year - model.firstYear + 1)),
                        .text(p.metrics[k].met.map { $0 ? "met" : "not met" } ?? "outside the horizon")]
            }
            metricRows.append(row)
            for (i, place) in model.places.enumerated() { metricRows.append(decimals("  \(place.name)", p.places[i].metrics[k])) }
            if let gap = p.metrics[k].gap, !model.places.isEmpty { metricRows.append(decimals("  gap between places", gap)) }
        }

        var comparison: [[Workbook.Cell]] = [header]
        func compareRows(_ label: String, _ a: [Double], _ b: [Double], _ format: Workbook.Format) {
            comparison.append([.bold(label)])
            comparison.append([.text("  \(scenario)")] + a.map { .number($0, format) })
            comparison.append([.text("  baseline")] + b.map { .number($0, format) })
            comparison.append([.text("  change")] + zip(a, b).map { .number($0 - $1, format) })
        }
        // Baseline against itself is a hundred rows of zeros: it is the reference, said once.
        if p == base {
            comparison.append([.text(scenario == "baseline" ? "baseline is what the other scenarios are compared with"
                                                            : "\(scenario) gives the same figures as baseline: no change")])
        } else {
            compareRows("Balance (system)", p.balance, base.balance, .money)
            compareRows("ICB balance", p.icbBalance, base.icbBalance, .money)
            for (o, org) in model.organisations.enumerated() {
                compareRows("Balance, \(org.name)", p.organisations[o].balance, base.organisations[o].balance, .money)
            }
            for (k, metric) in model.metrics.enumerated() { compareRows(metric.name, p.metrics[k].values, base.metrics[k].values, .decimal) }
        }

        let mc = monteCarlo
        var carlo: [[Workbook.Cell]] = [header]
        if let mc {
            carlo.append([.text("P(balance ≥ 0)")] + mc.pBalanced.map { .number($0, .percent) })
            carlo.append([.text("P(ICB balance ≥ 0)")] + mc.pIcbBalanced.map { .number($0, .percent) })
            if model.isVersion3 { carlo.append([.text("P(balance ≥ 0), no mitigations")] + mc.pBalancedBeforeMitigations.map { .number($0, .percent) }) }
            for (o, org) in model.organisations.enumerated() where mc.pOrganisationBalanced.indices.contains(o) {
                carlo.append([.text("P(balance ≥ 0), \(org.name)")] + mc.pOrganisationBalanced[o].map { .number($0, .percent) })
            }
            for (i, place) in model.places.enumerated() {
                carlo.append([.text("P(balance ≥ 0), \(place.name) (leaves out the risk register)")] + mc.pPlaceBalanced[i].map { .number($0, .percent) })
            }
            for (q, name) in ["P10", "P50", "P90"].enumerated() { carlo.append(money("Balance \(name)", mc.balance[q])) }
            for (q, name) in ["P10", "P50", "P90"].enumerated() { carlo.append(money("ICB balance \(name)", mc.icbBalance[q])) }
            if model.isVersion3 { for (q, name) in ["P10", "P50", "P90"].enumerated() { carlo.append(money("Underlying \(name)", mc.underlying[q])) } }
            for (k, metric) in model.metrics.enumerated() {
                for (q, name) in ["P10", "P50", "P90"].enumerated() { carlo.append(decimals("\(metric.name) \(name)", mc.metrics[k][q])) }
            }
        }

        return Workbook(sheets: [
            .init(name: "Parameters", rows: parameters, frozenRows: 0, frozenColumns: 0, columnWidths: [34, 60] + [Double](repeating: 10, count: max(0, model.years - 2))),
            .init(name: "Money", rows: moneyRows, columnWidths: widths),
            .init(name: "Categories", rows: categoryRows, columnWidths: widths),
            .init(name: "Metrics", rows: metricRows, columnWidths: widths + [10, 10, 12, 18]),
            .init(name: "Comparison", rows: comparison, columnWidths: widths),
            .init(name: "Monte Carlo", rows: carlo, columnWidths: widths),
        ])
    }
}

extension ScenarioWorkbook {
    /// The workbook of one scenario or several, with the provenance on the Parameters sheet. Several
    /// scenarios keep the same sheets, each holding one block per scenario under its name, in the order named.
    public static func combined(_ books: [ScenarioWorkbook], provenance: Provenance) -> Workbook {
        let stamp: [[Workbook.Cell]] = [[.bold("Provenance"), .text("")]] + provenance.lines.map { [.text($0.0), .text($0.1)] } + [[]]
        let workbooks = books.map { $0.workbook() }
        guard var first = workbooks.first else { return Workbook(sheets: []) }
        if workbooks.count == 1 {
            first.sheets[0].rows = stamp + first.sheets[0].rows
            return first
        }
        var sheets: [Workbook.Sheet] = []
        for (i, sheet) in first.sheets.enumerated() {
            var rows: [[Workbook.Cell]] = i == 0 ? stamp : []
            for (book, workbook) in zip(books, workbooks) {
                rows.append([.bold("Scenario: \(book.scenario)")])
                rows += workbook.sheets[i].rows
                rows.append([])
            }
            sheets.append(.init(name: sheet.name, rows: rows, frozenRows: 0, frozenColumns: sheet.frozenColumns, columnWidths: sheet.columnWidths))
        }
        return Workbook(sheets: sheets)
    }
}
