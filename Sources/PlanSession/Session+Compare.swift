import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `compare` and `chart`: several scenarios side by side.
extension Session {
    /// One figure of one run, read straight from the workspace (explain runs this thousands of times).
    func value(_ target: ResolvedTarget, year t: Int, levers: [Lever]) -> Double {
        Engine.run(compiled, Plan(compiled, levers: levers), into: workspace)
        return target.value(workspace, compiled, t)
    }

    // compare NAME NAME [NAME…] [on METRIC…]; `on` also takes underlying, risk-adjusted and an organisation.
    func compare(_ names: [String], on targets: [String]) throws {
        let runs = names.map { projection(of: scenario($0)!) }
        let positions = MoneyWord.positions.map(\.rawValue)
        // By default: the system and the ICBs, each organisation that is in deficit or moves between the
        // scenarios (each must break even on its own), then every metric.
        let organisations = model.organisations.indices.filter { o in
            runs.contains { run in run.organisations[o].balance.contains { $0 < -0.05 }
                || zip(run.organisations[o].balance, runs[0].organisations[o].balance).contains { abs($0 - $1) >= 0.05 } }
        }.map { model.organisations[$0].id }
        let shown = targets.isEmpty ? positions + organisations + model.metrics.map(\.id) : positions + targets.filter { !positions.contains($0) }
        let labels = model.yearLabels
        emit(.comparison(ComparisonView(
            scenarios: names, years: labels, deficitYears: runs.map { $0.deficitYears.map { labels[$0] } },
            targets: shown.compactMap { ResolvedTarget(name: $0, in: model) }.map { target in
                ComparisonView.Target(
                    id: target.name, title: target.title(model), unit: target.unit(model), isMoney: target.isMoney, isMetric: !target.isMoney,
                    higherIsBetter: target.higherIsBetter(model), values: runs.map { target.series($0) })
            })))
    }

    // chart TARGET [change|cumulative] [NAME…] [by place]
    func chart(_ written: Target, mode: String?, scenarios names: [String], byPlace: Bool) throws {
        var resolved = try ResolvedTarget(written, in: model)
        let target = resolved.name
        // By place, a chart draws one scenario's places: its own figures, or with `change` (`cumulative`) the
        // last scenario named against the first (against the baseline when one is named).
        if byPlace, names.count > 2 || (names.count == 2 && mode == nil) {
            let shown = names.count == 2 ? names : Array(names.suffix(2))
            throw refuse("a chart by place draws one scenario's places", written.range,
                         ["name one scenario, or two with 'change' to draw the second against the first, place by place: "
                          + "chart \(target) change \(shown.joined(separator: " ")) by place"])
        }
        let runs = names.map { projection(of: scenario($0)!) }
        // The series: one per scenario, or one per place of the (last) scenario; `change` against the first
        // scenario (or baseline when one is named), `cumulative` its running sum.
        var named: [(String, [Double])]
        if byPlace {
            named = model.places.indices.map { p in resolved.place = p; return (model.places[p].id, resolved.series(runs[runs.count - 1])) }
        } else {
            named = zip(names, runs).map { ($0, resolved.series($1)) }
        }
        var reference: Double? = 0, referenceName = "zero", held: [Double?]?, afterHorizon: String?
        if let mode {
            let base: [Double]
            if byPlace || names.count == 1 {
                let b = byPlace && names.count == 2 ? runs[0] : project([])
                base = byPlace ? [] : resolved.series(b)
                if byPlace { named = model.places.indices.map { p in resolved.place = p; return (model.places[p].id, zip(resolved.series(runs[runs.count - 1]), resolved.series(b)).map { $0 - $1 }) } }
                else { named = named.map { ($0.0, zip($0.1, base).map { $0 - $1 }) } }
            } else {
                base = named[0].1
                named = named.dropFirst().map { ($0.0, zip($0.1, base).map { $0 - $1 }) }
            }
            if mode == "cumulative" { named = named.map { ($0.0, $0.1.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }) } }
        } else if case .metric(let k) = resolved.subject {
            // A metric is drawn against its target, or on its own scale when it has none.
            // Every target, each year the one holding by then (a target holds from its year on: MODEL.md §4),
            // drawn as a step; one after the horizon is named under the chart, not drawn.
            let targets = model.metrics[k].targets.sorted { $0.year < $1.year }
            let within = targets.filter { $0.year - model.firstYear < model.years }
            held = (0..<model.years).map { t in within.last { $0.year - model.firstYear <= t }?.value }
            reference = within.first?.value
            referenceName = within.isEmpty ? "" : "target " + within.map { "\(NumberFormat.trimmed($0.value, maxDecimals: 3)) (\(FinancialYear.label($0.year)))" }.joined(separator: ", ")
            let later = targets.filter { $0.year - model.firstYear >= model.years }
            if !later.isEmpty {
                afterHorizon = (later.count == 1 ? "target " : "targets ") + later.map { "\(NumberFormat.trimmed($0.value, maxDecimals: 3)) (\(FinancialYear.label($0.year)))" }.joined(separator: ", ")
            }
            if within.isEmpty { held = nil; reference = nil }
        }
        let against = names.count > 1 ? names[0] : "baseline"
        let what = resolved.title(model, byPlace: byPlace)
        let placeText: String = (written.place.map { " in \($0.text)" } ?? "") + (byPlace ? " by place, scenario \(names[names.count - 1])" : "")
        let modeText: String = mode == "change" ? ", change against \(against)" : mode == "cumulative" ? ", cumulative change against \(against)" : ""
        var chart = ChartView(target: target, title: what + placeText + modeText + " (\(resolved.unit(model)))", unit: resolved.unit(model), years: model.yearLabels,
                              series: named, reference: reference, referenceName: referenceName)
        chart.held = held
        if let afterHorizon { chart.note = "The \(afterHorizon) \(afterHorizon.hasPrefix("targets") ? "are" : "is") after the horizon: not drawn." }
        if let mode { chart.mode = mode; chart.against = against }
        if mode == "cumulative", case .metric = resolved.subject {
            chart.note = "Cumulative adds up each year's change: a total over the years for a count a year (admissions avoided); "
                + "for a rate or a level (a prevalence, a waiting list) read 'chart \(target) change' instead."
        }
        // By place, or in one place: a measure whose place figures start from estimates says so.
        if byPlace || resolved.place != nil, let line = ShowViews.estimatedPlaces([resolved], model).first {
            chart.note = (chart.note.map { $0 + "\n" } ?? "") + line
        }
        emit(.chart(chart))
    }
}
