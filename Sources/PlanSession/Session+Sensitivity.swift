import PlanModel
import PlanRender
import PlanSupport

/// `sensitivity`: a tornado of the uncertain assumptions (MODEL.md §7).
extension Session {
    func sensitivityRows(_ target: ResolvedTarget, year t: Int, plan given: Plan? = nil) -> [Sensitivity.Row] {
        let compiled = self.compiled
        return Sensitivity.rows(compiled, given ?? currentPlanCached, workspace: workspace) { target.value($0, compiled, t) }
    }

    func sensitivityBase(_ target: ResolvedTarget, year t: Int) -> Double {
        let compiled = self.compiled
        return Sensitivity.centre(compiled, currentPlanCached, workspace: workspace) { target.value($0, compiled, t) }
    }

    // sensitivity METRIC|balance [in YEAR]
    func sensitivity(_ target: ResolvedTarget, year: Int) throws {
        emit(.sensitivity(SensitivityView(
            scenario: currentName, target: target.name, place: target.place.map { model.places[$0].id }, targetText: target.text(model),
            unit: target.unit(model), year: model.yearLabel(year),
            rows: sensitivityRows(target, year: year - 1).map { SensitivityView.Row(id: $0.id, low: $0.low, high: $0.high) },
            centre: sensitivityBase(target, year: year - 1), planned: target.series(currentRun)[year - 1])))
    }
}
