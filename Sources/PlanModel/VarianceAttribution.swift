/// `explain variance` (MODEL.md §8) as a function of a compiled model and a plan: for each uncertain
/// assumption the plan leaves alone, the value that alone would make the target equal the actual, searched
/// from one grid width below its range to one above; the rows nearest (in range widths) first.
/// One workspace and one parameter vector serve every run: nothing is allocated per run.
public enum VarianceAttribution {
    public struct Row: Equatable, Sendable {
        public var id: String
        /// The assumption's value in the plan (0, no change, for a per-year assumption).
        public var value: Double
        /// The value that accounts for the variance; nil when none in the searched range does.
        public var explains: Double?
        /// Whether that value lies within the assumption's stated range.
        public var within: Bool?
        public var isPerYear: Bool
    }

    /// The rows, or nil when `cancelled` said stop. `value` reads the target from a finished run.
    public static func rows(_ compiled: CompiledModel, _ plan: Plan, actual: Double, workspace ws: Workspace,
                            value: (Workspace) -> Double, cancelled: () -> Bool) -> [Row]? {
        let model = compiled.model, T = compiled.years
        var ranked: [(row: Row, order: Int, distance: Double)] = []
        var params = plan.outturnParams
        for (k, u) in model.uncertainty.enumerated() {
            let a = compiled.uncertain[k]
            if plan.setAssumptions.contains(a) { continue }
            let offset = compiled.offset(of: a)
            let start = a.isPerYear ? 0 : plan.outturnParams[offset]
            let width = u.high - u.low
            let found = params.withUnsafeMutableBufferPointer { pb -> Double? in
                let p = pb.baseAddress!
                return solve(lo: u.low - width, hi: u.high + width, near: start) { v in
                    for i in 0..<pb.count { p[i] = plan.outturnParams[i] }
                    if a.isPerYear { for y in 1..<T { p[offset + y] += v } } else { p[offset] = v }
                    Engine.run(compiled, plan, params: UnsafePointer(p), into: ws)
                    return value(ws) - actual
                }
            }
            let distance = found.map { width > 0 ? abs($0 - start) / width : ($0 == start ? 0 : .infinity) } ?? .infinity
            ranked.append((Row(id: u.assumption, value: start, explains: found, within: found.map { $0 >= u.low && $0 <= u.high },
                               isPerYear: a.isPerYear), k, distance))
            if cancelled() { return nil }
        }
        ranked.sort { a, b in
            switch (a.row.explains, b.row.explains) {
            case (nil, nil): return a.order < b.order
            case (nil, _): return false
            case (_, nil): return true
            default: return a.distance != b.distance ? a.distance < b.distance : a.order < b.order
            }
        }
        return ranked.map(\.row)
    }

    /// 201 points, the crossing nearest `value`, then bisection to within 1e-9 of the range.
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
