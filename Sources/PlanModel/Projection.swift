/// The results of one run (MODEL.md §6) as plain arrays, year by year, for rendering and comparison.
public struct Projection: Equatable, Sendable {
    public struct CategoryLine: Equatable, Sendable {
        public var budget: [Double], outturn: [Double], unmet: [Double], savings: [Double]
        public var payment: [Double], providerGap: [Double]
    }
    public struct EnablerLine: Equatable, Sendable { public var level: [Double], cost: [Double] }
    public struct MetricLine: Equatable, Sendable {
        public var values: [Double]
        /// Whether the target is met in its year; nil with no target or a target year outside the horizon.
        public var met: Bool?
        /// max − min of the places' values, for mean metrics of a model with places; nil otherwise.
        public var gap: [Double]?
    }
    /// One place's money and metrics (MODEL.md §6 `places`).
    public struct PlaceResult: Equatable, Sendable {
        public var income: [Double], spend: [Double], balance: [Double], icbBalance: [Double]
        public var categories: [CategoryLine]
        public var metrics: [[Double]]
    }
    /// A rule the plan breaks (MODEL.md §3): a `growsWithIncome` line growing more slowly than income.
    public struct Breach: Equatable, Sendable {
        public var rule: String
        public var category: Int
        /// 0-based year.
        public var year: Int
    }

    public var income: [Double], spend: [Double], balance: [Double], cumulative: [Double]
    public var icbBalance: [Double], icbCumulative: [Double]
    public var categories: [CategoryLine]
    public var enablers: [EnablerLine]
    public var metrics: [MetricLine]
    /// Each place's results, in model order; empty where the model has no places.
    public var places: [PlaceResult]
    public var breaches: [Breach]
    /// Extra money X[c,t] per category (summed over places), for explanations and payback.
    public var extra: [[Double]]
    /// The gross savings each category's extra money makes, summed over the lines it saves in (its `to`
    /// shares sum to 1); zeros for categories without returns. For payback.
    public var grossSavings: [[Double]]

    /// 0-based indices of the years in deficit (balance < 0).
    public var deficitYears: [Int] { balance.indices.filter { balance[$0] < 0 } }
    public var balancedEveryYear: Bool { deficitYears.isEmpty }
    public var icbDeficitYears: [Int] { icbBalance.indices.filter { icbBalance[$0] < 0 } }

    /// Runs the engine once and snapshots the results.
    public init(_ compiled: CompiledModel, _ plan: Plan, workspace: Workspace? = nil) {
        let ws = workspace ?? Workspace(compiled)
        Engine.run(compiled, plan, into: ws)
        self.init(compiled, plan, finished: ws)
    }

    /// Snapshots a workspace that a run has just filled.
    public init(_ compiled: CompiledModel, _ plan: Plan, finished ws: Workspace) {
        let T = compiled.years, C = compiled.categoryCount, P = compiled.placeCount, model = compiled.model
        func arr(_ p: UnsafeMutablePointer<Double>, _ row: Int = 0) -> [Double] { Array(UnsafeBufferPointer(start: p + row * T, count: T)) }
        func line(_ row: Int, budget: UnsafeMutablePointer<Double>, outturn: UnsafeMutablePointer<Double>,
                  unmet: UnsafeMutablePointer<Double>, savings: UnsafeMutablePointer<Double>,
                  payment: UnsafeMutablePointer<Double>) -> CategoryLine {
            let o = arr(outturn, row), y = arr(payment, row)
            return CategoryLine(budget: arr(budget, row), outturn: o, unmet: arr(unmet, row), savings: arr(savings, row),
                                payment: y, providerGap: zip(y, o).map { $0 - $1 })
        }
        income = arr(ws.income); spend = arr(ws.spend); balance = arr(ws.balance); cumulative = arr(ws.cumulative)
        icbBalance = arr(ws.icbBalance); icbCumulative = arr(ws.icbCumulative)
        categories = (0..<C).map {
            line($0, budget: ws.budget, outturn: ws.outturn, unmet: ws.unmet, savings: ws.savings, payment: ws.payment)
        }
        enablers = (0..<compiled.enablerCount).map {
            EnablerLine(level: Array(plan.levels[($0 * T)..<($0 * T + T)]), cost: arr(ws.enablerCost, $0))
        }
        metrics = model.metrics.enumerated().map { k, metric in
            let values = arr(ws.metricValues, k)
            let met = Projection.met(model, k, years: T) { values[$0] }
            let gap: [Double]? = compiled.hasPlaces && metric.aggregate == .mean
                ? (P == 1 ? [Double](repeating: 0, count: T) : arr(ws.metricGap, k)) : nil
            return MetricLine(values: values, met: met, gap: gap)
        }
        places = !compiled.hasPlaces ? [] : (0..<P).map { p in
            PlaceResult(income: arr(ws.placeIncome, p), spend: arr(ws.placeSpend, p), balance: arr(ws.placeBalance, p),
                        icbBalance: arr(ws.placeIcbBalance, p),
                        categories: (0..<C).map {
                            line(p * C + $0, budget: ws.placeBudget, outturn: ws.placeOutturn, unmet: ws.placeUnmet,
                                 savings: ws.placeSavings, payment: ws.placePayment)
                        },
                        metrics: (0..<compiled.metricCount).map { arr(ws.placeMetricValues, $0 * P + p) })
        }
        extra = (0..<C).map { c in (0..<T).map { ws.extra(c, $0, categories: C) } }
        grossSavings = model.categories.indices.map { model.categories[$0].returns == nil ? [Double](repeating: 0, count: T) : arr(ws.grossSavings, $0) }
        breaches = Projection.breaches(model, income: income, categories: categories)
    }

    /// §3 rules: in year order, then model order of categories.
    static func breaches(_ model: Model, income: [Double], categories: [CategoryLine]) -> [Breach] {
        var out: [Breach] = []
        forEachBreach(model, years: income.count, income: { income[$0] }, budget: { categories[$0].budget[$1] }) { out.append($0); return true }
        return out
    }

    /// Calls `body` with each breach in order until it returns false.
    static func forEachBreach(_ model: Model, years T: Int, income: (Int) -> Double, budget: (Int, Int) -> Double,
                              _ body: (Breach) -> Bool) {
        for t in 1..<max(1, T) {
            for (c, cat) in model.categories.enumerated() where cat.growsWithIncome {
                if budget(c, t) < budget(c, t - 1) * income(t) / income(t - 1) - 1e-9 {
                    if !body(Breach(rule: "grows-with-income", category: c, year: t)) { return }
                }
            }
        }
    }

    /// Whether metric k meets its target in its year; nil with no target or a target year outside the horizon.
    static func met(_ model: Model, _ k: Int, years T: Int, value: (Int) -> Double) -> Bool? {
        let metric = model.metrics[k]
        guard let target = metric.target else { return nil }
        let t = target.year - model.firstYear
        guard t >= 0, t < T else { return nil }
        return metric.better == .higher ? value(t) >= target.value : value(t) <= target.value
    }
}

/// A run's results read in place from the workspace that made them, for analyses that judge many runs
/// (seek's probes): the same answers a `Projection` gives, without copying anything.
public struct FinishedRun {
    public let compiled: CompiledModel, workspace: Workspace
    public init(_ compiled: CompiledModel, _ workspace: Workspace) { self.compiled = compiled; self.workspace = workspace }

    /// Whether the run breaks a rule of §3 (as `Projection.breaches` is not empty).
    public var breaksARule: Bool {
        let T = compiled.years, ws = workspace
        var found = false
        Projection.forEachBreach(compiled.model, years: T, income: { ws.income[$0] }, budget: { ws.budget[$0 * T + $1] }) { _ in
            found = true
            return false
        }
        return found
    }

    /// As `Projection.metrics[k].met`.
    public func met(_ k: Int) -> Bool? {
        let T = compiled.years, ws = workspace
        return Projection.met(compiled.model, k, years: T) { ws.metricValues[k * T + $0] }
    }

    /// The system budget of category c in year t (0-based).
    public func budget(_ c: Int, _ t: Int) -> Double { workspace.budget[c * compiled.years + t] }
}
