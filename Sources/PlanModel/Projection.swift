/// The results of one run (MODEL.md §6) as plain arrays, year by year, for rendering and comparison.
public struct Projection: Equatable, Sendable {
    public struct CategoryLine: Equatable, Sendable {
        public var budget: [Double], outturn: [Double], unmet: [Double], savings: [Double]
    }
    public struct EnablerLine: Equatable, Sendable { public var level: [Double], cost: [Double] }
    public struct MetricLine: Equatable, Sendable {
        public var values: [Double]
        /// Whether the target is met in its year; nil with no target or a target year outside the horizon.
        public var met: Bool?
    }

    public var income: [Double], spend: [Double], balance: [Double], cumulative: [Double]
    public var categories: [CategoryLine]
    public var enablers: [EnablerLine]
    public var metrics: [MetricLine]
    /// Extra money X[c,t] per category, for explanations and payback.
    public var extra: [[Double]]
    /// The gross savings each category's extra money makes, summed over the lines it saves in (its `to`
    /// shares sum to 1); zeros for categories without returns. For payback.
    public var grossSavings: [[Double]]

    /// 0-based indices of the years in deficit (balance < 0).
    public var deficitYears: [Int] { balance.indices.filter { balance[$0] < 0 } }
    public var balancedEveryYear: Bool { deficitYears.isEmpty }

    /// Runs the engine once and snapshots the results.
    public init(_ compiled: CompiledModel, _ plan: Plan, workspace: Workspace? = nil) {
        let ws = workspace ?? Workspace(compiled)
        Engine.run(compiled, plan, into: ws)
        self.init(compiled, plan, finished: ws)
    }

    /// Snapshots a workspace that a run has just filled.
    public init(_ compiled: CompiledModel, _ plan: Plan, finished ws: Workspace) {
        let T = compiled.years, model = compiled.model
        func arr(_ p: UnsafeMutablePointer<Double>) -> [Double] { Array(UnsafeBufferPointer(start: p, count: T)) }
        income = arr(ws.income); spend = arr(ws.spend); balance = arr(ws.balance); cumulative = arr(ws.cumulative)
        categories = (0..<compiled.categoryCount).map {
            CategoryLine(budget: ws.row(ws.budget, $0), outturn: ws.row(ws.outturn, $0),
                         unmet: ws.row(ws.unmet, $0), savings: ws.row(ws.savings, $0))
        }
        enablers = (0..<compiled.enablerCount).map {
            EnablerLine(level: Array(plan.levels[($0 * T)..<($0 * T + T)]), cost: ws.row(ws.enablerCost, $0))
        }
        metrics = model.metrics.enumerated().map { k, metric in
            let values = ws.row(ws.metricValues, k)
            var met: Bool?
            if let target = metric.target {
                let t = target.year - model.firstYear
                if t >= 0, t < T {
                    met = metric.better == .higher ? values[t] >= target.value : values[t] <= target.value
                }
            }
            return MetricLine(values: values, met: met)
        }
        extra = (0..<compiled.categoryCount).map { ws.row(ws.flow, $0) }
        grossSavings = model.categories.indices.map { model.categories[$0].returns == nil ? [Double](repeating: 0, count: T) : ws.row(ws.grossSavings, $0) }
    }
}
