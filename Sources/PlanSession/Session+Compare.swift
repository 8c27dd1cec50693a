import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `compare` and `chart`: several scenarios side by side.
extension Session {
    /// The value series of a target (`balance`, `icb-balance`, a metric or category id) in a projection.
    func series(_ target: String, _ p: Projection) -> [Double] { ResolvedTarget(name: target, in: model).series(p) }

    /// One figure of one run, read straight from the workspace (explain runs this thousands of times).
    func value(_ target: ResolvedTarget, year t: Int, levers: [Lever]) -> Double {
        Engine.run(compiled, Plan(compiled, levers: levers), into: workspace)
        return target.value(workspace, compiled, t)
    }

    /// Balances and metrics whose `better` is higher read better upwards; spending on a line reads better downwards.
    func higherIsBetter(_ target: String) -> Bool {
        switch ResolvedTarget(name: target, in: model).subject {
        case .metric(let k): return model.metrics[k].better == .higher
        case .category, .spend: return false
        default: return true
        }
    }

    func unit(_ target: String) -> String { ResolvedTarget(name: target, in: model).unit(model) }

    // compare NAME NAME [NAME…] [on METRIC…]
    func compare(_ names: [String], on targets: [String]) throws {
        let runs = names.map { project(plan(of: scenario($0)!)) }
        let metrics = targets.isEmpty ? model.metrics.map(\.id) : targets.filter { $0 != "balance" && $0 != "icb-balance" }
        let money = ["balance", "icb-balance"]
        let labels = model.yearLabels
        if options.format == .json {
            var s = "{\"kind\":\"comparison\",\"scenarios\":[" + names.map(JSONText.quote).joined(separator: ",") + "]"
            s += ",\"years\":[" + labels.map(JSONText.quote).joined(separator: ",") + "]"
            s += ",\"balance\":{" + zip(names, runs).map { "\(JSONText.quote($0)):\(JSONText.numbers($1.balance))" }.joined(separator: ",") + "}"
            s += ",\"icbBalance\":{" + zip(names, runs).map { "\(JSONText.quote($0)):\(JSONText.numbers($1.icbBalance))" }.joined(separator: ",") + "}"
            s += ",\"deficitYears\":{" + zip(names, runs).map { n, r in
                "\(JSONText.quote(n)):[" + r.deficitYears.map { JSONText.quote(labels[$0]) }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "}"
            s += ",\"metrics\":{" + metrics.map { m in
                "\(JSONText.quote(m)):{" + zip(names, runs).map { "\(JSONText.quote($0)):\(JSONText.numbers(series(m, $1)))" }.joined(separator: ",") + "}"
            }.joined(separator: ",") + "}}"
            write(s)
            return
        }
        var sections: [ReportTable.Section] = []
        for target in money + metrics {
            let title = target == "balance" ? "Balance (system)" : target == "icb-balance" ? "ICB balance" : model.metrics[model.metricIndex(target)!].name
            var rows: [ReportTable.Row] = []
            let first = series(target, runs[0])
            let decimals = money.contains(target) ? 1 : 2
            for (i, name) in names.enumerated() {
                let values = series(target, runs[i])
                let spark = Sparkline.render(values, unicode: options.style.unicode)
                rows.append(.init(name, unit: unit(target), values, decimals: decimals,
                                  note: spark + (target == "balance" ? "  " + deficitNote(runs[i]) : "")))
                if i > 0 {
                    let delta = zip(values, first).map { $0 - $1 }
                    let last = delta.last ?? 0
                    let better = higherIsBetter(target) ? last > 1e-9 : last < -1e-9
                    let worse = higherIsBetter(target) ? last < -1e-9 : last > 1e-9
                    let moved = delta.contains { abs($0) > 1e-9 }
                    let note = better ? "\(options.style.up) better than \(names[0]) by the last year"
                        : worse ? "\(options.style.down) worse than \(names[0]) by the last year"
                        : moved ? "back to \(names[0]) by the last year" : "no change"
                    rows.append(.init("  change vs \(names[0])", unit: unit(target), delta, decimals: decimals,
                                      note: note, noteIsGood: better ? true : worse ? false : nil))
                }
            }
            sections.append(.init(title, rows))
        }
        let heading = "Comparison: " + names.joined(separator: ", ")
        write(render(ReportTable(title: heading, years: labels, sections: sections)))
    }

    func deficitNote(_ p: Projection) -> String {
        let d = p.deficitYears
        return d.isEmpty ? "balanced every year" : "deficit in \(d.count) year\(d.count == 1 ? "" : "s"), first \(model.yearLabel(d[0] + 1))"
    }

    // chart TARGET [change|cumulative] [NAME…] [by place]
    func chart(_ written: Target, mode: String?, scenarios names: [String], byPlace: Bool) throws {
        var resolved = ResolvedTarget(written, in: model)
        let target = resolved.name
        let runs = names.map { project(plan(of: scenario($0)!)) }
        // The series: one per scenario, or one per place of the first scenario; `change` against the first
        // scenario (or baseline when one is named), `cumulative` its running sum.
        var named: [(String, [Double])]
        if byPlace {
            named = model.places.indices.map { p in resolved.place = p; return (model.places[p].id, resolved.series(runs[0])) }
        } else {
            named = zip(names, runs).map { ($0, resolved.series($1)) }
        }
        var reference: Double? = 0, referenceName = "zero"
        if let mode {
            let base: [Double]
            if byPlace || names.count == 1 {
                let b = project([])
                base = byPlace ? [] : resolved.series(b)
                if byPlace { named = model.places.indices.map { p in resolved.place = p; return (model.places[p].id, zip(resolved.series(runs[0]), resolved.series(b)).map { $0 - $1 }) } }
                else { named = named.map { ($0.0, zip($0.1, base).map { $0 - $1 }) } }
            } else {
                base = named[0].1
                named = named.dropFirst().map { ($0.0, zip($0.1, base).map { $0 - $1 }) }
            }
            if mode == "cumulative" { named = named.map { ($0.0, $0.1.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }) } }
        } else if case .metric(let k) = resolved.subject {
            // A metric is drawn against its target, or on its own scale when it has none.
            reference = model.metrics[k].target?.value
            referenceName = model.metrics[k].target.map { "target \(NumberFormat.trimmed($0.value, maxDecimals: 3)) (\(model.yearLabel($0.year - model.firstYear + 1)))" } ?? ""
        }
        let against = names.count > 1 && !byPlace ? names[0] : "baseline"
        let what: String = resolved.isMoney ? ResolvedTarget.title(target) : model.metrics[model.metricIndex(target)!].name
        let placeText: String = (written.place.map { " in \($0.text)" } ?? "") + (byPlace ? " by place" : "")
        let modeText: String = mode == "change" ? ", change against \(against)" : mode == "cumulative" ? ", cumulative change against \(against)" : ""
        let title = what + placeText + modeText + " (\(unit(target)))"
        let chart = LineChart(title: title, years: model.yearLabels, series: named,
                              reference: reference, referenceName: referenceName, width: options.width, style: options.style)
        if options.format == .csv || options.format == .markdown {
            write(render(ReportTable(title: chart.title, years: model.yearLabels,
                                     sections: [.init("", named.map { .init($0.0, unit: unit(target), $0.1) })])))
            return
        }
        if options.format == .json {
            write("{\"kind\":\"chart\",\"target\":\(JSONText.quote(target)),\"years\":[" + model.yearLabels.map(JSONText.quote).joined(separator: ",")
                  + "],\"series\":{" + named.map { "\(JSONText.quote($0.0)):\(JSONText.numbers($0.1))" }.joined(separator: ",") + "}}")
        } else {
            write(chart.render())
        }
    }
}
