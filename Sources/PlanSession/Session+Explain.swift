import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `explain`: a difference split into one Shapley share per statement.
extension Session {
    // explain METRIC|balance [in YEAR] [vs NAME]
    func explain(_ written: Target, year: YearRef?, against: Name?) throws {
        let resolved = ResolvedTarget(written, in: model)
        let target = Name(resolved.text(model), written.range)
        let placeJSON = resolved.place.map { JSONText.quote(model.places[$0].id) } ?? "null"
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
        let label = model.yearLabel(t + 1)
        if options.format == .json {
            write("{\"kind\":\"explanation\",\"scenario\":\(JSONText.quote(s.name)),\"target\":\(JSONText.quote(resolved.name)),\"place\":\(placeJSON),"
                  + "\"year\":\(JSONText.quote(label)),\"against\":\(JSONText.quote(againstName)),\"total\":\(JSONText.number(total)),"
                  + "\"exact\":\(players.count <= Shapley.exactLimit),\"shares\":["
                  + zip(statements, shares).map { "{\"statement\":\(JSONText.quote($0.text)),\"share\":\(JSONText.number($1))}" }.joined(separator: ",")
                  + "]}")
            return
        }
        if options.format == .csv || options.format == .markdown {
            let table = ListTable(header: ["statement", "share", "target", "year", "against"],
                                  rows: zip(statements, shares).map { [$0.text, NumberFormat.json($1), target.text, label, againstName] }
                                      + [["total", NumberFormat.json(total), target.text, label, againstName]])
            write(options.format == .csv ? table.csv() : table.markdown())
            return
        }
        let u = resolved.unit(model)
        let fmt: (Double) -> String = { v in
            if u == "£m" { return NumberFormat.money(v, decimals: 2) }
            let number = NumberFormat.fixed(v, decimals: 2)
            return u.isEmpty ? number : u == "%" ? number + "%" : number + " " + u
        }
        var out = ["Why \(target.text) in \(label) differs between '\(s.name)' and '\(againstName)': \(fmt(total)) in all"]
        if players.isEmpty { out.append("  '\(s.name)' has no statements of its own, so nothing differs") }
        for (st, share) in zip(statements, shares) {
            let good = higherIsBetter(resolved.name) ? share > 1e-9 : share < -1e-9
            let bad = higherIsBetter(resolved.name) ? share < -1e-9 : share > 1e-9
            let mark = good ? options.style.good(options.style.up + " better") : bad ? options.style.bad(options.style.down + " worse") : "  no effect"
            out.append("  " + fmt(share).padding(14) + "  " + mark + "  " + st.text)
            let cited = sources(for: st)
            let room = max(30, options.width - 16)
            for source in cited.prefix(2) { out.append("        source: " + (source.count > room ? String(source.prefix(room - 1)) + "…" : source)) }
            if cited.count > 2 { out.append("        (\(cited.count - 2) more: show sources)") }
        }
        if players.count > Shapley.exactLimit {
            out.append("  (Shapley shares sampled over \(Shapley.samples) orderings with a fixed seed: \(players.count) statements is more than \(Shapley.exactLimit))")
        } else if players.count > 1 {
            out.append("  (Shapley shares, exact: every one of the \(1 << players.count) subsets of the \(players.count) statements was run)")
        }
        if target.text == "balance" {
            let a = project(fixed + players), b = project(fixed)
            // balance = income − Σ outturn − enabler costs, so spending more shows as a negative effect.
            var parts: [(String, Double)] = [("income", a.income[t] - b.income[t])]
            for c in model.categories.indices {
                parts.append(("\(model.categories[c].id) outturn", -(a.categories[c].outturn[t] - b.categories[c].outturn[t])))
            }
            parts.append(("enabler costs", -(a.enablers.map { $0.cost[t] }.reduce(0, +) - b.enablers.map { $0.cost[t] }.reduce(0, +))))
            let shown = parts.filter { abs($0.1) >= 0.005 }
            out.append("  Effect on the balance by line (income less spending; more spending shows as a negative):")
            let width = (shown.map { $0.0.count }.max() ?? 10) + 2
            out += (shown.isEmpty ? [("nothing moved", 0.0)] : shown).map { "    " + $0.0.padding(width) + fmt($0.1) }
        }
        if target.text == "balance", againstName == "baseline" { out += paybackLines(project(s.levers)) }
        write(out.joined(separator: "\n"))
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
        var ids: [String] = []
        switch statement.kind {
        case let .shift(_, from, to, _, _): ids = [from.text, to.text]
        case let .invest(_, into, _, _): ids = [into.text]
        case let .enable(e, _, _), let .disable(e, _): ids = [e.text]
        case let .set(a, _, _): ids = [a.text]
        default: break
        }
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
    static let exactLimit = 16
    static let samples = 2000

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
