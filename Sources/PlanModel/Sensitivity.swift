/// Sensitivity (MODEL.md §7) as a function of a compiled model and a plan: each uncertain assumption alone
/// at its low and at its high, every other one at its mode, set exactly as a Monte Carlo draw would set it;
/// assumptions the plan sets are left out. One workspace, one parameter vector: nothing is allocated per run.
public enum Sensitivity {
    public struct Row: Equatable, Sendable {
        public var id: String, low: Double, high: Double
        public var swing: Double { abs(high - low) }
    }

    /// The rows, largest swing first (ties in model order); `value` reads the target from a finished run.
    public static func rows(_ compiled: CompiledModel, _ plan: Plan, workspace ws: Workspace, value: (Workspace) -> Double) -> [Row] {
        let u = UncertaintyPlan(compiled, plan)
        var rows: [Row] = []
        var params = plan.outturnParams
        plan.outturnParams.withUnsafeBufferPointer { base in
            params.withUnsafeMutableBufferPointer { pb in
                let p = pb.baseAddress!
                func run(_ k: Int, _ x: Double) -> Double {
                    for i in 0..<base.count { p[i] = base[i] }
                    for j in 0..<u.count { u.apply(j, j == k ? x : u.modes[j], into: p) }
                    Engine.run(compiled, plan, params: UnsafePointer(p), into: ws)
                    return value(ws)
                }
                for k in 0..<u.count { rows.append(Row(id: u.ids[k], low: run(k, u.lows[k]), high: run(k, u.highs[k]))) }
            }
        }
        // Largest swing first, ties in the uncertainty list's order (MODEL.md §7). Swings within rounding
        // noise of each other (1e-12 of the largest swing, or of 1) are ties: a 4e-14 left by a sum that should
        // cancel does not put a row ahead of the exact zeros.
        let scale = Swift.max(1, rows.map(\.swing).max() ?? 0)
        let keys = rows.map { ($0.swing / scale * 1e12).rounded() }
        return rows.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }.map { rows[$0] }
    }

    /// The target with every uncertain assumption at its mode: the centre line of the tornado.
    public static func centre(_ compiled: CompiledModel, _ plan: Plan, workspace ws: Workspace, value: (Workspace) -> Double) -> Double {
        let u = UncertaintyPlan(compiled, plan)
        var params = plan.outturnParams
        params.withUnsafeMutableBufferPointer { p in
            for j in 0..<u.count { u.apply(j, u.modes[j], into: p.baseAddress!) }
            Engine.run(compiled, plan, params: UnsafePointer(p.baseAddress!), into: ws)
        }
        return value(ws)
    }
}
