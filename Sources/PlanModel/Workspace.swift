/// Preallocated buffers for one run of the engine; one per thread. After `Engine.run` it holds the results,
/// each indexed `[row * T + t]` with t from 0 (the model's first year). Place rows are `p * C + c` for
/// categories, `k * P + p` for metrics; with one place the system buffers are the place buffers.
public typealias Workspace = LaneWorkspace<Double>

/// A workspace whose values are `V`: one draw (`Workspace`) or one draw per lane (Monte Carlo). What
/// depends on the statements alone (levels, M, q) is the same in every lane and kept as `Double`.
public final class LaneWorkspace<V: Lane>: @unchecked Sendable {
    public let years: Int
    public let places: Int
    /// Set when every run into this workspace is of the same plan (Monte Carlo): what depends on the
    /// statements alone is then computed once.
    public var samePlan = false
    var leversDone = false
    /// Whether every line's results are wanted (budget, unmet, released capacity and payment, per place and
    /// summed over places). Monte Carlo reads only the positions and the metrics: its runs store each line's
    /// outturn alone, and sum over places only income, spend and the two positions.
    var systemLines = true
    /// Whether some effective enabler level differs from 1 in the last run (else every enabler term is 0).
    var levelsChanged = true
    /// Whether the last run's savings reached some line (else every entry of `placeSavings` is 0).
    var savingsWritten = false
    /// Whether the last run's plan holds budgets (a line may then leave demand unmet without any lever).
    var holdBudgets = false
    private let storage = Storage()
    // Intermediate quantities (MODEL.md §2–§4), per place and category. Buffers a single run reads or writes
    // 8 years at a time (`Engine.metric`, a horizon of at most 8 years) have 8 entries to spare after the last row.
    let lf: UnsafeMutablePointer<Double>       // effective (lagged) enabler levels Lf[e,t]
    let efficient: UnsafeMutablePointer<V>    // F[c,p,t], at outturn values
    /// Fp[c,p,t], the efficient cost at plan values (the same in every lane): `planEfficient`, or, where a
    /// single run's outturn is its plan, `efficient` itself.
    var planCost: UnsafeMutablePointer<Double>
    let planEfficient: UnsafeMutablePointer<Double>
    /// Fp0: the plan's efficient cost with every level at 1, for B0 where some level differs from 1.
    let planNoLever: UnsafeMutablePointer<Double>
    /// Income per place at plan values (what the investment standard is measured on).
    public let placePlanIncome: UnsafeMutablePointer<Double>
    /// Each income stream's money by year, at outturn (`streams`) and at plan (`planStreams`).
    public let streams: UnsafeMutablePointer<V>
    let planStreams: UnsafeMutablePointer<Double>
    /// Each organisation's balance (MODEL.md §9), row o·T + t.
    public let organisationBalance: UnsafeMutablePointer<V>
    /// The expected positions with the risk register (MODEL.md §9): the system's, the ICB's, each organisation's.
    public let riskAdjusted: UnsafeMutablePointer<V>, icbRiskAdjusted: UnsafeMutablePointer<V>
    public let organisationRiskAdjusted: UnsafeMutablePointer<V>
    /// Income that does not recur, per place (NRI[p,t]).
    public let placeNonRecurrent: UnsafeMutablePointer<V>
    /// The one-off money of `non-recurrent` statements, per place (NRX[p,t]): at plan, the same in every lane.
    public let placeNonRecurrentMoney: UnsafeMutablePointer<Double>
    let noLever: UnsafeMutablePointer<V>      // B0[c,p,t] for the categories that need it
    let flow: UnsafeMutablePointer<V>         // X[c,p,t]
    let multiplier: UnsafeMutablePointer<Double>   // M[t]
    let equity: UnsafeMutablePointer<Double>       // q[t] for metrics with equity
    let scratch: UnsafeMutablePointer<V>      // per-year working row (at least 8 entries: Engine.metric)
    let released: UnsafeMutablePointer<V>     // capacity freed, not cash
    let effective: UnsafeMutablePointer<V>    // X[j,p,s]·m_j[s]
    let effectiveEquity: UnsafeMutablePointer<V> // X[j,p,s]·m_j[s]·q[s]
    /// [p·C + j]: the first year (0-based) in which category j has extra money in place p in some lane, T when none.
    /// Before it the money is zero, so convolutions of it start there (their skipped terms are exactly ±0).
    let firstMoney: UnsafeMutablePointer<Int>
    let freed: UnsafeMutablePointer<V>        // Σ_c released − unmet, per place and year
    /// [p·C + c]: 1 when the plan moves the line in this run (money or savings reach it, or some enabler
    /// level differs from 1), else 0: its outturn is then B0 exactly (`Engine.noLeverOutturn`).
    let moved: UnsafeMutablePointer<Int>
    /// [k·P + p]: 1 when metric k in place p had nothing but its base and trend in the last run (Monte Carlo
    /// only: with the same levers every draw, it is so in every draw).
    let plainMetric: UnsafeMutablePointer<Int>
    let grossSavings: UnsafeMutablePointer<V> // Σ_p Σ_s X[j,p,s] r_j kernel_j[t−s] m_j[s] per returning category j
    let placeConv: UnsafeMutablePointer<V>    // one place's convolution row
    // Results for each place.
    public let placeBudget: UnsafeMutablePointer<V>
    public let placeOutturn: UnsafeMutablePointer<V>
    public let placeUnmet: UnsafeMutablePointer<V>
    public let placeSavings: UnsafeMutablePointer<V>
    public let placePayment: UnsafeMutablePointer<V>
    public let placeIncome: UnsafeMutablePointer<V>
    public let placeSpend: UnsafeMutablePointer<V>
    public let placeBalance: UnsafeMutablePointer<V>
    public let placeIcbBalance: UnsafeMutablePointer<V>
    public let placeMetricValues: UnsafeMutablePointer<V>
    // Results for the system (the sums over places; the same buffers as the place ones with one place).
    public let budget: UnsafeMutablePointer<V>
    public let outturn: UnsafeMutablePointer<V>
    public let unmet: UnsafeMutablePointer<V>
    public let savings: UnsafeMutablePointer<V>
    public let payment: UnsafeMutablePointer<V>
    public let enablerCost: UnsafeMutablePointer<V>
    public let income: UnsafeMutablePointer<V>
    public let spend: UnsafeMutablePointer<V>
    public let balance: UnsafeMutablePointer<V>
    public let cumulative: UnsafeMutablePointer<V>
    public let icbBalance: UnsafeMutablePointer<V>
    public let icbCumulative: UnsafeMutablePointer<V>
    public let metricValues: UnsafeMutablePointer<V>
    /// max_p − min_p of each mean metric's place values (0 with one place).
    public let metricGap: UnsafeMutablePointer<V>

    public init(_ compiled: CompiledModel) {
        let T = compiled.years, C = compiled.categoryCount, E = compiled.enablerCount, M = compiled.metricCount
        let P = compiled.placeCount
        years = T; places = P
        lf = storage.doubles(count: E * T + 8); multiplier = storage.doubles(count: T); equity = storage.doubles(count: T)
        efficient = storage.lanes(count: P * C * T)
        planEfficient = storage.doubles(count: P * C * T); planCost = planEfficient
        planNoLever = storage.doubles(count: P * C * T)
        placePlanIncome = storage.doubles(count: P * T)
        streams = storage.lanes(count: max(1, compiled.streamCount) * T); planStreams = storage.doubles(count: max(1, compiled.streamCount) * T)
        placeNonRecurrent = storage.lanes(count: P * T)
        organisationBalance = storage.lanes(count: max(1, compiled.organisationCount) * T)
        riskAdjusted = storage.lanes(count: T); icbRiskAdjusted = storage.lanes(count: T)
        organisationRiskAdjusted = storage.lanes(count: max(1, compiled.organisationCount) * T)
        placeNonRecurrentMoney = storage.doubles(count: P * T)
        noLever = storage.lanes(count: P * C * T + 8); flow = storage.lanes(count: P * C * T)
        scratch = storage.lanes(count: max(T, 8)); released = storage.lanes(count: P * C * T)
        effective = storage.lanes(count: P * C * T); effectiveEquity = storage.lanes(count: P * C * T)
        firstMoney = storage.ints([Int](repeating: 0, count: P * C)); freed = storage.lanes(count: P * T + 8)
        moved = storage.ints([Int](repeating: 1, count: P * C))
        plainMetric = storage.ints([Int](repeating: 0, count: M * P))
        grossSavings = storage.lanes(count: C * T); placeConv = storage.lanes(count: T)
        placeBudget = storage.lanes(count: P * C * T); placeOutturn = storage.lanes(count: P * C * T + 8)
        placeUnmet = storage.lanes(count: P * C * T); placeSavings = storage.lanes(count: P * C * T)
        placePayment = storage.lanes(count: P * C * T)
        placeIncome = storage.lanes(count: P * T); placeSpend = storage.lanes(count: P * T)
        placeBalance = storage.lanes(count: P * T); placeIcbBalance = storage.lanes(count: P * T)
        placeMetricValues = storage.lanes(count: M * P * T + 8)
        if P == 1 {
            budget = placeBudget; outturn = placeOutturn; unmet = placeUnmet; savings = placeSavings; payment = placePayment
            // The system's balance adds the providers' planned positions to the place's (§9).
            income = placeIncome; spend = placeSpend; icbBalance = placeIcbBalance
            balance = compiled.hasProviders ? storage.lanes(count: T) : placeBalance
            metricValues = placeMetricValues
        } else {
            budget = storage.lanes(count: C * T); outturn = storage.lanes(count: C * T)
            unmet = storage.lanes(count: C * T); savings = storage.lanes(count: C * T); payment = storage.lanes(count: C * T)
            income = storage.lanes(count: T); spend = storage.lanes(count: T)
            balance = storage.lanes(count: T); icbBalance = storage.lanes(count: T)
            metricValues = storage.lanes(count: M * T)
        }
        enablerCost = storage.lanes(count: E * T)
        cumulative = storage.lanes(count: T); icbCumulative = storage.lanes(count: T)
        metricGap = storage.lanes(count: M * T)
    }

}

extension LaneWorkspace where V == Double {
    /// The extra money X[c,t] into category c in year t (0-based), summed over places, after the last run.
    public func extra(_ c: Int, _ t: Int, categories C: Int) -> Double {
        var sum = 0.0
        for p in 0..<places { sum += flow[(p * C + c) * years + t] }
        return sum
    }
    /// The efficient cost F[c,p,t] (0-based year) of one place, after the last run.
    public func efficientCost(_ c: Int, place p: Int, _ t: Int, categories C: Int) -> Double { efficient[(p * C + c) * years + t] }
    /// Copies a row of a result buffer into an array.
    public func row(_ buffer: UnsafeMutablePointer<V>, _ index: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: buffer + index * years, count: years))
    }
}
