import PlanModel

/// Draws of the model's uncertain assumptions (MODEL.md §5): triangular(low, mode, high), one draw per
/// entry per run; a scalar's draw replaces its value, a per-year draw is an offset to years 2..T.
/// Numbers depend only on (seed, draw, entry), so results do not depend on threads or their scheduling.
struct UncertaintyPlan {
    struct Entry { var offset: Int; var perYear: Bool; var low: Double; var mode: Double; var high: Double; var id: String }
    let entries: [Entry]
    let years: Int

    /// The entries Monte Carlo draws: those whose assumption the scenario does not set.
    init(_ compiled: CompiledModel, _ plan: Plan) {
        let model = compiled.model
        years = compiled.years
        entries = model.uncertainty.compactMap { u in
            let a = Assumption.resolve(u.assumption, in: model)!
            if plan.setAssumptions.contains(a) { return nil }
            return Entry(offset: compiled.offset(of: a), perYear: a.isPerYear, low: u.low, mode: u.mode, high: u.high, id: u.assumption)
        }
    }

    /// Sets entry `k` to `value` in a parameter vector, as a draw would: a scalar is replaced, a per-year
    /// assumption offset in years 2..T. Start from a copy of the plan's parameters; offsets of two entries
    /// naming the same per-year assumption add up.
    @inline(__always)
    func apply(_ k: Int, _ value: Double, into p: UnsafeMutablePointer<Double>) {
        let e = entries[k]
        if e.perYear {
            for t in 1..<years { p[e.offset + t] += value }
        } else {
            p[e.offset] = value
        }
    }

    /// The inverse CDF of triangular(low, mode, high) at u in [0, 1).
    @inline(__always)
    static func triangular(_ u: Double, _ low: Double, _ mode: Double, _ high: Double) -> Double {
        let width = high - low
        guard width > 0 else { return low }
        let split = (mode - low) / width
        return u < split ? low + (u * width * (mode - low)).squareRoot() : high - ((1 - u) * width * (high - mode)).squareRoot()
    }

    /// A uniform number in [0, 1) for (seed, draw, entry): a counter-based SplitMix64 hash.
    @inline(__always)
    static func uniform(seed: UInt64, draw: Int, entry: Int) -> Double {
        let key = SplitMix.mix(seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(draw)) ^ (UInt64(entry) &* 0xD6E8_FEB8_6659_FD93)
        return Double(SplitMix.mix(key) >> 11) * 0x1.0p-53
    }
}
