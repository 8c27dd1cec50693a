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
        remember("model horizon \(n)")
        model = next
        compiled = CompiledModel(next)
        workspace = Workspace(compiled)
        for i in rebuilt.indices { rebuilt[i].stale = true }
        scenarios = rebuilt
        reindex()
        note("every scenario now runs over \(n) year\(n == 1 ? "" : "s"), \(model.yearLabel(1)) to \(model.yearLabel(n))")
    }

    /// The last year a statement's period names, if it names one.
    func lastYear(of st: Statement) -> Int? {
        let period: Period?
        switch st.kind {
        case let .shift(_, _, _, _, p), let .invest(_, _, _, p), let .enable(_, _, p), let .disable(_, p), let .set(_, _, p): period = p
        default: period = nil
        }
        guard let period else { return nil }
        return (period.last ?? period.first).year
    }
}

/// The search of `explain variance` (MODEL.md §8): 201 points, the crossing nearest the model's value,
/// then bisection to within 1e-9 of the range.
enum VarianceSearch {
    static func solve(lo: Double, hi: Double, near value: Double, _ f: (Double) -> Double) -> Double? {
        if hi - lo == 0 { return f(lo) == 0 ? lo : nil }
        let xs = (0...200).map { lo + (hi - lo) * Double($0) / 200 }
        let fs = xs.map(f)
        var best: Int?
        for i in 0..<200 where (fs[i] <= 0 && 0 <= fs[i + 1]) || (fs[i] >= 0 && 0 >= fs[i + 1]) {
            let mid = (xs[i] + xs[i + 1]) / 2
            if let b = best, abs((xs[b] + xs[b + 1]) / 2 - value) <= abs(mid - value) { continue }
            best = i
        }
        guard let i = best else { return nil }
        var a = xs[i], b = xs[i + 1], fa = fs[i]
        if fa == 0 { return a }
        if fs[i + 1] == 0 { return b }
        while b - a > 1e-9 * (hi - lo) {
            let m = (a + b) / 2, fm = f(m)
            if fm == 0 { return m }
            if (fa < 0) == (fm < 0) { a = m; fa = fm } else { b = m }
        }
        return (a + b) / 2
    }
}
