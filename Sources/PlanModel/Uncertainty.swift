/// Draws of the model's uncertain assumptions (MODEL.md §5): triangular(low, mode, high), one draw per
/// entry per run; a scalar's draw replaces its value, a per-year draw is an offset to years 2..T.
/// Numbers depend only on (seed, draw, entry), so results do not depend on threads or their scheduling.
/// Entries are kept as flat arrays of plain values, so the draw loop touches nothing reference-counted.
public struct UncertaintyPlan: Sendable {
    public let ids: [String]
    let offsets: [Int], perYear: [Bool]
    public let lows: [Double], modes: [Double], highs: [Double]
    let years: Int
    /// The parameter positions draws add to (per-year entries' years 2..T), each once. Draws replace every
    /// other position they touch, so a parameter vector is ready for the next draw once these are restored.
    let addedTo: [Int]
    public var count: Int { ids.count }
    /// With correlations joining two drawn assumptions (MODEL.md §5): each entry's assumption among the drawn
    /// ones, and the Cholesky factor of their correlation matrix; nil: independent draws.
    let assumptionOf: [Int]
    let cholesky: [[Double]]?
    /// The drawn assumptions some correlation joins to another (the rest take their uniform as it is: with no
    /// correlation their row of the factor is the identity's, so Φ(Φ⁻¹(u)) = u), and the factor over them alone
    /// (the whole factor restricted to them, since the others' rows and columns are zero off the diagonal).
    let coupled: [Int]
    let coupledFactor: [[Double]]

    /// The entries Monte Carlo draws: those whose assumption the scenario does not set.
    public init(_ compiled: CompiledModel, _ plan: Plan) {
        let model = compiled.model
        years = compiled.years
        let drawn = zip(model.uncertainty, compiled.uncertain).filter { !plan.setAssumptions.contains($0.1) }
        ids = drawn.map { $0.0.assumption }
        offsets = drawn.map { compiled.offset(of: $0.1) }
        perYear = drawn.map { $0.1.isPerYear }
        lows = drawn.map { $0.0.low }
        modes = drawn.map { $0.0.mode }
        highs = drawn.map { $0.0.high }
        var added: [Int] = []
        for (offset, perYear) in zip(offsets, perYear) where perYear {
            for t in 1..<max(years, 1) where !added.contains(offset + t) { added.append(offset + t) }
        }
        addedTo = added
        // The copula, over the drawn assumptions only (held ones leave the matrix; what remains is still
        // positive definite), used where some correlation joins two of them.
        var distinct: [String] = []
        for id in ids where !distinct.contains(id) { distinct.append(id) }
        assumptionOf = ids.map { distinct.firstIndex(of: $0)! }
        let joined = model.correlations.contains { distinct.contains($0.a) && distinct.contains($0.b) }
        cholesky = joined ? Copula.cholesky(Copula.matrix(model, distinct)) : nil
        let coupled = distinct.indices.filter { a in
            model.correlations.contains { c in
                c.rho != 0 && ((c.a == distinct[a] && distinct.contains(c.b)) || (c.b == distinct[a] && distinct.contains(c.a)))
            }
        }
        self.coupled = coupled
        coupledFactor = cholesky.map { L in coupled.map { i in coupled.map { L[i][$0] } } } ?? []
    }

    /// The entry numbers of the copula's normals: apart from the assumptions' own and the register's.
    static let copulaEntries = 0x2000_0000

    /// Every entry's value in the draws of one block, correlated through the copula: per lane, independent
    /// normals n from the draw's uniforms, z = L·n, u = Φ(z) per assumption, and each entry the triangular
    /// quantile of its assumption's u.
    func correlated<V: Lane>(_ draws: V.Draws, into values: inout [V]) {
        guard let L = cholesky else { return }
        let A = L.count, C = coupled.count, F = coupledFactor
        var u = (0..<A).map { V.uniform(UncertaintyPlan.copulaEntries + $0, draws) }
        var n = [Double](repeating: 0, count: C)
        for lane in 0..<V.width {
            for i in 0..<C { n[i] = Copula.quantile(u[coupled[i]][lane: lane]) }
            for i in 0..<C {
                var z = 0.0
                for j in 0...i { z += F[i][j] * n[j] }
                u[coupled[i]][lane: lane] = Copula.cdf(z)
            }
        }
        for k in 0..<count { values[k] = V.triangular(u[assumptionOf[k]], lows[k], modes[k], highs[k]) }
    }

    /// Entry k's value in draw d of a run seeded `seed`.
    @inline(__always)
    public func draw(_ k: Int, seed: UInt64, draw d: Int) -> Double {
        UncertaintyPlan.triangular(UncertaintyPlan.uniform(seed: seed, draw: d, entry: k), lows[k], modes[k], highs[k])
    }

    /// Sets entry `k` to `value` in a parameter vector, as a draw would: a scalar is replaced, a per-year
    /// assumption offset in years 2..T. Start from a copy of the plan's parameters; offsets of two entries
    /// naming the same per-year assumption add up. With lanes, the same in every lane.
    @inline(__always)
    public func apply<V: Lane>(_ k: Int, _ value: V, into p: UnsafeMutablePointer<V>) {
        if perYear[k] {
            for t in 1..<years { p[offsets[k] + t] += value }
        } else {
            p[offsets[k]] = value
        }
    }

    /// The inverse CDF of triangular(low, mode, high) at u in [0, 1).
    @inline(__always)
    public static func triangular(_ u: Double, _ low: Double, _ mode: Double, _ high: Double) -> Double {
        let width = high - low
        guard width > 0 else { return low }
        let split = (mode - low) / width
        return u < split ? low + (u * width * (mode - low)).squareRoot() : high - ((1 - u) * width * (high - mode)).squareRoot()
    }

    /// A uniform number in [0, 1) for (seed, draw, entry): a counter-based SplitMix64 hash.
    @inline(__always)
    public static func uniform(seed: UInt64, draw: Int, entry: Int) -> Double {
        uniform(drawHash: drawHash(seed: seed, draw: draw), entry: entry)
    }

    /// The part of `uniform` that depends on the draw alone, hashed once per draw.
    @inline(__always)
    public static func drawHash(seed: UInt64, draw: Int) -> UInt64 { SplitMix.mix(seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(draw)) }

    @inline(__always)
    public static func uniform(drawHash: UInt64, entry: Int) -> Double {
        Double(SplitMix.mix(drawHash ^ (UInt64(entry) &* 0xD6E8_FEB8_6659_FD93)) >> 11) * 0x1.0p-53
    }
}
