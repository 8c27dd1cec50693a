import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `export xlsx`: the current scenario as a workbook a finance lead can open in Excel or LibreOffice.
/// Sheets: parameters and provenance first, then money, categories, metrics, the comparison with baseline
/// and the Monte Carlo percentiles. Numbers stay numbers, formatted as £m, percentages or decimals.
extension Session {
    /// Draws and seed of the Monte Carlo sheet (the same seed as `montecarlo`'s default).
    static let workbookDraws = 2000

    func workbook() -> Workbook {
        let s = current
        let p = project(plan(of: s)), base = project(Plan(compiled))
        let years = model.yearLabels
        let header: [Workbook.Cell] = [.bold("")] + years.map { .bold($0) }
        func money(_ label: String, _ values: [Double]) -> [Workbook.Cell] { [.text(label)] + values.map { .number($0, .money) } }
        func decimals(_ label: String, _ values: [Double]) -> [Workbook.Cell] { [.text(label)] + values.map { .number($0, .decimal) } }
        let widths = [34.0] + years.map { _ in 12.0 }

        var parameters: [[Workbook.Cell]] = [
            [.bold("hweplan workbook"), .text("")],
            [.text("Scenario"), .text(s.name)],
            [.text("Model"), .text(model.name)],
            [.text("Model content hash"), .text(ModelHash.hex(model))],
            [.text("Years"), .text("\(years.first ?? "") to \(years.last ?? "")")],
            [.text("Policy"), .text(plan(of: s).policy.rawValue)],
            [.text("Written"), .text(host.today())],
            [.text("Monte Carlo"), .text("\(Session.workbookDraws) draws, seed 1")],
            [.text("Money"), .text("£ millions, cash")],
            [],
            [.bold("Statements"), .text("")],
        ]
        parameters += s.statements.isEmpty ? [[.text("(none: the model as written)")]] : s.statements.enumerated().map { [.number(Double($0 + 1), .integer), .text($1.text)] }
        parameters += [[], [.bold("Assumption"), .bold("Value (per-year: each year from the second)")]]
        let params = plan(of: s).params
        for a in Assumption.all(in: model) where a.hasEffect(in: model) {
            let offset = compiled.offset(of: a)
            let values = a.isPerYear ? (1..<model.years).map { params[offset + $0] } : [params[offset]]
            parameters.append([.text(a.id(in: model))] + values.map { .number($0, a.isRate ? .percent : .decimal) })
        }

        var moneyRows: [[Workbook.Cell]] = [header,
            money("Income", p.income), money("Spend", p.spend), money("Balance (system)", p.balance),
            money("Cumulative balance", p.cumulative), money("ICB balance", p.icbBalance), money("ICB cumulative", p.icbCumulative)]
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
            comparison.append([.text("  \(s.name)")] + a.map { .number($0, format) })
            comparison.append([.text("  baseline")] + b.map { .number($0, format) })
            comparison.append([.text("  change")] + zip(a, b).map { .number($0 - $1, format) })
        }
        compareRows("Balance (system)", p.balance, base.balance, .money)
        compareRows("ICB balance", p.icbBalance, base.icbBalance, .money)
        for (k, metric) in model.metrics.enumerated() { compareRows(metric.name, p.metrics[k].values, base.metrics[k].values, .decimal) }

        let mc = runMonteCarlo(draws: Session.workbookDraws, seed: 1)
        var carlo: [[Workbook.Cell]] = [header]
        if let mc {
            carlo.append([.text("P(balance ≥ 0)")] + mc.pBalanced.map { .number($0, .percent) })
            carlo.append([.text("P(ICB balance ≥ 0)")] + mc.pIcbBalanced.map { .number($0, .percent) })
            for (i, place) in model.places.enumerated() { carlo.append([.text("P(balance ≥ 0), \(place.name)")] + mc.pPlaceBalanced[i].map { .number($0, .percent) }) }
            for (q, name) in ["P10", "P50", "P90"].enumerated() { carlo.append(money("Balance \(name)", mc.balance[q])) }
            for (q, name) in ["P10", "P50", "P90"].enumerated() { carlo.append(money("ICB balance \(name)", mc.icbBalance[q])) }
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
