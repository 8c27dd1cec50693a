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
