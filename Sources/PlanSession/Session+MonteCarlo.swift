import Dispatch
import PlanModel
import PlanRender
import PlanSupport

/// `montecarlo`: how sure we can be.
extension Session {
    /// Draws of `plan` (the current scenario's unless given); nil when interrupted.
    func runMonteCarlo(draws n: Int, seed: UInt64, plan given: Plan? = nil) -> MonteCarlo.Summary? {
        let host = self.host
        defer { host.progress("", fraction: 1) }
        return MonteCarlo.run(compiled, given ?? currentPlanCached, draws: n, seed: seed, options: options.monteCarlo, memory: monteCarloMemory,
                              progress: { host.progress("montecarlo", fraction: $0) }, interrupted: { host.interrupted })
    }

    // montecarlo [N] [seed N]
    func monteCarlo(draws n: Int, seed: UInt64) throws {
        guard let r = runMonteCarlo(draws: n, seed: seed) else {
            acknowledgeInterrupt()
            throw refuse("montecarlo interrupted; nothing changed", nil)
        }
        let labels = model.yearLabels
        if options.format == .json {
            var s = "{\"kind\":\"montecarlo\",\"scenario\":\(JSONText.quote(currentName)),\"draws\":\(n),\"seed\":\(seed),"
            s += "\"years\":[" + labels.map(JSONText.quote).joined(separator: ",") + "],\"pBalanced\":\(JSONText.numbers(r.pBalanced)),"
            s += "\"pIcbBalanced\":\(JSONText.numbers(r.pIcbBalanced)),"
            s += "\"pBalancedEveryYear\":\(JSONText.number(r.balancedEveryYear)),"
            s += "\"balance\":{\"p10\":\(JSONText.numbers(r.balance[0])),\"p50\":\(JSONText.numbers(r.balance[1])),\"p90\":\(JSONText.numbers(r.balance[2]))},"
            s += "\"icbBalance\":{\"p10\":\(JSONText.numbers(r.icbBalance[0])),\"p50\":\(JSONText.numbers(r.icbBalance[1])),\"p90\":\(JSONText.numbers(r.icbBalance[2]))},"
            s += "\"metrics\":{" + model.metrics.enumerated().map { k, m in
                "\(JSONText.quote(m.id)):{\"p10\":\(JSONText.numbers(r.metrics[k][0])),\"p50\":\(JSONText.numbers(r.metrics[k][1])),\"p90\":\(JSONText.numbers(r.metrics[k][2]))}"
            }.joined(separator: ",") + "}"
            if !model.places.isEmpty {
                s += ",\"places\":{" + model.places.enumerated().map { "\(JSONText.quote($1.id)):{\"pBalanced\":\(JSONText.numbers(r.pPlaceBalanced[$0]))}" }.joined(separator: ",") + "}"
            }
            s += "}"
            write(s)
            return
        }
        var sections = [ReportTable.Section("Balance", [
            .init("P(balance ≥ 0)", unit: "%", r.pBalanced.map { $0 * 100 }, decimals: 0),
            .init("P10", unit: "£m", r.balance[0]), .init("P50", unit: "£m", r.balance[1]), .init("P90", unit: "£m", r.balance[2]),
            .init("P(ICB balance ≥ 0)", unit: "%", r.pIcbBalanced.map { $0 * 100 }, decimals: 0)]
            + model.places.enumerated().map { .init("P(\($1.id) ≥ 0)", unit: "%", r.pPlaceBalanced[$0].map { $0 * 100 }, decimals: 0) })]
        // Metrics whose percentiles all agree (nothing uncertain moves them) are named in one line, not tabled.
        var settled: [String] = []
        for (k, m) in model.metrics.enumerated() {
            let spread = zip(r.metrics[k][0], r.metrics[k][2]).map { abs($1 - $0) }.max() ?? 0
            if spread < 1e-9 * max(1, r.metrics[k][1].map(abs).max() ?? 0) { settled.append(m.id); continue }
            let d = r.metrics[k][1].map(abs).max() ?? 0 >= 100 ? 1 : 2
            sections.append(.init(m.name + (m.unit.isEmpty ? "" : " (\(m.unit))"), [
                .init("P10", unit: "", r.metrics[k][0], decimals: d), .init("P50", unit: "", r.metrics[k][1], decimals: d),
                .init("P90", unit: "", r.metrics[k][2], decimals: d)]))
        }
        let verdict = "Verdict: balanced every year in \(NumberFormat.fixed(r.balancedEveryYear * 100, decimals: 0))% of \(n) draws (seed \(seed))"
        var footer = [verdict]
        let plan = project(currentPlanCached).balance
        footer.append("The plan as simulated (no assumption drawn) gives \(NumberFormat.money(plan[plan.count - 1], decimals: 1)) in \(labels[labels.count - 1]); "
                      + "the draws follow each assumption's uncertainty, whose mode may differ from the plan's value (show assumptions).")
        if !settled.isEmpty { footer.append("No spread (no uncertain assumption moves them): " + settled.joined(separator: ", ")) }
        let table = ReportTable(title: "Monte Carlo, scenario \(currentName): \(n) draws of \(UncertaintyPlan(compiled, currentPlanCached).count) uncertain assumptions",
                                years: labels, sections: sections, footer: footer)
        guard options.format == .table else { write(render(table)); return }
        let fan = FanChart(title: "Balance (£m): where eight draws in ten fall", years: labels, p10: r.balance[0], p50: r.balance[1],
                           p90: r.balance[2], width: options.width, style: options.style)
        write(render(table) + "\n" + fan.render())
    }
}
