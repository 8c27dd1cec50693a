/// Preallocated buffers for one run of the engine; one per thread. After `Engine.run` it holds the results,
/// each indexed `[row * T + t]` with t from 0 (the model's first year). Place rows are `p * C + c` for
/// categories, `k * P + p` for metrics; with one place the system buffers are the place buffers.
public final class Workspace: @unchecked Sendable {
    public let years: Int
    public let places: Int
    /// Set when every run into this workspace is of the same plan (Monte Carlo): what depends on the
    /// statements alone is then computed once.
    public var samePlan = false
    var leversDone = false
    /// Whether some effective enabler level differs from 1 in the last run (else every enabler term is 0).
    var levelsChanged = true
    private let storage = Storage()
    // Intermediate quantities (MODEL.md §2–§4), per place and category.
    let lf: UnsafeMutablePointer<Double>       // effective (lagged) enabler levels Lf[e,t]
    let efficient: UnsafeMutablePointer<Double>    // F[c,p,t]
    let noLever: UnsafeMutablePointer<Double>      // B0[c,p,t] for the categories that need it
    let flow: UnsafeMutablePointer<Double>         // X[c,p,t]
    let multiplier: UnsafeMutablePointer<Double>   // M[t]
    let equity: UnsafeMutablePointer<Double>       // q[t] for metrics with equity
    let scratch: UnsafeMutablePointer<Double>      // per-year working row
    let released: UnsafeMutablePointer<Double>     // capacity freed, not cash
    let effective: UnsafeMutablePointer<Double>    // X[j,p,s]·m_j[s]
    let effectiveEquity: UnsafeMutablePointer<Double> // X[j,p,s]·m_j[s]·q[s]
    let hasMoney: UnsafeMutablePointer<Int>        // 1 where category j has extra money in place p in some year
    let freed: UnsafeMutablePointer<Double>        // Σ_c released − unmet, per place and year
    let grossSavings: UnsafeMutablePointer<Double> // Σ_p Σ_s X[j,p,s] r_j kernel_j[t−s] m_j[s] per returning category j
    let placeConv: UnsafeMutablePointer<Double>    // one place's convolution row
    // Results for each place.
    public let placeBudget: UnsafeMutablePointer<Double>
    public let placeOutturn: UnsafeMutablePointer<Double>
    public let placeUnmet: UnsafeMutablePointer<Double>
    public let placeSavings: UnsafeMutablePointer<Double>
    public let placePayment: UnsafeMutablePointer<Double>
    public let placeIncome: UnsafeMutablePointer<Double>
    public let placeSpend: UnsafeMutablePointer<Double>
    public let placeBalance: UnsafeMutablePointer<Double>
    public let placeIcbBalance: UnsafeMutablePointer<Double>
    public let placeMetricValues: UnsafeMutablePointer<Double>
    // Results for the system (the sums over places; the same buffers as the place ones with one place).
    public let budget: UnsafeMutablePointer<Double>
    public let outturn: UnsafeMutablePointer<Double>
    public let unmet: UnsafeMutablePointer<Double>
    public let savings: UnsafeMutablePointer<Double>
    public let payment: UnsafeMutablePointer<Double>
    public let enablerCost: UnsafeMutablePointer<Double>
    public let income: UnsafeMutablePointer<Double>
    public let spend: UnsafeMutablePointer<Double>
    public let balance: UnsafeMutablePointer<Double>
    public let cumulative: UnsafeMutablePointer<Double>
    public let icbBalance: UnsafeMutablePointer<Double>
    public let icbCumulative: UnsafeMutablePointer<Double>
    public let metricValues: UnsafeMutablePointer<Double>
    /// max_p − min_p of each mean metric's place values (0 with one place).
    public let metricGap: UnsafeMutablePointer<Double>

    public init(_ compiled: CompiledModel) {
        let T = compiled.years, C = compiled.categoryCount, E = compiled.enablerCount, M = compiled.metricCount
        let P = compiled.placeCount
        years = T; places = P
        lf = storage.doubles(count: E * T); efficient = storage.doubles(count: P * C * T); noLever = storage.doubles(count: P * C * T)
        flow = storage.doubles(count: P * C * T); multiplier = storage.doubles(count: T); equity = storage.doubles(count: T)
        scratch = storage.doubles(count: T); released = storage.doubles(count: P * C * T)
        effective = storage.doubles(count: P * C * T); effectiveEquity = storage.doubles(count: P * C * T)
        hasMoney = storage.ints([Int](repeating: 0, count: P * C)); freed = storage.doubles(count: P * T)
        grossSavings = storage.doubles(count: C * T); placeConv = storage.doubles(count: T)
        placeBudget = storage.doubles(count: P * C * T); placeOutturn = storage.doubles(count: P * C * T)
        placeUnmet = storage.doubles(count: P * C * T); placeSavings = storage.doubles(count: P * C * T)
        placePayment = storage.doubles(count: P * C * T)
        placeIncome = storage.doubles(count: P * T); placeSpend = storage.doubles(count: P * T)
        placeBalance = storage.doubles(count: P * T); placeIcbBalance = storage.doubles(count: P * T)
        placeMetricValues = storage.doubles(count: M * P * T)
        if P == 1 {
            budget = placeBudget; outturn = placeOutturn; unmet = placeUnmet; savings = placeSavings; payment = placePayment
            income = placeIncome; spend = placeSpend; balance = placeBalance; icbBalance = placeIcbBalance
            metricValues = placeMetricValues
        } else {
            budget = storage.doubles(count: C * T); outturn = storage.doubles(count: C * T)
            unmet = storage.doubles(count: C * T); savings = storage.doubles(count: C * T); payment = storage.doubles(count: C * T)
            income = storage.doubles(count: T); spend = storage.doubles(count: T)
            balance = storage.doubles(count: T); icbBalance = storage.doubles(count: T)
            metricValues = storage.doubles(count: M * T)
        }
        enablerCost = storage.doubles(count: E * T)
        cumulative = storage.doubles(count: T); icbCumulative = storage.doubles(count: T)
        metricGap = storage.doubles(count: M * T)
    }

    /// The extra money X[c,t] into category c in year t (0-based), summed over places, after the last run.
    public func extra(_ c: Int, _ t: Int, categories C: Int) -> Double {
        var sum = 0.0
        for p in 0..<places { sum += flow[(p * C + c) * years + t] }
        return sum
    }
    /// The efficient cost F[c,p,t] (0-based year) of one place, after the last run.
    public func efficientCost(_ c: Int, place p: Int, _ t: Int, categories C: Int) -> Double { efficient[(p * C + c) * years + t] }
    /// Copies a row of a result buffer into an array.
    public func row(_ buffer: UnsafeMutablePointer<Double>, _ index: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: buffer + index * years, count: years))
    }
}
