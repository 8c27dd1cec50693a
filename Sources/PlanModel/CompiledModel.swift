/// A model compiled once into flat arrays indexed `[row * T + t]`, kernels expanded to T entries and
/// sparse maps as start/index/value arrays, so that the engine runs without dictionaries or allocation.
public final class CompiledModel: @unchecked Sendable {
    public let model: Model
    public let years: Int
    public let categoryCount: Int
    public let enablerCount: Int
    public let metricCount: Int
    let incomeBase: Double

    /// Every assumption in one vector: growth[T], inflation[T], efficiency[T], demand-growth[C],
    /// cashable[C], return-scale[C], cost[E], trend[M]. A `set` or a draw writes into a copy.
    public let defaultParams: [Double]
    let pGrowth: Int, pInflation: Int, pEfficiency: Int, pDemand: Int, pCashable: Int, pReturn: Int, pCost: Int, pTrend: Int

    private let storage = Storage()
    let base: UnsafeMutablePointer<Double>
    let isPrevention: UnsafeMutablePointer<Int>
    let preventionCats: UnsafeMutablePointer<Int>, preventionShare: UnsafeMutablePointer<Double>, preventionCount: Int
    // Enabler efficiency effects on treatment category c: entries effStart[c] ..< effStart[c+1].
    let effStart: UnsafeMutablePointer<Int>, effEnabler: UnsafeMutablePointer<Int>, effValue: UnsafeMutablePointer<Double>
    // Categories with returns: r in 0..<returnCount.
    let returnCount: Int
    let retCat: UnsafeMutablePointer<Int>, retKernel: UnsafeMutablePointer<Double>
    let retToStart: UnsafeMutablePointer<Int>, retToCat: UnsafeMutablePointer<Int>, retToShare: UnsafeMutablePointer<Double>
    let lag: UnsafeMutablePointer<Int>, enPrevention: UnsafeMutablePointer<Double>, enEquity: UnsafeMutablePointer<Double>
    // Metrics.
    let mBase: UnsafeMutablePointer<Double>, mMin: UnsafeMutablePointer<Double>, mMax: UnsafeMutablePointer<Double>
    let mCeiling: UnsafeMutablePointer<Double>, mEquity: UnsafeMutablePointer<Int>, mCapacity: UnsafeMutablePointer<Double>
    let respStart: UnsafeMutablePointer<Int>, respCat: UnsafeMutablePointer<Int>
    let respPerMillion: UnsafeMutablePointer<Double>, respKernel: UnsafeMutablePointer<Double>
    let menStart: UnsafeMutablePointer<Int>, menEnabler: UnsafeMutablePointer<Int>, menValue: UnsafeMutablePointer<Double>
    let actStart: UnsafeMutablePointer<Int>, actCat: UnsafeMutablePointer<Int>, actValue: UnsafeMutablePointer<Double>
    /// Categories whose no-lever outturn B0 some metric's activity term needs (MODEL.md §4).
    let needsB0: UnsafeMutablePointer<Int>, anyB0: Bool

    public init(_ model: Model) {
        self.model = model
        let T = model.years, C = model.categories.count, E = model.enablers.count, M = model.metrics.count
        years = T; categoryCount = C; enablerCount = E; metricCount = M
        incomeBase = model.incomeBase
        pGrowth = 0; pInflation = T; pEfficiency = 2 * T; pDemand = 3 * T
        pCashable = pDemand + C; pReturn = pCashable + C; pCost = pReturn + C; pTrend = pCost + E
        var params = model.incomeGrowth + model.inflation + model.efficiency
        params += model.categories.map(\.demandGrowth) + model.categories.map(\.cashable)
        params += [Double](repeating: 1, count: C) + model.enablers.map(\.cost) + model.metrics.map(\.trend)
        defaultParams = params

        func expand(_ kernel: [Double]) -> [Double] { (0..<T).map { kernel[min($0, kernel.count - 1)] } }

        base = storage.doubles(model.categories.map(\.base))
        isPrevention = storage.ints(model.categories.map { $0.kind == .prevention ? 1 : 0 })
        let prev = model.categories.indices.filter { model.categories[$0].kind == .prevention }
        let prevBase = prev.reduce(0.0) { $0 + model.categories[$1].base }
        preventionCount = prev.count
        preventionCats = storage.ints(prev)
        // Split by base share; with every base zero, split equally (docs/MODEL.md).
        preventionShare = storage.doubles(prev.map { prevBase > 0 ? model.categories[$0].base / prevBase : 1.0 / Double(prev.count) })

        var start = [0], en: [Int] = [], val: [Double] = []
        for c in model.categories {
            for (e, enabler) in model.enablers.enumerated() {
                for w in enabler.efficiency where w.id == c.id { en.append(e); val.append(w.value) }
            }
            start.append(en.count)
        }
        effStart = storage.ints(start); effEnabler = storage.ints(en); effValue = storage.doubles(val)

        let returning = model.categories.indices.filter { model.categories[$0].returns != nil }
        returnCount = returning.count
        retCat = storage.ints(returning)
        retKernel = storage.doubles(returning.flatMap { expand(model.categories[$0].returns!.kernel) })
        var toStart = [0], toCat: [Int] = [], toShare: [Double] = []
        for c in returning {
            for w in model.categories[c].returns!.to { toCat.append(model.categoryIndex(w.id)!); toShare.append(w.value) }
            toStart.append(toCat.count)
        }
        retToStart = storage.ints(toStart); retToCat = storage.ints(toCat); retToShare = storage.doubles(toShare)

        lag = storage.ints(model.enablers.map(\.lag))
        enPrevention = storage.doubles(model.enablers.map(\.prevention))
        enEquity = storage.doubles(model.enablers.map(\.equity))

        mBase = storage.doubles(model.metrics.map(\.base))
        mMin = storage.doubles(model.metrics.map { $0.min ?? -.infinity })
        mMax = storage.doubles(model.metrics.map { $0.max ?? .infinity })
        mCeiling = storage.doubles(model.metrics.map { $0.ceiling ?? .infinity })
        mEquity = storage.ints(model.metrics.map { $0.equity ? 1 : 0 })
        mCapacity = storage.doubles(model.metrics.map(\.capacity))
        var rs = [0], rc: [Int] = [], rp: [Double] = [], rk: [Double] = []
        var ms = [0], me: [Int] = [], mv: [Double] = []
        var asx = [0], ac: [Int] = [], av: [Double] = []
        var b0 = [Int](repeating: 0, count: C)
        for m in model.metrics {
            for r in m.responses { rc.append(model.categoryIndex(r.id)!); rp.append(r.value.perMillion); rk += expand(r.value.kernel) }
            rs.append(rc.count)
            for w in m.enablers { me.append(model.enablerIndex(w.id)!); mv.append(w.value) }
            ms.append(me.count)
            for w in m.activity { let c = model.categoryIndex(w.id)!; ac.append(c); av.append(w.value); b0[c] = 1 }
            asx.append(ac.count)
        }
        respStart = storage.ints(rs); respCat = storage.ints(rc); respPerMillion = storage.doubles(rp); respKernel = storage.doubles(rk)
        menStart = storage.ints(ms); menEnabler = storage.ints(me); menValue = storage.doubles(mv)
        actStart = storage.ints(asx); actCat = storage.ints(ac); actValue = storage.doubles(av)
        needsB0 = storage.ints(b0); anyB0 = b0.contains(1)
    }

    /// Where an assumption lives in the parameter vector (the first year's slot for per-year ones).
    public func offset(of a: Assumption) -> Int {
        switch a.field {
        case .allocationGrowth: return pGrowth
        case .inflation: return pInflation
        case .efficiency: return pEfficiency
        case .demandGrowth: return pDemand + a.index
        case .cashable: return pCashable + a.index
        case .returnScale: return pReturn + a.index
        case .cost: return pCost + a.index
        case .trend: return pTrend + a.index
        }
    }
}
