import Dispatch
import PlanSupport

/// Every coalition of a scenario's statements, run for an exact Shapley explanation. A coalition's plan is
/// its parent's plus one statement: subsets are walked depth first, each player added after those before it,
/// so every plan is built in typed order from its parent's copy rather than from nothing. The first few
/// players' choices split the walk into equal parts that the cores share, each with its own workspace.
public enum Coalitions {
    /// v[mask] for every mask of `players` (bit i: player i), each plan being `fixed` and then the chosen
    /// players in order; `value` reads the target from a finished run. Nil when `interrupted` turns true.
    public static func values(_ compiled: CompiledModel, fixed: [Lever], players: [Lever], threads: Int = 0,
                              value: (Workspace) -> Double, interrupted: () -> Bool) -> [Double]? {
        let n = players.count
        let cores = threads > 0 ? threads : System.cores
        // 2^split parts, at least two per core when there are enough coalitions to share.
        let split = min(n, n >= 8 ? (cores > 1 ? 3 : 0) : 0)
        let parts = 1 << split
        let v = UnsafeMutablePointer<Double>.allocate(capacity: 1 << n)
        defer { v.deallocate() }
        let root = Plan(compiled, levers: fixed)
        let stop = StopFlag()
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let ws = Workspace(compiled)
            var plan = root
            for i in 0..<split where part & (1 << i) != 0 { plan.apply(players[i], compiled) }
            var visits = 0
            func walk(_ plan: Plan, _ mask: Int, _ next: Int) {
                if stop.isSet { return }
                visits += 1
                if visits % 256 == 0, interrupted() { stop.set(); return }
                Engine.run(compiled, plan, into: ws)
                v[mask] = value(ws)
                for i in next..<n {
                    var child = plan
                    child.apply(players[i], compiled)
                    walk(child, mask | (1 << i), i + 1)
                }
            }
            walk(plan, part, split)
        }
        return stop.isSet ? nil : Array(UnsafeBufferPointer(start: v, count: 1 << n))
    }
}

/// Shapley values of a set function over n players: exact over all 2^n coalitions up to `exactLimit`
/// players, else averaged over `samples(players:)` orderings drawn with a fixed seed. Shares always sum to v(all) − v(∅).
public enum Shapley {
    /// Exact up to 16 statements (65,536 coalitions, well within a second), where sampling 2,000 orderings
    /// would cost as many runs or more (2,000 × n against 2^n) and still be approximate.
    public static let exactLimit = Limits.explainExact
    public static func samples(players n: Int) -> Int { Limits.explainSamples(statements: n) }

    /// `exact` gives the value of every coalition (index bit i: player i), or [] when it was stopped.
    /// `stopped` is asked before each sampled prefix: sampling 2,000 orderings of 1,000 statements is two
    /// million prefixes, and Ctrl-C must not wait for them (the shares are then meaningless; the caller
    /// knows it stopped them).
    public static func shares(count n: Int, seed: UInt64, exact values: () -> [Double], sampled prefix: ([Int]) -> Double,
                              stopped: () -> Bool = { false }, progress: (Double) -> Void = { _ in }) -> [Double] {
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
        let samples = samples(players: n)
        for sample in 0..<samples {
            progress(Double(sample) / Double(samples))
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            if stopped() { return shares }
            var previous = prefix([])
            for k in 0..<n {
                if stopped() { return shares }
                let next = prefix(Array(order[...k]))
                shares[order[k]] += next - previous
                previous = next
            }
        }
        return shares.map { $0 / Double(samples) }
    }
}
