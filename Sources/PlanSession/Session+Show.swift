import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `show`: the model, the scenario, or one line across the years. The session picks the runs; PlanRender's
/// ShowViews lays them out.
extension Session {
    func show(_ topic: Name, place: Name?, byPlace: Bool) throws {
        if let t = ShowTopic(rawValue: topic.text) { return emit(show(t)) }
        let p = currentRun
        if let e = model.enablerIndex(topic.text) {
            return emit(.table(ShowViews.enabler(e, model: model, projection: p, scenario: currentName)))
        }
        let target = try ResolvedTarget(Target(topic, place: place, range: topic.range), in: model)
        if place != nil || byPlace {
            return emit(.table(ShowViews.line(target, model: model, projection: p, scenario: currentName, byPlace: byPlace)))
        }
        switch target.subject {
        case .balance: emit(.table(ShowViews.balance(model: model, projection: p, scenario: currentName)))
        case .icbBalance: emit(.table(ShowViews.icbBalance(model: model, projection: p, scenario: currentName)))
        case .organisation(let o): emit(.table(ShowViews.organisation(o, model: model, projection: p, scenario: currentName)))
        case .income, .spend, .underlying, .riskAdjusted: emit(.table(ShowViews.line(target, model: model, projection: p, scenario: currentName, byPlace: false)))
        case .metric(let k):
            emit(.table(ShowViews.metric(k, model: model, projection: p, baseline: currentName == "baseline" ? nil : project([]), scenario: currentName)))
        case .prevention(let rows): emit(.table(ShowViews.prevention(rows, model: model, projection: p, scenario: currentName)))
        case .category(let c): emit(.table(ShowViews.category(c, model: model, projection: p, scenario: currentName)))
        }
    }

    func show(_ topic: ShowTopic) -> Outcome {
        switch topic {
        case .places: return ShowViews.placeList(model: model, projection: currentRun, scenario: currentName)
        case .actuals: return .actuals(actualsView())
        case .baseline: return .simulation(SimulationReport(model: model, projection: project([]), scenario: "baseline", statementCount: 0))
        case .levers: return .text(ShowViews.levers(scenarioSummary(current)))
        case .scenario: return .text(ShowViews.scenario(scenarioSummary(current), model: model, projection: currentRun))
        case .enablers: return .list(ShowViews.list(topic, ModelViews.enablers(model, levels: currentRun.enablers.map(\.level))))
        case .categories: return .list(ShowViews.list(topic, ModelViews.categories(model)))
        case .metrics: return .list(ShowViews.list(topic, ModelViews.metrics(model)))
        case .assumptions: return .assumptions(assumptionsView())
        case .sources: return .sources(SourcesView(model))
        case .income: return .table(ShowViews.income(model: model, projection: currentRun, scenario: currentName))
        case .organisations: return ShowViews.organisations(model: model, projection: currentRun, scenario: currentName)
        case .risks: return ShowViews.risks(model: model, projection: currentRun, scenario: currentName)
        }
    }

    func scenarioSummary(_ s: ScenarioState) -> ShowViews.Scenario {
        ShowViews.Scenario(name: s.name, parent: s.parent, statements: s.statements.map(\.text), inherited: s.inherited, stale: s.stale)
    }

    /// Every assumption that has an effect in this model, with the current scenario's values.
    func assumptionsView() -> AssumptionsView {
        let plan = currentPlanCached
        return AssumptionsView(scenario: currentName, rows: Assumption.all(in: model).filter { $0.hasEffect(in: model) }.map { a in
            let id = a.id(in: model)
            let offset = compiled.offset(of: a)
            let values = a.isPerYear ? (2...max(2, model.years)).filter { $0 <= model.years }.map { plan.params[offset + $0 - 1] } : [plan.params[offset]]
            let u = model.uncertainty.first { $0.assumption == id }
            return AssumptionsView.Row(id: id, values: values, kind: a.valueKind, isSet: plan.setAssumptions.contains(a),
                                       range: u.map { ($0.low, $0.mode, $0.high) }, perYear: a.isPerYear, summary: a.summary(in: model))
        })
    }
}
