import PlanModel
import PlanRender
import PlanSupport

/// `sensitivity`: a tornado of the uncertain assumptions (MODEL.md §7).
extension Session {
    struct SensitivityRow { var id: String; var low: Double; var high: Double; var swing: Double { abs(high - low) } }

    /// Each uncertain assumption alone at low and at high, every other one at its mode, set exactly as
    /// a Monte Carlo draw would set it; assumptions the scenario sets are left out.
    func sensitivityRows(_ target: String, year t: Int) -> [SensitivityRow] {
        let plan = Plan(compiled, levers: current.levers)
        let u = UncertaintyPlan(compiled, plan)
        let ws = workspace
        var rows: [SensitivityRow] = []
        var params = plan.params
        plan.params.withUnsafeBufferPointer { base in
            params.withUnsafeMutableBufferPointer { pb in
                let p = pb.baseAddress!
                func value(_ k: Int, _ x: Double) -> Double {
                    for i in 0..<(plan.params.count) { p[i] = base[i] }
                    for j in u.entries.indices { u.apply(j, j == k ? x : u.entries[j].mode, base: base.baseAddress!, into: p) }
                    Engine.run(compiled, plan, params: UnsafePointer(p), into: ws)
                    return target == "balance" ? ws.balance[t] : ws.metricValues[model.metricIndex(target)! * model.years + t]
                }
                for k in u.entries.indices {
                    rows.append(SensitivityRow(id: u.entries[k].id, low: value(k, u.entries[k].low), high: value(k, u.entries[k].high)))
                }
            }
        }
        return rows.enumerated().sorted { a, b in a.element.swing != b.element.swing ? a.element.swing > b.element.swing : a.offset < b.offset }.map(\.element)
    }

    // sensitivity METRIC|balance [in YEAR]
    func sensitivity(_ target: String, year: Int) throws {
        let rows = sensitivityRows(target, year: year - 1)
        let label = model.yearLabel(year)
        if options.format == .json {
            write("{\"kind\":\"sensitivity\",\"scenario\":\(JSONText.quote(currentName)),\"target\":\(JSONText.quote(target)),\"year\":\(JSONText.quote(label)),\"rows\":["
                  + rows.map { "{\"assumption\":\(JSONText.quote($0.id)),\"low\":\(JSONText.number($0.low)),\"high\":\(JSONText.number($0.high)),\"swing\":\(JSONText.number($0.swing))}" }.joined(separator: ",")
                  + "]}")
            return
        }
        if rows.isEmpty { write("  no uncertain assumptions to vary (the model lists none, or the scenario sets them all)"); return }
        let u = unit(target)
        let fmt: (Double) -> String = { u == "£m" ? NumberFormat.money($0, decimals: 1) : NumberFormat.trimmed($0, maxDecimals: 2) }
        let all = rows.flatMap { [$0.low, $0.high] }
        let lo = all.min()!, hi = all.max()!
        let barWidth = max(10, options.width - 70)
        let nameWidth = rows.map(\.id.count).max()!
        var out = ["Sensitivity of \(target) in \(label), scenario \(currentName): each assumption at its low and high, the rest at their mode"]
        for r in rows {
            func col(_ v: Double) -> Int { hi - lo < 1e-12 ? 0 : Int(((v - lo) / (hi - lo) * Double(barWidth - 1)).rounded()) }
            var cells = [String](repeating: " ", count: barWidth)
            for k in min(col(r.low), col(r.high))...max(col(r.low), col(r.high)) { cells[k] = options.style.unicode ? "█" : "#" }
            out.append("  " + r.id.padding(nameWidth) + "  " + cells.joined() + "  low \(fmt(r.low)), high \(fmt(r.high)), swing \(fmt(r.swing))")
        }
        write(out.joined(separator: "\n"))
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
