/// What the engine computes with: one draw (`Double`), or eight draws at once, one per lane
/// (`SIMD8<Double>`), which Monte Carlo uses. Every operation works lane by lane and gives, in each lane,
/// the bits `Double` gives: `least` and `greatest` choose exactly as `Swift.min` and `Swift.max` do, and
/// nothing is fused. So a draw's figures do not depend on whether it ran alone or in a lane.
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
}

extension SIMD8: Lane where Scalar == Double {
    public static var width: Int { 8 }
    @inline(__always) public init(_ value: Double) { self.init(repeating: value) }
    @inline(__always) public subscript(lane lane: Int) -> Double {
        get { self[lane] }
        set { self[lane] = newValue }
    }
    // Selects rather than pointwiseMin/Max: those were not inlined (PERFORMANCE.md), and a select keeps
    // Swift.min's choice when the two are equal (+0 against −0).
    @inline(__always) public static func least(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .< a) }
    @inline(__always) public static func greatest(_ a: Self, _ b: Self) -> Self { a.replacing(with: b, where: b .>= a) }
    @inline(__always) public static func choose(nonzero test: Self, _ a: Self, else b: Self) -> Self {
        b.replacing(with: a, where: test .!= 0)
    }
    @inline(__always) public var isNonzeroInSomeLane: Bool { any(self .!= 0) }
}
