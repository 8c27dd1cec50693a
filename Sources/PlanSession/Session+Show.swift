import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `show`: the model, the scenario, or one line across the years.
extension Session {
    func show(_ topic: Name, place: Name?, byPlace: Bool) throws {
        if place != nil || byPlace {
            emit(showByPlace(try ResolvedTarget(Target(topic, place: place, range: topic.range), in: model), byPlace: byPlace))
            return
        }
        let view: Rendering
        let p = project(currentPlanCached)
        /// A topic shown as text: in JSON, an object with the topic and the text.
        func text(_ s: String) -> Rendering { TextView(kind: "show", fields: [("topic", topic.text)], text: s, wraps: true) }
        /// A topic that is a list: fitted to the width at the terminal, rows in CSV and Markdown.
        func list(_ l: ModelViews.List) -> Rendering { ColumnsView(kind: "show", fields: [("topic", topic.text)], header: l.header, rows: l.rows) }
        switch topic.text {
        case "places":
            view = placesView()
        case "actuals":
            view = actualsView()
        case "icb-balance":
            view = TableView(ReportTable(title: "The ICB's position, scenario \(currentName)", years: model.yearLabels, sections: [.init("", [
                .init("Income", unit: "£m", p.income), .init("Payments", unit: "£m", zip(p.income, p.icbBalance).map { $0 - $1 }),
                .init("ICB balance", unit: "£m", p.icbBalance), .init("Cumulative", unit: "£m", p.icbCumulative)])]), kind: "show")
        case "baseline":
            let report = SimulationReport(model: model, projection: project([]), scenario: "baseline", statementCount: 0)
            view = report
        case "levers":
            let s = current
            view = text(s.statements.isEmpty ? "  '\(s.name)' has no statements"
                : s.statements.enumerated().map { "  \($0 + 1). \($1.text)" + ($0 < s.inherited ? "   (from \(s.parent ?? ""))" : "") }.joined(separator: "\n"))
        case "enablers":
            view = list(ModelViews.enablers(model, levels: p.enablers.map(\.level)))
        case "categories":
            view = list(ModelViews.categories(model))
        case "metrics":
            view = list(ModelViews.metrics(model))
        case "assumptions":
            view = text(assumptionsView())
        case "sources":
            view = text(ModelViews.sources(model, width: options.width))
        case "scenario":
            let s = current
            let report = SimulationReport(model: model, projection: p, scenario: s.name, statementCount: s.statements.count)
            view = text("  scenario '\(s.name)'" + (s.parent.map { ", made from '\($0)'" } ?? "")
                + ", \(s.statements.count) statement\(s.statements.count == 1 ? "" : "s")"
                + (s.stale ? ", stale (changed since its last simulate)" : "")
                + s.statements.enumerated().map { "\n    \($0 + 1). \($1.text)" }.joined()
                + "\n  " + report.objectiveLine())
        case "balance":
            view = TableView(ReportTable(title: "Balance, scenario \(currentName)", years: model.yearLabels, sections: [.init("", [
                .init("Income", unit: "£m", p.income), .init("Spend", unit: "£m", p.spend),
                .init("Balance", unit: "£m", p.balance), .init("Cumulative", unit: "£m", p.cumulative)])]), kind: "show")
        default:
            if let k = model.metricIndex(topic.text) {
                let m = model.metrics[k], base = project([])
                let report = SimulationReport(model: model, projection: p, scenario: currentName, statementCount: 0)
                var rows: [ReportTable.Row] = [.init(currentName, unit: m.unit, p.metrics[k].values, decimals: 2, note: report.targetNote(m, p.metrics[k].met))]
                if currentName != "baseline" { rows.append(.init("baseline", unit: m.unit, base.metrics[k].values, decimals: 2)) }
                view = TableView(ReportTable(title: "\(m.name) (\(m.id)), scenario \(currentName)", years: model.yearLabels, sections: [.init("", rows)]), kind: "show")
            } else if topic.text == "prevention" {
                let rows = model.categories.indices.filter { model.categories[$0].kind == .prevention }
                func total(_ f: (Projection.CategoryLine) -> [Double]) -> [Double] {
                    (0..<model.years).map { t in rows.reduce(0) { $0 + f(p.categories[$1])[t] } }
                }
                view = TableView(ReportTable(title: "Prevention programmes together (\(rows.count)), scenario \(currentName)", years: model.yearLabels,
                                          sections: [.init("", [.init("Budget", unit: "£m", total(\.budget)),
                                                                .init("Extra money", unit: "£m", (0..<model.years).map { t in rows.reduce(0) { $0 + p.extra[$1][t] } })]
                                                           + rows.map { .init(model.categories[$0].id, unit: "£m", p.categories[$0].budget) })]), kind: "show")
            } else if let c = model.categoryIndex(topic.text) {
                let l = p.categories[c]
                view = TableView(ReportTable(title: "\(model.categories[c].name) (\(topic.text)), scenario \(currentName)", years: model.yearLabels,
                                          sections: [.init("", [.init("Budget", unit: "£m", l.budget), .init("Outturn", unit: "£m", l.outturn),
                                                                .init("Unmet", unit: "£m", l.unmet), .init("Savings", unit: "£m", l.savings),
                                                                .init("ICB payment", unit: "£m", l.payment),
                                                                .init("Provider gap", unit: "£m", l.providerGap),
                                                                .init("Extra money", unit: "£m", p.extra[c])])]), kind: "show")
            } else if let e = model.enablerIndex(topic.text) {
                view = TableView(ReportTable(title: "\(model.enablers[e].name) (\(topic.text)), scenario \(currentName)", years: model.yearLabels,
                                          sections: [.init("", [.init("Level", unit: "%", p.enablers[e].level.map { $0 * 100 }, decimals: 0),
                                                                .init("Change in cost", unit: "£m", p.enablers[e].cost)])]), kind: "show")
            } else {
                throw refuse("nothing called '\(topic.text)' to show", topic.range)
            }
        }
        emit(view)
    }

    func assumptionsView() -> String {
        let plan = currentPlanCached
        let rows: [[String]] = Assumption.all(in: model).filter { $0.hasEffect(in: model) }.map { a in
            let id = a.id(in: model)
            let offset = compiled.offset(of: a)
            let value: String
            if a.isPerYear {
                value = (2...max(2, model.years)).filter { $0 <= model.years }.map { NumberFormat.percent(plan.params[offset + $0 - 1], maxDecimals: 2) }.joined(separator: " ")
            } else {
                let v = plan.params[offset]
                value = a.isRate ? NumberFormat.percent(v, maxDecimals: 2) : NumberFormat.trimmed(v, maxDecimals: 4)
            }
            let u = model.uncertainty.first { $0.assumption == id }
            let show: (Double) -> String = { a.isRate ? NumberFormat.percent($0, maxDecimals: 2) : NumberFormat.trimmed($0, maxDecimals: 4) }
            let range = u.map { (a.isPerYear ? "offset " : "") + "\(show($0.low)) / \(show($0.mode)) / \(show($0.high))" } ?? ""
            return [id, value, plan.setAssumptions.contains(a) ? "set" : "", range, a.summary(in: model)]
        }
        // Two lines an assumption, so the table reads at 80 columns: the figures, then what it is.
        let idWidth = min(30, rows.map { $0[0].count }.max() ?? 10)
        var out = Wrap.lines("Assumptions, scenario \(currentName): the value (per-year ones for years 2 on), what it is, and its uncertainty low / mode / high", width: options.width)
        for r in rows {
            out.append("  " + r[0].padding(idWidth) + "  " + r[1] + (r[2].isEmpty ? "" : "  (set)"))
            out += Wrap.lines("      " + r[4] + (r[3].isEmpty ? "" : "; uncertain: " + r[3]), width: options.width, indent: "        ")
        }
        return out.joined(separator: "\n")
    }
}
