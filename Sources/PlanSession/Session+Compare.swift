import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `compare` and `chart`: several scenarios side by side.
extension Session {
    /// The value series of a target (`balance` or a metric id) in a projection.
    func series(_ target: String, _ p: Projection) -> [Double] {
        target == "balance" ? p.balance : p.metrics[model.metricIndex(target)!].values
    }

    /// One figure of one run, read straight from the workspace (explain runs this thousands of times).
    func value(_ target: String, year t: Int, levers: [Lever]) -> Double {
        Engine.run(compiled, Plan(compiled, levers: levers), into: workspace)
        return target == "balance" ? workspace.balance[t] : workspace.metricValues[model.metricIndex(target)! * model.years + t]
    }

    func higherIsBetter(_ target: String) -> Bool {
        target == "balance" || model.metrics[model.metricIndex(target)!].better == .higher
    }

    func unit(_ target: String) -> String { target == "balance" ? "£m" : model.metrics[model.metricIndex(target)!].unit }

    // compare NAME NAME [NAME…] [on METRIC…]
    func compare(_ names: [String], on targets: [String]) throws {
        let runs = names.map { project(scenario($0)!.levers) }
        let metrics = targets.isEmpty ? model.metrics.map(\.id) : targets.filter { $0 != "balance" }
        let labels = model.yearLabels
        if options.format == .json {
            var s = "{\"kind\":\"comparison\",\"scenarios\":[" + names.map(JSONText.quote).joined(separator: ",") + "]"
            s += ",\"years\":[" + labels.map(JSONText.quote).joined(separator: ",") + "]"
            s += ",\"balance\":{" + zip(names, runs).map { "\(JSONText.quote($0)):\(JSONText.numbers($1.balance))" }.joined(separator: ",") + "}"
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
        for target in ["balance"] + metrics {
            let title = target == "balance" ? "Balance" : model.metrics[model.metricIndex(target)!].name
            var rows: [ReportTable.Row] = []
            let first = series(target, runs[0])
            let decimals = target == "balance" ? 1 : 2
            for (i, name) in names.enumerated() {
                let values = series(target, runs[i])
                rows.append(.init(name, unit: unit(target), values, decimals: decimals,
                                  note: target == "balance" ? deficitNote(runs[i]) : ""))
                if i > 0 {
                    let delta = zip(values, first).map { $0 - $1 }
                    let last = delta.last ?? 0
                    let better = higherIsBetter(target) ? last > 1e-9 : last < -1e-9
                    let worse = higherIsBetter(target) ? last < -1e-9 : last > 1e-9
                    let note = better ? "\(options.style.up) better than \(names[0]) by the last year"
                        : worse ? "\(options.style.down) worse than \(names[0]) by the last year" : "no change"
                    rows.append(.init("  change vs \(names[0])", unit: unit(target), delta, decimals: decimals,
                                      note: note, noteIsGood: better ? true : worse ? false : nil))
                }
            }
            sections.append(.init(title, rows))
        }
        let stale = names.filter { scenario($0)!.stale }
        let heading = "Comparison: " + names.joined(separator: ", ")
            + (stale.isEmpty ? "" : " [stale: \(stale.joined(separator: ", ")) changed since last simulated]")
        write(render(ReportTable(title: heading, years: labels, sections: sections)))
    }

    func deficitNote(_ p: Projection) -> String {
        let d = p.deficitYears
        return d.isEmpty ? "balanced every year" : "deficit in \(d.count) year\(d.count == 1 ? "" : "s"), first \(model.yearLabel(d[0] + 1))"
    }

    // chart METRIC|balance [NAME…]
    func chart(_ target: String, scenarios names: [String]) throws {
        let runs = names.map { project(scenario($0)!.levers) }
        var reference = 0.0, referenceName = "zero"
        if target != "balance", let t = model.metrics[model.metricIndex(target)!].target {
            reference = t.value; referenceName = "target \(NumberFormat.trimmed(t.value, maxDecimals: 3))"
        } else if target != "balance" {
            reference = model.metrics[model.metricIndex(target)!].base; referenceName = "the \(model.yearLabel(1)) value"
        }
        let chart = BarChart(title: (target == "balance" ? "Balance" : model.metrics[model.metricIndex(target)!].name) + " (\(unit(target)))",
                             years: model.yearLabels, series: zip(names, runs).map { ($0, series(target, $1)) },
                             reference: reference, referenceName: referenceName, width: options.width, style: options.style)
        if options.format == .csv || options.format == .markdown {
            write(render(ReportTable(title: chart.title, years: model.yearLabels,
                                     sections: [.init("", zip(names, runs).map { .init($0, unit: unit(target), series(target, $1)) })])))
            return
        }
        if options.format == .json {
            write("{\"kind\":\"chart\",\"target\":\(JSONText.quote(target)),\"years\":[" + model.yearLabels.map(JSONText.quote).joined(separator: ",")
                  + "],\"series\":{" + zip(names, runs).map { "\(JSONText.quote($0)):\(JSONText.numbers(series(target, $1)))" }.joined(separator: ",") + "}}")
        } else {
            write(chart.render())
        }
    }
}
