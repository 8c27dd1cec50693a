import Dispatch
import PlanModel
import PlanRender
import PlanSupport

/// `montecarlo`: how sure we can be.
extension Session {
    /// Draws of `plan` (the current scenario's unless given); nil when interrupted.
    /// `label` names the work on the progress line (the report says which scenario it is drawing).
    func runMonteCarlo(draws n: Int, seed: UInt64, plan given: Plan? = nil, label: String = "montecarlo") -> MonteCarlo.Summary? {
        let host = self.host
        defer { host.progress("", fraction: 1) }
        return MonteCarlo.run(compiled, given ?? currentPlanCached, draws: n, seed: seed, options: options.monteCarlo, memory: monteCarloMemory,
                              progress: { host.progress(label, fraction: $0) }, interrupted: { host.interrupted })
    }

    // montecarlo [N] [seed N]
    func monteCarlo(draws n: Int, seed: UInt64) throws {
        guard let r = runMonteCarlo(draws: n, seed: seed) else {
            acknowledgeInterrupt()
            throw refuse("montecarlo interrupted; nothing changed", nil)
        }
        // The plan's own final balance, from one run (a whole projection is not needed).
        Engine.run(compiled, currentPlanCached, into: workspace)
        let plannedFinalBalance = workspace.balance[model.years - 1]
        let uncertain = compiled.uncertain.filter { !currentPlanCached.setAssumptions.contains($0) }.count
        var view = MonteCarloView(
            scenario: currentName, draws: n, seed: seed, uncertain: uncertain, years: model.yearLabels,
            pBalanced: r.pBalanced, pIcbBalanced: r.pIcbBalanced, balancedEveryYear: r.balancedEveryYear,
            balance: r.balance, icbBalance: r.icbBalance,
            places: model.places.enumerated().map { MonteCarloView.Place(id: $1.id, pBalanced: r.pPlaceBalanced[$0]) },
            metrics: model.metrics.enumerated().map { MonteCarloView.Metric(id: $1.id, name: $1.name, unit: $1.unit, percentiles: r.metrics[$0]) },
            plannedFinalBalance: plannedFinalBalance)
        view.underlying = r.underlying
        view.pBalancedBeforeMitigations = r.pBalancedBeforeMitigations
        view.registerEntries = currentPlanCached.risks.count
        view.severalICBs = model.organisations.filter { $0.kind == .commissioner }.count > 1
        view.organisations = model.organisations.enumerated().map { MonteCarloView.Place(id: $1.id, pBalanced: r.pOrganisationBalanced[$0]) }
        view.modesAwayFromPlan = modesAwayFromPlan(currentPlanCached)
        view.skewedRanges = skewedRanges(currentPlanCached)
        emit(.monteCarlo(view))
    }

    /// The uncertain assumptions the plan leaves alone whose range reaches materially further (by more than a
    /// quarter) on one side of the mode than the other: the median of their draws is not the mode.
    func skewedRanges(_ plan: Plan) -> [String] {
        zip(model.uncertainty, compiled.uncertain).compactMap { u, a in
            guard !plan.setAssumptions.contains(a) else { return nil }
            let down = u.mode - u.low, up = u.high - u.mode
            guard abs(down - up) > 0.25 * max(down, up) else { return nil }
            return "\(u.assumption) (further \(down > up ? "below" : "above"))"
        }
    }

    /// The uncertain assumptions the plan leaves alone whose mode differs from the plan's value, in words:
    /// per-year ones are drawn as offsets, so a mode other than 0 moves every year from the second.
    func modesAwayFromPlan(_ plan: Plan) -> [MonteCarloView.ModeAway] {
        zip(model.uncertainty, compiled.uncertain).compactMap { u, a -> MonteCarloView.ModeAway? in
            guard !plan.setAssumptions.contains(a) else { return nil }
            if a.isPerYear {
                guard abs(u.mode) > 1e-12 else { return nil }
                return .init(assumption: u.assumption, mode: u.mode, plan: nil, kind: a.valueKind)
            }
            let value = plan.params[compiled.offset(of: a)]
            guard abs(u.mode - value) > 1e-12 else { return nil }
            return .init(assumption: u.assumption, mode: u.mode, plan: value, kind: a.valueKind)
        }
    }
}
