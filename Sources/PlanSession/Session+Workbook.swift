import PlanSupport
import PlanModel
import PlanRender

/// `export xlsx`: the session gathers each scenario's runs and Monte Carlo; PlanRender's ScenarioWorkbook lays
/// out the sheets.
extension Session {
    /// Draws and seed of the Monte Carlo sheet (the same as `montecarlo`'s default).
    static let workbookDraws = Limits.defaultDraws

    func workbook(_ states: [ScenarioState]) -> Workbook {
        let books = states.map { s -> ScenarioWorkbook in
            let plan = plan(of: s)
            let assumptions = Assumption.all(in: model).filter { $0.hasEffect(in: model) }.map { a in
                let offset = compiled.offset(of: a)
                return (id: a.id(in: model), values: a.isPerYear ? (1..<model.years).map { plan.params[offset + $0] } : [plan.params[offset]], kind: a.valueKind)
            }
            return ScenarioWorkbook(model: model, scenario: s.name, statements: s.statements.map(\.text), policy: plan.policy, date: host.today(),
                                    assumptions: assumptions, projection: project(plan), baseline: project(Plan(compiled)),
                                    monteCarlo: runMonteCarlo(draws: Session.workbookDraws, seed: 1, plan: plan, label: "export: '\(s.name)', Monte Carlo"),
                                    draws: Session.workbookDraws, seed: 1)
        }
        return ScenarioWorkbook.combined(books, provenance: provenance(states.map(\.name), seed: 1, draws: Session.workbookDraws))
    }
}
