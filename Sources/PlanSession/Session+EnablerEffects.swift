import PlanModel
import PlanRender

/// What each enabler the scenario moves does to the money. An enabler's table rows show only the change in
/// its own cost; the efficiency it brings to treatment lines (MODEL.md §3, effects on F) and its multiplier on
/// prevention money (M) move the lines instead, so `disable digital` can cut a cost and still leave the
/// balance worse. Each is compared with the scenario itself at that enabler's planned level; PlanRender's
/// EnablerEffect says it in words.
extension Session {
    /// For each enabler whose level differs from 100% in some year, over the horizon (effects lag the level):
    /// the change in its own cost, in everything else the system spends, and in the cumulative balance, each
    /// against the same plan with that enabler at 100% every year (one more engine run per enabler).
    func enablerEffects(_ plan: Plan, _ p: Projection) -> [EnablerEffect] {
        let T = model.years, last = T - 1
        var out: [EnablerEffect] = []
        for (e, enabler) in model.enablers.enumerated() {
            let levels = Array(plan.levels[(e * T)..<(e * T + T)])
            guard levels.contains(where: { $0 != 1 }) else { continue }
            var planned = plan
            for t in 0..<T { planned.levels[e * T + t] = 1 }
            let q = Projection(compiled, planned)  // its own workspace: the session's keeps the scenario's run
            let cost = (0..<T).reduce(0) { $0 + p.enablers[e].cost[$1] - q.enablers[e].cost[$1] }
            let spend = (0..<T).reduce(0) { $0 + p.spend[$1] - q.spend[$1] }
            out.append(EnablerEffect(enabler: enabler.id, levels: levels, years: model.yearLabels, cost: cost, lines: spend - cost,
                                     cumulativeBalance: p.cumulative[last] - q.cumulative[last], lastBalance: p.balance[last] - q.balance[last]))
        }
        return out
    }
}
