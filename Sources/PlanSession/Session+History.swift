import PlanLanguage
import PlanModel

/// Undo, redo and `model horizon`: the changes to a session that are not a statement appended.
extension Session {
    /// Takes a step back (`forward` false: undo) or forward again (redo), and returns the record of the
    /// step for the other stack.
    func step(_ snap: Snapshot, forward: Bool) -> Snapshot {
        planCache = [:]
        switch snap.change {
        case let .appended(name, statement, lever, wasStale):
            var s = scenarios[scenarioIndex[name]!]
            if forward { s.statements.append(statement); s.levers.append(lever); s.stale = true } else {
                s.statements.removeLast(); s.levers.removeLast(); s.stale = wasStale
            }
            scenarios[scenarioIndex[name]!] = s
            currentName = forward ? snap.after : snap.before
            return snap
        case .created(let state):
            if forward { appendScenario(state) } else {
                scenarios.removeLast()
                scenarioIndex[state.name] = nil
                vocabularyCache = nil
            }
            currentName = forward ? snap.after : snap.before
            return snap
        case let .whole(oldScenarios, oldActuals, oldModel):
            let other = Snapshot(change: .whole(scenarios: scenarios, actuals: actuals, model: model), before: snap.before, after: snap.after, what: snap.what)
            scenarios = oldScenarios; actuals = oldActuals
            if oldModel != model {
                model = oldModel
                compiled = CompiledModel(model)
                workspace = Workspace(compiled)
            }
            currentName = forward ? snap.after : snap.before
            reindex()
            return other
        }
    }

    // model horizon N
    func changeHorizon(_ n: Int, _ statement: Statement) throws {
        var next = model
        next.years = n
        do { try ModelLoader.checkProjection(next) } catch let e as ModelError {
            throw refuse("over \(n) years the model's own projection overflows: \(e)", statement.range, ["nothing changed"])
        }
        // Periods are kept as typed: re-resolve every scenario's statements against the new horizon.
        var rebuilt = scenarios
        for i in rebuilt.indices {
            for (j, st) in rebuilt[i].statements.enumerated() {
                if let beyond = lastYear(of: st), beyond > n {
                    throw refuse("'\(st.text)' in scenario '\(rebuilt[i].name)' names \(model.yearLabel(beyond)), beyond a horizon of \(n) year\(n == 1 ? "" : "s") (to \(next.yearLabel(n)))",
                                 statement.range, ["drop or change that statement first; nothing changed"])
                }
                rebuilt[i].levers[j] = try lever(for: st, horizon: n)
            }
        }
        // A prevention refusal (MODEL.md §3) is judged again over the new years: each statement as it would
        // be judged if typed now, on the statements before it.
        let nextCompiled = CompiledModel(next)
        if let r = preventionRefusal(rebuilt, next, nextCompiled) {
            let place = r.place.map { " in \($0)" } ?? ""
            throw refuse("over \(n) years '\(r.statement.text)' in scenario '\(r.scenario)' takes \(r.category)\(place)\(r.outturn ? "'s outturn" : "") below zero in \(next.yearLabel(r.year))",
                         statement.range, ["a prevention line cannot be spent below nothing; drop or change that statement first; nothing changed"])
        }
        remember("model horizon \(n)")
        model = next
        compiled = nextCompiled
        workspace = Workspace(compiled)
        for i in rebuilt.indices { rebuilt[i].stale = true }
        scenarios = rebuilt
        reindex()
        confirm(.horizonChanged(years: n, first: model.yearLabel(1), last: model.yearLabel(n)))
    }

    /// The first statement of any scenario that leaves a prevention line below zero, in a place or over the
    /// system, in `model` (judged as `addLever` judges a statement typed: on its scenario's statements so far).
    func preventionRefusal(_ scenarios: [ScenarioState], _ model: Model, _ compiled: CompiledModel)
        -> (scenario: String, statement: Statement, category: String, place: String?, year: Int, outturn: Bool)? {
        let ws = Workspace(compiled)
        for s in scenarios {
            var plan = Plan(compiled, levers: [])
            for (statement, lever) in zip(s.statements, s.levers) {
                plan.apply(lever, compiled)
                Engine.run(compiled, plan, into: ws)
                if let r = Session.preventionBelowZero(compiled, ws) {
                    return (s.name, statement, model.categories[r.category].id, r.place.map { model.places[$0].id }, r.year + 1, r.outturn)
                }
            }
        }
        return nil
    }

    /// The last year a statement's period names, if it names one.
    func lastYear(of st: Statement) -> Int? {
        guard let period = st.lever?.period else { return nil }
        return (period.last ?? period.first).year
    }
}
