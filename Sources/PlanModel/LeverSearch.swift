/// `seek` (docs/MODEL.md §7) as a function of a compiled model and a plan: the largest or smallest value of one
/// lever on a reporting grid for which a judge accepts the run, or the accepted value that does best on an
/// objective. Scan the grid, then refine, so the value found is accepted and one grid step further is not.
/// One workspace and one probe plan serve every run: the probe is reset in place, so no run allocates a plan.
public enum LeverSearch {
    /// The reporting grid: whole multiples of `step` within [low, high], so values read £12.34m, 2.37%, 150.1%.
    public struct Grid: Equatable, Sendable {
        public var low: Double, high: Double, step: Double
        public init(low: Double, high: Double, step: Double) { self.low = low; self.high = high; self.step = step }
        /// The grid index of the first multiple of `step` at or above `low`.
        public var first: Int { Int((low / step - 1e-9).rounded(.up)) }
        /// The number of steps from the first multiple to the last one at or below `high`.
        public var count: Int { Swift.max(0, Int((high / step + 1e-9).rounded(.down)) - first) }
        public func value(_ k: Int) -> Double { Double(first + Swift.min(k, count)) * step }
    }

    public enum Goal: Sendable { case largest, smallest, optimum }

    /// What the judge says of one run: whether it is accepted, and (for `.optimum`) how good it is, higher better.
    public struct Verdict: Sendable {
        public var accepted: Bool, objective: Double
        public init(accepted: Bool, objective: Double = 0) { self.accepted = accepted; self.objective = objective }
    }

    public enum Outcome: Equatable, Sendable { case found(Int), notFound, cancelled }

    /// Runs `plan` with `lever(value)` applied at the grid points the search visits. `judge` reads the finished
    /// workspace (with the probe plan that made it) and returns nil to stop the search.
    public static func run(_ compiled: CompiledModel, _ plan: Plan, grid: Grid, goal: Goal, lever: (Double) -> Lever,
                           workspace ws: Workspace, judge: (Plan, Workspace) -> Verdict?) -> Outcome {
        // The lever at zero makes every flow group and set assumption the lever touches exist, so resetting the
        // probe to it and applying the lever is the plan with the lever applied, without growing any array.
        var base = plan
        base.apply(lever(0), compiled)
        var probe = base
        return search(count: grid.count, goal: goal) { k in
            probe.assign(base)
            probe.apply(lever(grid.value(k)), compiled)
            Engine.run(compiled, probe, into: ws)
            return judge(probe, ws)
        }
    }

    /// The search over grid indices 0...n, each visited at most once. Largest and smallest: 257 evenly spaced
    /// points, then bisection between the last accepted one and its neighbour. Optimum: the best accepted
    /// scanned point, then finer grids around it, then its neighbours.
    public static func search(count n: Int, goal: Goal, _ evaluate: (Int) -> Verdict?) -> Outcome {
        var cache: [Int: Verdict] = [:]
        cache.reserveCapacity(1024)   // the scan, the refinement and their neighbours, without regrowing
        var cancelled = false
        func verdict(_ k: Int) -> Verdict {
            if let v = cache[k] { return v }
            if cancelled { return Verdict(accepted: false) }
            guard let v = evaluate(k) else { cancelled = true; return Verdict(accepted: false) }
            cache[k] = v
            return v
        }
        func ok(_ k: Int) -> Bool { verdict(k).accepted }
        func objective(_ k: Int) -> Double { verdict(k).objective }
        let coarse = Swift.min(n, 256)
        let scan = (0...coarse).map { i in n == 0 ? 0 : Int((Double(i) * Double(n) / Double(coarse)).rounded()) }
        var found: Int?
        switch goal {
        case .optimum:
            var best = scan.filter(ok).max { objective($0) < objective($1) }
            var radius = n / Swift.max(1, coarse) + 1
            while let b = best, radius > 1 {
                let lo = Swift.max(0, b - radius), hi = Swift.min(n, b + radius)
                let points = Set((0...32).map { lo + ($0 * (hi - lo)) / 32 } + [b])
                best = points.filter(ok).max { (objective($0), -$0) < (objective($1), -$1) }
                radius = Swift.max(1, radius / 8)
            }
            if let b = best {
                found = [b - 1, b, b + 1].filter { $0 >= 0 && $0 <= n && ok($0) }.max { objective($0) < objective($1) }
            }
        case .largest:
            if let i = scan.indices.last(where: { ok(scan[$0]) }) {
                var lo = scan[i]
                if i + 1 < scan.count {
                    var hi = scan[i + 1]
                    while hi - lo > 1 { let mid = (lo + hi) / 2; if ok(mid) { lo = mid } else { hi = mid } }
                }
                found = lo
            }
        case .smallest:
            if let i = scan.indices.first(where: { ok(scan[$0]) }) {
                var hi = scan[i]
                if i > 0 {
                    var lo = scan[i - 1]
                    while hi - lo > 1 { let mid = (lo + hi) / 2; if ok(mid) { hi = mid } else { lo = mid } }
                }
                found = hi
            }
        }
        if cancelled { return .cancelled }
        return found.map(Outcome.found) ?? .notFound
    }
}
