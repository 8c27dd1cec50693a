import Dispatch

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
