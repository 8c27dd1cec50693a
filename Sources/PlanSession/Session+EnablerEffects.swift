import PlanModel
import PlanSupport

/// What each enabler the scenario moves does to the money, in words. An enabler's table rows show only the
/// change in its own cost; the efficiency it brings to treatment lines (MODEL.md §3, effects on F) and its
/// multiplier on prevention money (M) move the lines instead, so `disable digital` can cut a cost and still
/// leave the balance worse. The sentence compares the scenario with itself at that enabler's planned level.
extension Session {
    /// For each enabler whose level differs from 100% in some year, over the horizon (effects lag the level):
    /// the change in its own cost, in everything else the system spends, and in the cumulative balance, each
    /// against the same plan with that enabler at 100% every year (one more engine run per enabler).
    func enablerEffectLines(_ plan: Plan, _ p: Projection) -> [String] {
        let T = model.years, last = T - 1
        var out: [String] = []
        for (e, enabler) in model.enablers.enumerated() {
            let levels = Array(plan.levels[(e * T)..<(e * T + T)])
            guard levels.contains(where: { $0 != 1 }) else { continue }
            var planned = plan
            for t in 0..<T { planned.levels[e * T + t] = 1 }
            let q = Projection(compiled, planned)  // its own workspace: the session's keeps the scenario's run
            let cost = (0..<T).reduce(0) { $0 + p.enablers[e].cost[$1] - q.enablers[e].cost[$1] }
            let spend = (0..<T).reduce(0) { $0 + p.spend[$1] - q.spend[$1] }
            let balance = p.cumulative[last] - q.cumulative[last]
            let change = { (v: Double) in
                abs(v) < 0.05 ? "is unchanged" : "\(v > 0 ? "rises" : "falls") by \(NumberFormat.money(abs(v), decimals: 1))"
            }
            let compared = { (v: Double) in
                abs(v) < 0.05 ? "the same" : "\(NumberFormat.money(abs(v), decimals: 1)) \(v > 0 ? "better" : "worse")"
            }
            out.append("\(enabler.id) \(describe(levels)): over \(model.yearLabel(1)) to \(model.yearLabel(T)) its own cost "
                       + "\(change(cost)); through the efficiency and prevention returns it brings, the spending lines' cost "
                       + "\(change(spend - cost)); so the cumulative balance is \(compared(balance))"
                       + "\(abs(balance) < 0.05 ? " as" : " than") with \(enabler.id) at 100% "
                       + "(\(model.yearLabel(T)) alone: \(compared(p.balance[last] - q.balance[last])))")
        }
        return out
    }

    /// "at 0% from 2028/29" where one level holds to the end, else each changed year ("at 50% in 2027/28").
    private func describe(_ levels: [Double]) -> String {
        let changed = levels.indices.filter { levels[$0] != 1 }
        let percent = { (v: Double) in NumberFormat.trimmed(v * 100, maxDecimals: 1) + "%" }
        let first = changed[0]
        if changed.count == levels.count - first, changed.allSatisfy({ levels[$0] == levels[first] }) {
            return "at \(percent(levels[first]))" + (first == 0 ? "" : " from \(model.yearLabel(first + 1))")
        }
        return "at " + changed.map { "\(percent(levels[$0])) in \(model.yearLabel($0 + 1))" }.joined(separator: ", ")
    }
}
