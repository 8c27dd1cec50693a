/// A model compiled once into flat arrays so that the engine runs without dictionaries or allocation.
/// Category rows are place by place, `[(p * C + c) * T + t]`; per-year arrays and kernels are expanded to
/// T entries (beyond an array's end its last entry holds); sparse maps are start/index/value arrays.
/// A model without places compiles to one place holding everything (P = 1, every share 1).
public final class CompiledModel: @unchecked Sendable {
    public let model: Model
    public let years: Int
    public let categoryCount: Int
    public let enablerCount: Int
    public let metricCount: Int
    /// P: the model's places, or 1 where it has none.
    public let placeCount: Int
    /// Whether the model file has places (results then carry a `places` object and metric gaps).
    public let hasPlaces: Bool
    let incomeBase: Double

    /// Every assumption in one vector: growth[T], inflation[T], efficiency[T], demand-growth[C],
    /// cashable[C], return-scale[C], effect-scale[C], cost[E], trend[M], level[M], pressure[C·T], and each
    /// stream's growth or amounts[T]. A `set` or a draw writes into a copy.
    public let defaultParams: [Double]
    let pGrowth: Int, pInflation: Int, pEfficiency: Int, pDemand: Int, pCashable: Int, pReturn: Int, pEffect: Int
    let pCost: Int, pTrend: Int, pLevel: Int, pPressure: Int, pStream: Int, pRisk: Int
    /// The assumption each of the model's `uncertainty` entries names, in their order (resolved once here:
    /// Monte Carlo and its notes read them on every run).
    public let uncertain: [Assumption]

    private let storage = Storage()
    /// Per place: income share w_p and population share s_p.
    public let incomeShare: UnsafeMutablePointer<Double>, populationShare: UnsafeMutablePointer<Double>
    /// Per place and category (row p·C + c): base_{c,p} and the place's demand growth delta.
    let base: UnsafeMutablePointer<Double>, growthDelta: UnsafeMutablePointer<Double>
    let isPrevention: UnsafeMutablePointer<Int>
    let variable: UnsafeMutablePointer<Double>, maxUnmet: UnsafeMutablePointer<Double>
    /// Prevention categories, and within each place each one's share of the place's prevention base
    /// (row p·K + k); `preventionBase[p]` is that base, 0 where the place has none.
    let preventionCats: UnsafeMutablePointer<Int>, preventionShare: UnsafeMutablePointer<Double>, preventionCount: Int
    public let preventionBase: UnsafeMutablePointer<Double>
    // Enabler efficiency effects on treatment category c: entries effStart[c] ..< effStart[c+1].
    let effStart: UnsafeMutablePointer<Int>, effEnabler: UnsafeMutablePointer<Int>, effValue: UnsafeMutablePointer<Double>
    // Categories with returns: r in 0..<returnCount.
    let returnCount: Int
    let retCat: UnsafeMutablePointer<Int>, retKernel: UnsafeMutablePointer<Double>
    let retToStart: UnsafeMutablePointer<Int>, retToCat: UnsafeMutablePointer<Int>, retToShare: UnsafeMutablePointer<Double>
    let lag: UnsafeMutablePointer<Int>, enPrevention: UnsafeMutablePointer<Double>, enEquity: UnsafeMutablePointer<Double>
    /// The enablers' planned costs plan_e (the file's `cost`), which E.cost is measured against.
    let enPlan: UnsafeMutablePointer<Double>
    // Metrics, per metric and place (row k·P + p): base, trend multiplier and delta, k_p, limits, enabler scale.
    let mBase: UnsafeMutablePointer<Double>, mTrendScale: UnsafeMutablePointer<Double>, mTrendDelta: UnsafeMutablePointer<Double>
    let mWeight: UnsafeMutablePointer<Double>, mEnablerScale: UnsafeMutablePointer<Double>
    let mMin: UnsafeMutablePointer<Double>, mMax: UnsafeMutablePointer<Double>, mCeiling: UnsafeMutablePointer<Double>
    let mEquity: UnsafeMutablePointer<Int>, mCapacity: UnsafeMutablePointer<Double>, mSum: UnsafeMutablePointer<Int>
    let respStart: UnsafeMutablePointer<Int>, respCat: UnsafeMutablePointer<Int>
    let respPerMillion: UnsafeMutablePointer<Double>, respKernel: UnsafeMutablePointer<Double>
    /// A horizon of at most 8 years: single runs work out 8 years at once (`Engine.metric`).
    let shortHorizon: Bool
    /// With a short horizon, each response's kernel again, shifted: 64 entries a kernel, row s (8 entries, one
    /// cache line) holding kernel[t − s] for year t, and 0 where t < s. Row s times w[s] is a convolution's
    /// terms for every year at once (`Engine.convolved`).
    let respShifted: UnsafeMutablePointer<Double>
    let menStart: UnsafeMutablePointer<Int>, menEnabler: UnsafeMutablePointer<Int>, menValue: UnsafeMutablePointer<Double>
    let actStart: UnsafeMutablePointer<Int>, actCat: UnsafeMutablePointer<Int>, actValue: UnsafeMutablePointer<Double>
    /// Categories whose no-lever outturn B0 some metric's activity term needs (MODEL.md §4).
    let needsB0: UnsafeMutablePointer<Int>, anyB0: Bool
    /// Whether some category has `growsWithIncome` (the investment standard then needs plan income).
    let hasInvestmentStandard: Bool
    /// Income streams (MODEL.md §3): a base or amounts, recurrent, the standard's base, and each place's share
    /// a[st,p] (row s·P + p).
    public let streamCount: Int
    let streamHasBase: UnsafeMutablePointer<Int>, streamBase: UnsafeMutablePointer<Double>
    let streamRecurrent: UnsafeMutablePointer<Int>, streamMhisBase: UnsafeMutablePointer<Int>
    let streamShare: UnsafeMutablePointer<Double>
    /// Organisations (MODEL.md §9): O of them; a provider's planned position and support per year
    /// (row o·T + t); the providers delivering each line in each place (row p·C + c: entries
    /// delStart[row] ..< delStart[row + 1]); each place's commissioner (−1 where none).
    public let organisationCount: Int
    public let hasProviders: Bool, hasCommissioners: Bool
    let isProvider: UnsafeMutablePointer<Int>
    let planPosition: UnsafeMutablePointer<Double>, support: UnsafeMutablePointer<Double>
    let delStart: UnsafeMutablePointer<Int>, delOrg: UnsafeMutablePointer<Int>, delShare: UnsafeMutablePointer<Double>
    /// 1 − the providers' shares of line c in place p: what other providers deliver.
    let undelivered: UnsafeMutablePointer<Double>
    public let placeCommissioner: UnsafeMutablePointer<Int>
    /// Metrics that drive a line's savings (MODEL.md §3): the line (−1 where none), £m per unit, and the sign
    /// (−1 when lower is better: fewer admissions save money).
    let driveCategory: UnsafeMutablePointer<Int>, driveCost: UnsafeMutablePointer<Double>, driveSign: UnsafeMutablePointer<Double>
    let anyDrives: Bool
    /// h_o: a commissioner's places' income share between them (0 for a provider).
    let commissionerShare: UnsafeMutablePointer<Double>

    public init(_ model: Model) {
        self.model = model
        let T = model.years, C = model.categories.count, E = model.enablers.count, M = model.metrics.count
        let P = max(1, model.places.count)
        years = T; categoryCount = C; enablerCount = E; metricCount = M; placeCount = P
        hasPlaces = !model.places.isEmpty
        uncertain = model.uncertainty.map { Assumption.resolve($0.assumption, in: model)! }
        incomeBase = model.incomeBase
        pGrowth = 0; pInflation = T; pEfficiency = 2 * T; pDemand = 3 * T
        pCashable = pDemand + C; pReturn = pCashable + C; pEffect = pReturn + C; pCost = pEffect + C; pTrend = pCost + E
        pLevel = pTrend + M; pPressure = pLevel + M; pStream = pPressure + C * T; pRisk = pStream + model.streams.count * T

        /// Entry i of an array whose last entry holds beyond its end (MODEL.md §1).
        func expand(_ values: [Double]) -> [Double] { (0..<T).map { values[min($0, values.count - 1)] } }
        func shifted(_ kernels: [Double]) -> [Double] {
            guard T <= 8 else { return [] }
            var out: [Double] = []
            for start in stride(from: 0, to: kernels.count, by: T) {
                for shift in 0..<8 { out += (0..<8).map { t in t >= shift && t - shift < T ? kernels[start + t - shift] : 0 } }
            }
            return out
        }
        shortHorizon = T <= 8

        var params = expand(model.incomeGrowth) + expand(model.inflation) + expand(model.efficiency)
        params += model.categories.map(\.demandGrowth) + model.categories.map(\.cashable)
        params += [Double](repeating: 1, count: 2 * C) + model.enablers.map(\.cost) + model.metrics.map(\.trend)
        params += [Double](repeating: 0, count: M)
        params += model.categories.flatMap { expand($0.pressure) }
        params += model.streams.flatMap { expand($0.amounts ?? $0.growth) }
        params += model.risks.map(\.probability)
        defaultParams = params

        let w = model.incomeShares, s = model.populationShares
        incomeShare = storage.doubles(w); populationShare = storage.doubles(s)
        var bases: [Double] = [], deltas: [Double] = []
        for p in 0..<P {
            for (c, cat) in model.categories.enumerated() {
                bases.append(cat.base * model.categoryShare(c, place: p))
                let delta = model.places.isEmpty ? 0 : model.places[p].categories.first { $0.id == cat.id }?.value.demandGrowthDelta ?? 0
                deltas.append(delta)
            }
        }
        base = storage.doubles(bases); growthDelta = storage.doubles(deltas)
        isPrevention = storage.ints(model.categories.map { $0.kind == .prevention ? 1 : 0 })
        variable = storage.doubles(model.categories.map(\.variable))
        maxUnmet = storage.doubles(model.categories.map(\.maxUnmet))

        let prev = model.categories.indices.filter { model.categories[$0].kind == .prevention }
        preventionCount = prev.count
        preventionCats = storage.ints(prev)
        var shares: [Double] = [], placeBases: [Double] = []
        for p in 0..<P {
            let total = prev.reduce(0.0) { $0 + bases[p * C + $1] }
            placeBases.append(total)
            // Split by base share in the place; with no base there, equally (a typed statement is refused first).
            shares += prev.map { total > 0 ? bases[p * C + $0] / total : 1.0 / Double(prev.count) }
        }
        preventionShare = storage.doubles(shares); preventionBase = storage.doubles(placeBases)

        var start = [0], en: [Int] = [], val: [Double] = []
        for c in model.categories {
            for (e, enabler) in model.enablers.enumerated() {
                for x in enabler.efficiency where x.id == c.id { en.append(e); val.append(x.value) }
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
            for x in model.categories[c].returns!.to { toCat.append(model.categoryIndex(x.id)!); toShare.append(x.value) }
            toStart.append(toCat.count)
        }
        retToStart = storage.ints(toStart); retToCat = storage.ints(toCat); retToShare = storage.doubles(toShare)

        lag = storage.ints(model.enablers.map(\.lag))
        enPrevention = storage.doubles(model.enablers.map(\.prevention))
        enEquity = storage.doubles(model.enablers.map(\.equity))
        enPlan = storage.doubles(model.enablers.map(\.cost))

        // §4: a mean metric's place moves k_p = 1/s_p times as much per £; a sum metric's figures scale by s_p.
        var mb: [Double] = [], mts: [Double] = [], mtd: [Double] = [], mw: [Double] = [], mes: [Double] = []
        var mlo: [Double] = [], mhi: [Double] = [], mce: [Double] = []
        for metric in model.metrics {
            let sum = metric.aggregate == .sum
            for p in 0..<P {
                let level = model.places.isEmpty ? nil : model.places[p].metrics.first { $0.id == metric.id }?.value
                let scale = sum ? s[p] : 1
                mb.append(level?.base ?? metric.base * scale)
                mts.append(scale)
                mtd.append(level?.trendDelta ?? 0)
                mw.append(sum ? 1 : 1 / s[p])
                mes.append(scale)
                mlo.append(metric.min.map { $0 * scale } ?? -.infinity)
                mhi.append(metric.max.map { $0 * scale } ?? .infinity)
                mce.append(metric.ceiling.map { $0 * scale } ?? .infinity)
            }
        }
        mBase = storage.doubles(mb); mTrendScale = storage.doubles(mts); mTrendDelta = storage.doubles(mtd)
        mWeight = storage.doubles(mw); mEnablerScale = storage.doubles(mes)
        mMin = storage.doubles(mlo); mMax = storage.doubles(mhi); mCeiling = storage.doubles(mce)
        mEquity = storage.ints(model.metrics.map { $0.equity ? 1 : 0 })
        mSum = storage.ints(model.metrics.map { $0.aggregate == .sum ? 1 : 0 })
        mCapacity = storage.doubles(model.metrics.map(\.capacity))
        var rs = [0], rc: [Int] = [], rp: [Double] = [], rk: [Double] = []
        var ms = [0], me: [Int] = [], mv: [Double] = []
        var asx = [0], ac: [Int] = [], av: [Double] = []
        var b0 = [Int](repeating: 0, count: C)
        for m in model.metrics {
            for r in m.responses { rc.append(model.categoryIndex(r.id)!); rp.append(r.value.perMillion); rk += expand(r.value.kernel) }
            rs.append(rc.count)
            for x in m.enablers { me.append(model.enablerIndex(x.id)!); mv.append(x.value) }
            ms.append(me.count)
            for x in m.activity { let c = model.categoryIndex(x.id)!; ac.append(c); av.append(x.value); b0[c] = 1 }
            asx.append(ac.count)
        }
        respStart = storage.ints(rs); respCat = storage.ints(rc); respPerMillion = storage.doubles(rp); respKernel = storage.doubles(rk)
        respShifted = storage.doubles(shifted(rk))
        menStart = storage.ints(ms); menEnabler = storage.ints(me); menValue = storage.doubles(mv)
        actStart = storage.ints(asx); actCat = storage.ints(ac); actValue = storage.doubles(av)
        needsB0 = storage.ints(b0); anyB0 = b0.contains(1)
        hasInvestmentStandard = model.categories.contains { $0.growsWithIncome }
        driveCategory = storage.ints(model.metrics.map { $0.drives.flatMap { model.categoryIndex($0.category) } ?? -1 })
        driveCost = storage.doubles(model.metrics.map { $0.drives?.unitCost ?? 0 })
        driveSign = storage.doubles(model.metrics.map { $0.better == .lower ? -1 : 1 })
        anyDrives = model.metrics.contains { $0.drives != nil }
        streamCount = model.streams.count
        streamHasBase = storage.ints(model.streams.map { $0.base != nil ? 1 : 0 })
        streamBase = storage.doubles(model.streams.map { $0.base ?? 0 })
        streamRecurrent = storage.ints(model.streams.map { $0.recurrent ? 1 : 0 })
        streamMhisBase = storage.ints(model.streams.map { $0.mhisBase ? 1 : 0 })
        // §9: a commissioner's places; a stream of one commissioner goes to its places by w_p / h_o.
        let orgs = model.organisations
        organisationCount = orgs.count
        hasProviders = orgs.contains { $0.kind == .provider }
        hasCommissioners = orgs.contains { $0.kind == .commissioner }
        var commissionerOf = [Int](repeating: -1, count: P)
        for (o, org) in orgs.enumerated() where org.kind == .commissioner {
            if model.places.isEmpty { commissionerOf[0] = o }
            for id in org.places { if let p = model.placeIndex(id) { commissionerOf[p] = o } }
        }
        placeCommissioner = storage.ints(commissionerOf)
        commissionerShare = storage.doubles(orgs.indices.map { o in (0..<P).filter { commissionerOf[$0] == o }.reduce(0.0) { $0 + w[$1] } })
        streamShare = storage.doubles(model.streams.flatMap { stream -> [Double] in
            guard let c = stream.commissioner, let o = model.organisationIndex(c) else { return w }
            let members = (0..<P).filter { commissionerOf[$0] == o }
            let h = members.reduce(0.0) { $0 + w[$1] }
            return (0..<P).map { commissionerOf[$0] == o ? w[$0] / h : 0 }
        })
        isProvider = storage.ints(orgs.map { $0.kind == .provider ? 1 : 0 })
        planPosition = storage.doubles(orgs.flatMap { expand($0.kind == .provider ? $0.planPosition : [0]) })
        support = storage.doubles(orgs.flatMap { expand($0.kind == .provider ? $0.support : [0]) })
        var ds = [0], dOrg: [Int] = [], dShare: [Double] = [], rest: [Double] = []
        for p in 0..<P {
            let placeId = model.places.isEmpty ? "" : model.places[p].id
            for cat in model.categories {
                var total = 0.0
                for (o, org) in orgs.enumerated() where org.kind == .provider {
                    if let d = org.delivers.first(where: { $0.id == cat.id })?.value.first(where: { $0.id == placeId })?.value, d != 0 {
                        dOrg.append(o); dShare.append(d); total += d
                    }
                }
                ds.append(dOrg.count)
                rest.append(1 - total)
            }
        }
        delStart = storage.ints(ds); delOrg = storage.ints(dOrg); delShare = storage.doubles(dShare); undelivered = storage.doubles(rest)
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
        case .effectScale: return pEffect + a.index
        case .cost: return pCost + a.index
        case .trend: return pTrend + a.index
        case .level: return pLevel + a.index
        case .pressure: return pPressure + a.index * years
        case .streamGrowth, .streamAmount: return pStream + a.index * years
        case .probability: return pRisk + a.index
        }
    }
}
