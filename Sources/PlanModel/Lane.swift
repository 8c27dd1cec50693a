import CLane
import Foundation

/// What the engine computes with: one draw (`Double`), or sixteen draws at once, one per lane
/// (`SIMD16<Double>`), which Monte Carlo uses (sixteen rather than eight: each equation's chain of
/// operations then carries twice the draws, and 10,000 draws take 16% less time; docs/BENCHMARKS.md).
/// Every operation works lane by lane and gives, in each lane, the bits `Double` gives: `least` and
/// `greatest` choose exactly as `Swift.min` and `Swift.max` do, and nothing is fused. So a draw's figures do
/// not depend on whether it ran alone or in a lane.
public protocol Lane {
    /// How many draws one value carries.
    static var width: Int { get }
    /// `value` in every lane.
    init(_ value: Double)
    /// The value in one lane.
    subscript(lane lane: Int) -> Double { get set }
    static prefix func - (a: Self) -> Self
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func + (a: Self, b: Double) -> Self
    static func + (a: Double, b: Self) -> Self
    static func - (a: Self, b: Double) -> Self
    static func - (a: Double, b: Self) -> Self
    static func * (a: Self, b: Double) -> Self
    static func * (a: Double, b: Self) -> Self
    static func += (a: inout Self, b: Self)
    /// `Swift.min(a, b)` in each lane: b where b < a, else a.
    static func least(_ a: Self, _ b: Self) -> Self
    /// `Swift.max(a, b)` in each lane: b where b >= a, else a.
    static func greatest(_ a: Self, _ b: Self) -> Self
    /// `a` in the lanes where `test` is not 0, else `b`.
    static func choose(nonzero test: Self, _ a: Self, else b: Self) -> Self
    /// Whether some lane is not 0.
    var isNonzeroInSomeLane: Bool { get }
    /// A programme's effect on a metric where the place can gain at most `ceiling` (MODEL.md §4):
    /// ceiling·tanh(x / ceiling) in each lane; 0 where the ceiling is 0; x itself where there is none (∞).
    static func saturated(_ x: Self, ceiling: Double) -> Self
    /// What the generator hashes once per draw, for the draws `first`, `first + 1` … one per lane (the
    /// last of `count` draws repeated in spare lanes).
    associatedtype Draws
    static func draws(seed: UInt64, first: Int, count: Int) -> Draws
    /// Entry k of `u` in those draws: in each lane `u.draw(k, seed:, draw:)`, bit for bit.
    static func value(_ u: UncertaintyPlan, _ k: Int, _ draws: Draws) -> Self
    /// The uniform number in [0, 1) of entry k in those draws (`UncertaintyPlan.uniform`), in each lane.
    static func uniform(_ k: Int, _ draws: Draws) -> Self
    /// The inverse CDF of triangular(low, mode, high) at `uniform` in each lane (`UncertaintyPlan.triangular`).
    static func triangular(_ uniform: Self, _ low: Double, _ mode: Double, _ high: Double) -> Self
}

extension Double: Lane {
    public static var width: Int { 1 }
    @inline(__always) public subscript(lane lane: Int) -> Double {
        get { self }
        set { self = newValue }
    }
    @inline(__always) public static func least(_ a: Double, _ b: Double) -> Double { Swift.min(a, b) }
    @inline(__always) public static func greatest(_ a: Double, _ b: Double) -> Double { Swift.max(a, b) }
    @inline(__always) public static func choose(nonzero test: Double, _ a: Double, else b: Double) -> Double { test != 0 ? a : b }
    @inline(__always) public var isNonzeroInSomeLane: Bool { self != 0 }
    @inline(__always) public static func saturated(_ x: Double, ceiling: Double) -> Double {
        ceiling == .infinity ? x : ceiling == 0 ? 0 : ceiling * Foundation.tanh(x / ceiling)
    }
    @inline(__always) public static func draws(seed: UInt64, first: Int, count: Int) -> UInt64 {
        UncertaintyPlan.drawHash(seed: seed, draw: first)
    }
    @inline(__always) public static func uniform(_ k: Int, _ draws: UInt64) -> Double { UncertaintyPlan.uniform(drawHash: draws, entry: k) }
    @inline(__always) public static func value(_ u: UncertaintyPlan, _ k: Int, _ draws: UInt64) -> Double {
        UncertaintyPlan.triangular(UncertaintyPlan.uniform(drawHash: draws, entry: k), u.lows[k], u.modes[k], u.highs[k])
    }
    @inline(__always) public static func triangular(_ uniform: Double, _ low: Double, _ mode: Double, _ high: Double) -> Double {
        UncertaintyPlan.triangular(uniform, low, mode, high)
    }
}

extension SIMD16: Lane where Scalar == Double {
    public static var width: Int { 16 }
    @inline(__always) public init(_ value: Double) { self.init(repeating: value) }
    @inline(__always) public subscript(lane lane: Int) -> Double {
        get { self[lane] }
        set { self[lane] = newValue }
    }
    // Selects rather than pointwiseMin/Max: those were not inlined (docs/BENCHMARKS.md), and a select keeps
    // Swift.min's choice when the two are equal (+0 against −0).
    @inline(__always) public static func least(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .< a) }
    @inline(__always) public static func greatest(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .>= a) }
    @inline(__always) public static func choose(nonzero test: Self, _ a: Self, else b: Self) -> Self {
        b.replacing(with: a, where: test .!= 0)
    }
    @inline(__always) public var isNonzeroInSomeLane: Bool { any(self .!= 0) }
    /// Lane by lane through the scalar's function, so each lane has the bits a single run gives.
    @inline(__always) public static func saturated(_ x: Self, ceiling: Double) -> Self {
        if ceiling == .infinity { return x }
        var out = Self(0)
        if ceiling != 0 { for i in 0..<16 { out[i] = Double.saturated(x[i], ceiling: ceiling) } }
        return out
    }
    /// The counter-based generator and the triangular inverse CDF of UncertaintyPlan, sixteen lanes at once.
    @inline(__always) public static func draws(seed: UInt64, first: Int, count: Int) -> SIMD16<UInt64> {
        let lanes = SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let draw = SIMD16<UInt64>(repeating: UInt64(first)) &+ lanes.replacing(with: UInt64(count - 1), where: lanes .> UInt64(count - 1))
        return mix(SIMD16<UInt64>(repeating: seed &* 0x9E37_79B9_7F4A_7C15) &+ draw)
    }
    @inline(__always) public static func uniform(_ k: Int, _ draws: SIMD16<UInt64>) -> Self {
        hwe_unit16(mix(draws ^ (UInt64(k) &* 0xD6E8_FEB8_6659_FD93)))
    }
    @inline(__always) public static func value(_ u: UncertaintyPlan, _ k: Int, _ draws: SIMD16<UInt64>) -> Self {
        triangular(uniform(k, draws), u.lows[k], u.modes[k], u.highs[k])
    }
    @inline(__always) public static func triangular(_ uniform: Self, _ low: Double, _ mode: Double, _ high: Double) -> Self {
        let width = high - low
        guard width > 0 else { return Self(low) }
        let left = uniform .< (mode - low) / width
        // One square root per lane, of the side the lane's draw falls on.
        let root = hwe_sqrt16(((1 - uniform) * width * (high - mode)).replacing(with: uniform * width * (mode - low), where: left))
        return (high - root).replacing(with: low + root, where: left)
    }

    /// SplitMix.mix in each lane.
    @inline(__always) static func mix(_ x: SIMD16<UInt64>) -> SIMD16<UInt64> {
        var z = x
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
