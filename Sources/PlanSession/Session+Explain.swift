import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `explain`: a difference split into one Shapley share per statement.
extension Session {
    // explain METRIC|balance [in YEAR] [vs NAME]
    func explain(_ written: Target, year: YearRef?, against: Name?) throws {
        let resolved = try ResolvedTarget(written, in: model)
        let target = Name(resolved.text(model), written.range)
        let s = current
        var base = 0
        var againstName = "baseline"
        if let against, against.text != "baseline" {
            guard s.parent == against.text else {
                throw refuse("'\(s.name)' was not made from '\(against.text)'", against.range,
                             ["explain against baseline, or against the scenario it was made from" + (s.parent.map { " ('\($0)')" } ?? "")])
            }
            let parent = scenario(against.text)!
            guard parent.statements.map(\.text) == s.statements.prefix(s.inherited).map(\.text) else {
                throw refuse("'\(against.text)' has changed since '\(s.name)' was made from it", against.range,
                             ["explain against baseline, or see both with: compare \(against.text) \(s.name)"])
            }
            base = s.inherited
            againstName = against.text
        }
        let t = (year?.year ?? model.years) - 1
        let players = Array(s.levers[base...])
        let statements = Array(s.statements[base...])
        let fixed = Array(s.levers[..<base])
        guard let (shares, total) = shapley(resolved, year: t, fixed: fixed, players: players) else {
            acknowledgeInterrupt()
            throw refuse("explain interrupted; nothing changed", nil)
        }
        var lines: [(String, Double)] = []
        if resolved == .balance {
            let a = project(fixed + players), b = project(fixed)
            // balance = income − Σ outturn − enabler costs, so spending more shows as a negative effect.
            lines = [("income", a.income[t] - b.income[t])]
            for c in model.categories.indices {
                lines.append(("\(model.categories[c].id) outturn", -(a.categories[c].outturn[t] - b.categories[c].outturn[t])))
            }
            lines.append(("enabler costs", -(a.enablers.map { $0.cost[t] }.reduce(0, +) - b.enablers.map { $0.cost[t] }.reduce(0, +))))
        }
        emit(.explanation(ExplanationView(
            scenario: s.name, against: againstName, target: resolved.name, place: resolved.place.map { model.places[$0].id },
            targetText: target.text, unit: resolved.unit(model), higherIsBetter: resolved.higherIsBetter(model), year: model.yearLabel(t + 1),
            total: total, shares: zip(statements, shares).map { ExplanationView.Share(statement: $0.text, share: $1, sources: sources(for: $0, target: resolved)) },
            exactLimit: Shapley.exactLimit, samples: Shapley.samples(players: shares.count), lines: lines,
            paybacks: resolved == .balance && againstName == "baseline" ? paybacks(project(s.levers)) : [])))
    }

    /// One Shapley share per player lever of the target in year t (0-based), with `fixed` levers always
    /// applied, and the whole difference; nil when Ctrl-C stopped it. Each coalition runs in typed order.
    func shapley(_ target: ResolvedTarget, year t: Int, fixed: [Lever], players: [Lever]) -> (shares: [Double], total: Double)? {
        var cancelled = false
        let value: ([Lever]) -> Double = { levers in
            if cancelled || self.host.interrupted { cancelled = true; return 0 }
            return self.value(target, year: t, levers: fixed + levers)
        }
        let host = self.host, compiled = self.compiled
        let shares = Shapley.shares(count: players.count, seed: 1) {
            let v = Coalitions.values(compiled, fixed: fixed, players: players, value: { target.value($0, compiled, t) },
                                      interrupted: { host.interrupted })
            if v == nil { cancelled = true }
            return v ?? []
        } sampled: { order in
            // Sampled permutations evaluate prefixes of `order`, kept in typed order.
            value(order.sorted().map { players[$0] })
        } stopped: { cancelled || host.interrupted } progress: { host.progress("explain", fraction: $0) }
        host.progress("", fraction: 1)
        let total = value(players) - value([])
        return cancelled ? nil : (shares, total)
    }

    /// The model's citations behind a statement's share of a target, the evidence for the effect first: for a
    /// metric, its responses, ceiling and drives (where the avoided admissions come from); then the returns of
    /// the lines the statement names; then the rest of what it names (budgets, growth).
    func sources(for statement: Statement, target: ResolvedTarget) -> [String] {
        let ids = statement.lever?.names.map(\.text) ?? []
        var found: [(rank: Int, text: String)] = []
        if case .metric(let k) = target.subject {
            let metric = model.metrics[k].id
            for field in ["responses", "ceiling", "drives"] {
                if let s = model.sources.first(where: { $0.id == "metrics[\(metric)].\(field)" }) { found.append((0, "\(s.id): \(s.value)")) }
            }
        }
        for id in ids {
            let names = id == "prevention" ? model.categories.filter { $0.kind == .prevention }.map(\.id) : [id]
            for n in names {
                for s in model.sources where s.id == n || s.id.hasPrefix("categories[\(n)]") || s.id.hasPrefix("enablers[\(n)]")
                    || s.id.hasPrefix("\(n).") || s.id == "uncertainty[\(n)]" {
                    found.append((s.id.hasSuffix(".returns") ? 1 : 2, "\(s.id): \(s.value)"))
                }
            }
        }
        return found.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element.text)
    }
}
