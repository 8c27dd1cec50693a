/// A health system's model file (MODEL.md §1), decoded and validated. Maps keep file order.
public struct Model: Equatable, Sendable {
    public var name: String
    public var firstYear: Int
    public var years: Int
    public var incomeBase: Double
    public var incomeGrowth: [Double]
    public var inflation: [Double]
    public var efficiency: [Double]
    public var policy: Policy
    public var categories: [Category]
    public var enablers: [Enabler]
    public var metrics: [Metric]
    public var uncertainty: [Uncertainty]
    public var sources: [Weighted<String>]

    /// How treatment lines respond when their budget is cut (MODEL.md §3).
    public enum Policy: String, Sendable, CaseIterable { case meetDemand = "meet-demand", holdBudgets = "hold-budgets" }

    /// A value named by an id, in file order (used for every id-keyed map of the file).
    public struct Weighted<Value: Equatable & Sendable>: Equatable, Sendable {
        public var id: String
        public var value: Value
        public init(_ id: String, _ value: Value) { self.id = id; self.value = value }
    }

    public struct Category: Equatable, Sendable {
        public enum Kind: String, Sendable { case treatment, prevention }
        public var id: String
        public var name: String
        public var kind: Kind
        public var base: Double
        public var demandGrowth: Double = 0
        public var cashable: Double = 1
        public var priority: Int?
        public var returns: Returns?
    }

    /// Where a category's extra money saves treatment demand, and when.
    public struct Returns: Equatable, Sendable {
        public var kernel: [Double]
        public var to: [Weighted<Double>]
    }

    public struct Enabler: Equatable, Sendable {
        public var id: String
        public var name: String
        public var cost: Double
        public var lag: Int = 0
        public var prevention: Double = 0
        public var equity: Double = 0
        public var efficiency: [Weighted<Double>] = []
    }

    public struct Metric: Equatable, Sendable {
        public enum Better: String, Sendable { case higher, lower }
        public struct Target: Equatable, Sendable { public var value: Double; public var year: Int }
        public struct Response: Equatable, Sendable { public var perMillion: Double; public var kernel: [Double] }
        public var id: String
        public var name: String
        public var unit: String = ""
        public var priority: Int?
        public var better: Better = .higher
        public var base: Double
        public var trend: Double = 0
        public var min: Double?
        public var max: Double?
        public var ceiling: Double?
        public var target: Target?
        public var equity: Bool = false
        public var responses: [Weighted<Response>] = []
        public var enablers: [Weighted<Double>] = []
        public var capacity: Double = 0
        public var activity: [Weighted<Double>] = []
    }

    public struct Uncertainty: Equatable, Sendable {
        public var assumption: String
        public var low: Double
        public var mode: Double
        public var high: Double
    }

    /// The label of year t (1-based): `2023/24`.
    public func yearLabel(_ t: Int) -> String {
        let start = firstYear + t - 1
        let end = (start + 1) % 100
        return "\(start)/\(end < 10 ? "0" : "")\(end)"
    }

    public var yearLabels: [String] { (1...years).map(yearLabel) }

    public func categoryIndex(_ id: String) -> Int? { categories.firstIndex { $0.id == id } }
    public func enablerIndex(_ id: String) -> Int? { enablers.firstIndex { $0.id == id } }
    public func metricIndex(_ id: String) -> Int? { metrics.firstIndex { $0.id == id } }

    /// The citation for a key of `sources`, if any.
    public func source(_ key: String) -> String? { sources.first { $0.id == key }?.value }
}
