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
            total: total, shares: zip(statements, shares).map { ExplanationView.Share(statement: $0.text, share: $1, sources: sources(for: $0)) },
            exactLimit: Shapley.exactLimit, samples: Shapley.samples, lines: lines,
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
        }
        let total = value(players) - value([])
        return cancelled ? nil : (shares, total)
    }

    /// The model's citations behind a statement: the sources of what it names.
    func sources(for statement: Statement) -> [String] {
        let ids = statement.lever?.names.map(\.text) ?? []
        var out: [String] = []
        for id in ids {
            let names = id == "prevention" ? model.categories.filter { $0.kind == .prevention }.map(\.id) : [id]
            for n in names {
                for s in model.sources where s.id == n || s.id.hasPrefix("categories[\(n)]") || s.id.hasPrefix("enablers[\(n)]")
                    || s.id.hasPrefix("\(n).") || s.id == "uncertainty[\(n)]" {
                    out.append("\(s.id): \(s.value)")
                }
            }
        }
        return out
    }
}

/// Shapley values of a set function over n players: exact over all 2^n coalitions up to `exactLimit`
/// players, else averaged over `samples` orderings drawn with a fixed seed. Shares always sum to v(all) − v(∅).
enum Shapley {
    /// Exact up to 16 statements (65,536 coalitions, well within a second), where sampling 2,000 orderings
    /// would cost as many runs or more (2,000 × n against 2^n) and still be approximate.
    static let exactLimit = Limits.explainExact
    static let samples = Limits.explainSamples

    /// `exact` gives the value of every coalition (index bit i: player i), or [] when it was stopped.
    static func shares(count n: Int, seed: UInt64, exact values: () -> [Double], sampled prefix: ([Int]) -> Double) -> [Double] {
        if n == 0 { return [] }
        if n <= exactLimit {
            let size = 1 << n
            let v = values()
            if v.count != size { return [Double](repeating: 0, count: n) }
            var factorial = [1.0]
            for k in 1...n { factorial.append(factorial[k - 1] * Double(k)) }
            var shares = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let bit = 1 << i
                var sum = 0.0
                for mask in 0..<size where mask & bit == 0 {
                    let s = mask.nonzeroBitCount
                    sum += factorial[s] * factorial[n - s - 1] / factorial[n] * (v[mask | bit] - v[mask])
                }
                shares[i] = sum
            }
            return shares
        }
        var shares = [Double](repeating: 0, count: n)
        var rng = SplitMix(seed: seed)
        for _ in 0..<samples {
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var previous = prefix([])
            for k in 0..<n {
                let next = prefix(Array(order[...k]))
                shares[order[k]] += next - previous
                previous = next
            }
        }
        return shares.map { $0 / Double(samples) }
    }
}
