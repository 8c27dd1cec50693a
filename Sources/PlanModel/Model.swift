import PlanSupport
/// A health system's model file (MODEL.md §1), decoded and validated. Maps keep file order.
public struct Model: Equatable, Sendable {
    public var name: String
    public var firstYear: Int
    public var years: Int
    /// Version 2's income, one recurrent stream: its first year and growth (unused where `streams` is given).
    public var incomeBase: Double
    public var incomeGrowth: [Double]
    /// Version 3's income by named stream (MODEL.md §3); empty for version 2's {base, growth}.
    public var streams: [Stream] = []
    public var inflation: [Double]
    public var efficiency: [Double]
    public var policy: Policy
    public var categories: [Category]
    public var enablers: [Enabler]
    public var metrics: [Metric]
    public var places: [Place] = []
    /// Who holds each position (MODEL.md §9): commissioners (by place) and providers (by what they deliver).
    public var organisations: [Organisation] = []
    /// The risk register (MODEL.md §9): risks and mitigations with their impact and probability.
    public var risks: [Risk] = []
    public var uncertainty: [Uncertainty]
    /// Pairs of uncertain assumptions drawn together (a Gaussian copula, MODEL.md §5).
    public var correlations: [Correlation] = []
    public struct Correlation: Equatable, Sendable { public var a: String, b: String, rho: Double }
    /// Outturn figures by year label (`2025/26`), in file order (MODEL.md §8).
    public var actuals: [Weighted<ActualYear>] = []
    public var sources: [Weighted<String>]
    /// Each source's status where the file gives one ({cite, status}); a plain citation is sourced.
    public var sourceStatus: [String: SourceStatus] = [:]
    public enum SourceStatus: String, Sendable, CaseIterable { case sourced, derived, estimate }

    /// The status of the number at a JSON path: that of the key equal to it or its nearest ancestor
    /// (`categories[acute].base` is covered by `categories[acute]`); nil where no source covers it.
    public func status(of path: String) -> SourceStatus? {
        var best: (length: Int, status: SourceStatus)?
        for s in sources where path == s.id || path.hasPrefix(s.id + ".") || path.hasPrefix(s.id + "[") {
            if best == nil || s.id.count > best!.length { best = (s.id.count, sourceStatus[s.id] ?? .sourced) }
        }
        return best?.status
    }

    /// How treatment lines respond when their budget is cut (MODEL.md §3).
    public enum Policy: String, Sendable, CaseIterable { case meetDemand = "meet-demand", holdBudgets = "hold-budgets" }

    /// A value named by an id, in file order (used for every id-keyed map of the file).
    public struct Weighted<Value: Equatable & Sendable>: Equatable, Sendable {
        public var id: String
        public var value: Value
        public init(_ id: String, _ value: Value) { self.id = id; self.value = value }
    }

    public struct Category: Equatable, Sendable {
        public enum Kind: String, CaseIterable, Sendable { case treatment, prevention }
        public var id: String
        public var name: String
        public var kind: Kind
        public var base: Double
        public var demandGrowth: Double = 0
        public var cashable: Double = 1
        public var priority: Int?
        public var returns: Returns?
        /// The share of any difference between outturn and budget that the ICB pays (activity at tariff).
        public var variable: Double = 0
        /// The most of its demand a line may leave unmet under hold-budgets.
        public var maxUnmet: Double = 1
        /// The mental health investment standard: the budget must grow at least as fast as income.
        public var growsWithIncome = false
        /// Cost growth beyond inflation each year (drugs, clinical negligence, pay drift); entry 1 unused.
        public var pressure: [Double] = [0]
    }

    /// An organisation (MODEL.md §9).
    public struct Organisation: Equatable, Sendable {
        public enum Kind: String, CaseIterable, Sendable { case commissioner, provider }
        public var id: String
        public var name: String
        public var kind: Kind
        /// A commissioner's places.
        public var places: [String] = []
        /// A provider's share of each treatment line's outturn, by place ("" for a model without places).
        public var delivers: [Weighted<[Weighted<Double>]>] = []
        /// A provider's own planned position and the deficit support it receives from outside the ICB's
        /// income, per year (entry 1 is year 1; the last entry holds).
        public var planPosition: [Double] = [0]
        public var support: [Double] = [0]
        public init(id: String, name: String, kind: Kind) { self.id = id; self.name = name; self.kind = kind }
    }

    /// An entry of the risk register (MODEL.md §9).
    public struct Risk: Equatable, Sendable {
        public enum Kind: String, CaseIterable, Sendable { case risk, mitigation }
        public var id: String
        public var name: String
        public var kind: Kind
        /// £m ≥ 0 per year (entry 1 is year 1, which a risk may hit; the last entry holds).
        public var impact: [Double]
        public var probability: Double
        /// The organisation it lands on (nil: the ICB, shared among commissioners by income share).
        public var org: String?
        /// False for a one-off (a claim): it never reaches an underlying position.
        public var recurrent = true
        public init(id: String, name: String, kind: Kind, impact: [Double], probability: Double) {
            self.id = id; self.name = name; self.kind = kind; self.impact = impact; self.probability = probability
        }
    }

    /// An income stream (MODEL.md §3): a base that grows, or an amount each year.
    public struct Stream: Equatable, Sendable {
        public var id: String
        public var name: String
        /// `base` with `growth` (entry 1 unused), or `amounts` (entry 1 is year 1): one of the two.
        public var base: Double?
        public var growth: [Double] = [0]
        public var amounts: [Double]?
        /// False for money that does not recur (deficit support): the underlying position leaves it out.
        public var recurrent = true
        /// Whether the mental health investment standard is measured on it.
        public var mhisBase = false
        /// The commissioner whose stream it is alone (nil: shared by income share).
        public var commissioner: String?
        public init(id: String, name: String) { self.id = id; self.name = name }
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
        /// How places add up to the system: a population-weighted mean (a rate) or a sum (a count).
        public enum Aggregate: String, Sendable { case mean, sum }
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
        /// Each judged from its year on (MODEL.md §4); `target` in the file is a list of one.
        public var targets: [Target] = []
        /// Whether the file gave `targets` (a list) rather than `target`: `model save` writes it back as it came.
        public var targetsAsList = false
        /// A count metric whose programmes' effect is a line's savings at a unit cost (MODEL.md §3, §4).
        public struct Drives: Equatable, Sendable { public var category: String; public var unitCost: Double }
        public var drives: Drives?
        public var equity: Bool = false
        public var aggregate: Aggregate = .mean
        public var responses: [Weighted<Response>] = []
        public var enablers: [Weighted<Double>] = []
        public var capacity: Double = 0
        public var activity: [Weighted<Double>] = []

        /// The first target in the file's order (version 2's `target`, `targetYear` and `met` describe it).
        public var target: Target? { targets.first }
    }

    /// A place (MODEL.md §1): its population, its need-weighted share of income and its own figures.
    public struct Place: Equatable, Sendable {
        public struct CategoryShare: Equatable, Sendable { public var share: Double?; public var demandGrowthDelta: Double = 0 }
        public struct MetricLevel: Equatable, Sendable { public var base: Double?; public var trendDelta: Double = 0 }
        public var id: String
        public var name: String
        public var population: Double
        /// As the file gives it; nil where no place gives one (each place then takes its population share).
        public var incomeShare: Double?
        public var categories: [Weighted<CategoryShare>] = []
        public var metrics: [Weighted<MetricLevel>] = []
    }

    /// Outturn figures for one year or one place (MODEL.md §8): each item optional.
    public struct ActualFigures: Equatable, Sendable {
        public var income: Double?, spend: Double?, balance: Double?, icbBalance: Double?
        public var categories: [Weighted<Double>] = []
        public var metrics: [Weighted<Double>] = []
        public init() {}
    }

    public struct ActualYear: Equatable, Sendable {
        public var system = ActualFigures()
        public var places: [Weighted<ActualFigures>] = []
        /// Organisations' balances (MODEL.md §8).
        public var organisations: [Weighted<Double>] = []
        public init() {}
    }

    public struct Uncertainty: Equatable, Sendable {
        public var assumption: String
        public var low: Double
        public var mode: Double
        public var high: Double
    }

    /// The longest horizon a model file or `model horizon` may give.
    public static let maxYears = 20

    /// The label of year t (1-based): `2023/24`.
    public func yearLabel(_ t: Int) -> String { FinancialYear.label(t, firstYear: firstYear) }

    public var yearLabels: [String] { (1...years).map(yearLabel) }

    public func categoryIndex(_ id: String) -> Int? { categories.firstIndex { $0.id == id } }
    public func enablerIndex(_ id: String) -> Int? { enablers.firstIndex { $0.id == id } }
    public func metricIndex(_ id: String) -> Int? { metrics.firstIndex { $0.id == id } }
    public func placeIndex(_ id: String) -> Int? { places.firstIndex { $0.id == id } }
    public func streamIndex(_ id: String) -> Int? { streams.firstIndex { $0.id == id } }
    public func organisationIndex(_ id: String) -> Int? { organisations.firstIndex { $0.id == id } }
    public func riskIndex(_ id: String) -> Int? { risks.firstIndex { $0.id == id } }

    /// Whether the model uses anything version 3 adds (the views of a version 2 model leave out the rows it
    /// cannot have). `model save` writes version 3's keys whatever the file was; at their defaults they keep
    /// this false.
    public var isVersion3: Bool {
        !streams.isEmpty || !organisations.isEmpty || !risks.isEmpty || !correlations.isEmpty || categories.contains { $0.pressure != [0] }
            || metrics.contains { $0.targetsAsList || $0.drives != nil } || !sourceStatus.isEmpty
            || actuals.contains { !$0.value.organisations.isEmpty }
    }

    /// The first year's income: version 2's base, or the sum of the streams' first year.
    public var firstYearIncome: Double {
        streams.isEmpty ? incomeBase : streams.reduce(0.0) { $0 + ($1.base ?? $1.amounts?.first ?? 0) }
    }

    /// Each place's population share s_p (one place holding everything when the model has none).
    public var populationShares: [Double] {
        if places.isEmpty { return [1] }
        let total = places.reduce(0.0) { $0 + $1.population }
        return places.map { $0.population / total }
    }

    /// Each place's income share w_p: as given, else its population share.
    /// h_o of MODEL.md §9: a commissioner's places' income shares together, by which a register entry on no
    /// organisation reaches it (1 in a model without places).
    public func incomeShare(ofCommissioner o: Int) -> Double {
        guard !places.isEmpty else { return 1 }
        let w = incomeShares
        return places.indices.filter { organisations[o].places.contains(places[$0].id) }.reduce(0) { $0 + w[$1] }
    }

    public var incomeShares: [Double] {
        if places.isEmpty { return [1] }
        if places.allSatisfy({ $0.incomeShare != nil }) { return places.map { $0.incomeShare! } }
        return populationShares
    }

    /// share_{c,p}: the place's share of category c's base (default its income share).
    public func categoryShare(_ c: Int, place p: Int) -> Double {
        if places.isEmpty { return 1 }
        let id = categories[c].id
        return places[p].categories.first { $0.id == id }?.value.share ?? incomeShares[p]
    }

    /// The 1-based year of a label such as `2025/26` or `2025-26` (may lie outside the horizon), or nil.
    public func year(ofLabel label: String) -> Int? {
        let parts = label.split(whereSeparator: { $0 == "/" || $0 == "-" })
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let start = Int(parts[0]), let end = Int(parts[1]), (start + 1) % 100 == end else { return nil }
        return start - firstYear + 1
    }

    /// The citation for a key of `sources`, if any.
    public func source(_ key: String) -> String? { sources.first { $0.id == key }?.value }
}
