/// Preallocated buffers for one run of the engine; one per thread. After `Engine.run` it holds the results,
/// each indexed `[row * T + t]` with t from 0 (the model's first year).
public final class Workspace: @unchecked Sendable {
    public let years: Int
    /// Set when every run into this workspace is of the same plan (Monte Carlo): what depends on the
    /// statements alone is then computed once.
    public var samePlan = false
    var leversDone = false
    private let storage = Storage()
    // Intermediate quantities (MODEL.md §2–§4).
    let lf: UnsafeMutablePointer<Double>       // effective (lagged) enabler levels Lf[e,t]
    let efficient: UnsafeMutablePointer<Double>    // F[c,t]
    let noLever: UnsafeMutablePointer<Double>      // B0[c,t] for the categories that need it
    let flow: UnsafeMutablePointer<Double>         // X[c,t]
    let multiplier: UnsafeMutablePointer<Double>   // M[t]
    let equity: UnsafeMutablePointer<Double>       // q[t] for metrics with equity
    let scratch: UnsafeMutablePointer<Double>      // per-year working row
    let released: UnsafeMutablePointer<Double>     // capacity freed, not cash
    let effective: UnsafeMutablePointer<Double>    // X[j,s]·m_j[s]
    let effectiveEquity: UnsafeMutablePointer<Double> // X[j,s]·m_j[s]·q[s]
    let hasMoney: UnsafeMutablePointer<Int>        // 1 where category j has extra money in some year
    let freed: UnsafeMutablePointer<Double>        // Σ_c released − unmet, per year
    let grossSavings: UnsafeMutablePointer<Double> // Σ_s X[j,s] r_j kernel_j[t−s] m_j[s] per returning category j
    // Results.
    public let budget: UnsafeMutablePointer<Double>
    public let outturn: UnsafeMutablePointer<Double>
    public let unmet: UnsafeMutablePointer<Double>
    public let savings: UnsafeMutablePointer<Double>
    public let enablerCost: UnsafeMutablePointer<Double>
    public let income: UnsafeMutablePointer<Double>
    public let spend: UnsafeMutablePointer<Double>
    public let balance: UnsafeMutablePointer<Double>
    public let cumulative: UnsafeMutablePointer<Double>
    public let metricValues: UnsafeMutablePointer<Double>

    public init(_ compiled: CompiledModel) {
        let T = compiled.years, C = compiled.categoryCount, E = compiled.enablerCount, M = compiled.metricCount
        years = T
        lf = storage.doubles(count: E * T); efficient = storage.doubles(count: C * T); noLever = storage.doubles(count: C * T)
        flow = storage.doubles(count: C * T); multiplier = storage.doubles(count: T); equity = storage.doubles(count: T)
        scratch = storage.doubles(count: T); released = storage.doubles(count: C * T)
        effective = storage.doubles(count: C * T); effectiveEquity = storage.doubles(count: C * T)
        hasMoney = storage.ints([Int](repeating: 0, count: C)); freed = storage.doubles(count: T)
        grossSavings = storage.doubles(count: C * T)
        budget = storage.doubles(count: C * T); outturn = storage.doubles(count: C * T)
        unmet = storage.doubles(count: C * T); savings = storage.doubles(count: C * T)
        enablerCost = storage.doubles(count: E * T)
        income = storage.doubles(count: T); spend = storage.doubles(count: T)
        balance = storage.doubles(count: T); cumulative = storage.doubles(count: T)
        metricValues = storage.doubles(count: M * T)
    }

    /// The extra money X[c,t] into category c in year t (0-based), after the last run.
    public func extra(_ c: Int, _ t: Int) -> Double { flow[c * years + t] }
    /// The efficient cost F[c,t] (0-based year), after the last run.
    public func efficientCost(_ c: Int, _ t: Int) -> Double { efficient[c * years + t] }
    /// Copies a row of a result buffer into an array.
    public func row(_ buffer: UnsafeMutablePointer<Double>, _ index: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: buffer + index * years, count: years))
    }
}
