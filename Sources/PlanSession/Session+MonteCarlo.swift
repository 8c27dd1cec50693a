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
        let plan = project(currentPlanCached).balance
        emit(MonteCarloView(
            scenario: currentName, draws: n, seed: seed, uncertain: UncertaintyPlan(compiled, currentPlanCached).count, years: model.yearLabels,
            pBalanced: r.pBalanced, pIcbBalanced: r.pIcbBalanced, balancedEveryYear: r.balancedEveryYear,
            balance: r.balance, icbBalance: r.icbBalance,
            places: model.places.enumerated().map { MonteCarloView.Place(id: $1.id, pBalanced: r.pPlaceBalanced[$0]) },
            metrics: model.metrics.enumerated().map { MonteCarloView.Metric(id: $1.id, name: $1.name, unit: $1.unit, percentiles: r.metrics[$0]) },
            plannedFinalBalance: plan[plan.count - 1]))
    }
}
