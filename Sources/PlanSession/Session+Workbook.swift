import PlanSupport
import PlanModel
import PlanRender

/// `export xlsx`: the session gathers the scenario's runs and Monte Carlo; PlanRender's ScenarioWorkbook lays
/// out the sheets.
extension Session {
    /// Draws and seed of the Monte Carlo sheet (the same seed as `montecarlo`'s default).
    static let workbookDraws = Limits.defaultDraws

    func workbook() -> Workbook {
        let s = current, plan = plan(of: s)
        let assumptions = Assumption.all(in: model).filter { $0.hasEffect(in: model) }.map { a in
            let offset = compiled.offset(of: a)
            return (id: a.id(in: model), values: a.isPerYear ? (1..<model.years).map { plan.params[offset + $0] } : [plan.params[offset]], kind: a.valueKind)
        }
        return ScenarioWorkbook(model: model, scenario: s.name, statements: s.statements.map(\.text), policy: plan.policy, date: host.today(),
                                assumptions: assumptions, projection: project(plan), baseline: project(Plan(compiled)),
                                monteCarlo: runMonteCarlo(draws: Session.workbookDraws, seed: 1), draws: Session.workbookDraws, seed: 1).workbook()
    }
}
