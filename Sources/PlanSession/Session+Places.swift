import PlanModel
import PlanRender
import PlanSupport

/// `compare places`: the current scenario, place by place, with the gap (MODEL.md §1, §4).
extension Session {
    // compare places [on METRIC…]
    func comparePlaces(on targets: [String]) {
        let names = targets.isEmpty ? MoneyWord.positions.map(\.rawValue) + model.metrics.map(\.id) : targets
        emit(.table(ShowViews.places(names.compactMap { ResolvedTarget(name: $0, in: model) }, model: model,
                                     projection: currentRun, scenario: currentName)))
    }
}
