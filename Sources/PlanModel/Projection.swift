/// The results of one run (MODEL.md §6) as plain arrays, year by year, for rendering and comparison.
public struct Projection: Equatable, Sendable {
    public struct CategoryLine: Equatable, Sendable {
        public var budget: [Double], outturn: [Double], unmet: [Double], savings: [Double]
        public var payment: [Double], providerGap: [Double]
    }
    public struct EnablerLine: Equatable, Sendable { public var level: [Double], cost: [Double] }
    /// How one target of a metric stands in a run (MODEL.md §4): judged in every year of the horizon from its
    /// year on (every year, for a year before the horizon), met when the value is on the better side in each.
    public struct TargetStatus: Equatable, Sendable {
        /// Nil when the target's year is after the horizon's last (shown, not judged).
        public var met: Bool?
        /// The judged years (0-based), in order, in which the value is on the better side.
        public var metYears: [Int]
    }
    public struct MetricLine: Equatable, Sendable {
        public var values: [Double]
        /// Each of the metric's targets, in the file's order.
        public var targets: [TargetStatus]
        /// Whether the first target is met (version 2's `met`); nil with no target or one after the horizon.
        public var met: Bool? { targets.first?.met }
        /// max − min of the places' values, for mean metrics of a model with places; nil otherwise.
        public var gap: [Double]?
    }
    /// One place's money and metrics (MODEL.md §6 `places`).
    public struct PlaceResult: Equatable, Sendable {
        public var income: [Double], spend: [Double], balance: [Double], icbBalance: [Double]
        public var categories: [CategoryLine]
        public var metrics: [[Double]]
    }
    /// A rule the plan breaks (MODEL.md §3): the `growsWithIncome` lines together growing more slowly than the
    /// income the mental health investment standard is measured on.
    public struct Breach: Equatable, Sendable {
        public var rule: String
        /// The first category the standard covers (version 2's key), and all of them.
        public var category: Int
        public var categories: [Int]
        /// 0-based year.
        public var year: Int
        /// H[t] − H[t−1]·Ib[t]/Ib[t−1]: how far below the standard the lines' budgets are.
        public var headroom: Double
        /// The commissioner judged, where the model has commissioners (the standard binds each ICB).
        public var organisation: Int? = nil
    }
    /// An organisation's positions (MODEL.md §9).
    public struct OrganisationResult: Equatable, Sendable {
        public var balance: [Double], underlying: [Double], riskAdjusted: [Double]
        /// A commissioner's investment-standard headroom (nil in year 1), where some category has `growsWithIncome`.
        public var mhisHeadroom: [Double?]?
    }

    public var income: [Double], spend: [Double], balance: [Double], cumulative: [Double]
    public var icbBalance: [Double], icbCumulative: [Double]
    public var categories: [CategoryLine]
    public var enablers: [EnablerLine]
    public var metrics: [MetricLine]
    /// Each place's results, in model order; empty where the model has no places.
    public var places: [PlaceResult]
    public var breaches: [Breach]
    /// The investment standard's headroom each year (nil in year 1); nil where no category has `growsWithIncome`.
    public var mhisHeadroom: [Double?]?
    /// Income that does not recur (deficit support above all); zeros without such streams.
    public var nonRecurrentIncome: [Double]
    /// Each income stream's money received by year (outturn values); empty without streams.
    public var streams: [[Double]]
    /// The one-off money of `non-recurrent` statements, by year (NRX).
    public var nonRecurrentMoney: [Double]
    /// The positions without what does not recur, and with the risk register's expected impact (MODEL.md §9).
    public var underlying: [Double], icbUnderlying: [Double], riskAdjusted: [Double], icbRiskAdjusted: [Double]
    /// An entry of the register as the run had it: its probability and its impact signed as it reaches the
    /// position (negative for a risk).
    public struct RiskLine: Equatable, Sendable {
        public var id: String, kind: Model.Risk.Kind, organisation: Int?, recurrent: Bool, probability: Double, impact: [Double]
    }
    public var risks: [RiskLine]
    /// Each organisation's positions, in model order; and the gap of the providers the model does not name.
    public var organisations: [OrganisationResult]
    public var otherProviders: [Double]
    /// Extra money X[c,t] per category (summed over places), for explanations and payback.
    public var extra: [[Double]]
    /// The gross savings each category's extra money makes, summed over the lines it saves in (its `to`
    /// shares sum to 1), with its pro-rata part of the savings of metrics that drive a line (MODEL.md §3);
    /// zeros for categories with neither. For payback.
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
            let gap: [Double]? = compiled.hasPlaces && metric.aggregate == .mean
                ? (P == 1 ? [Double](repeating: 0, count: T) : arr(ws.metricGap, k)) : nil
            return MetricLine(values: values, targets: Projection.targets(model, k, years: T) { values[$0] }, gap: gap)
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
        // A programme's row is written where it has returns or responds to a metric that drives a line.
        let drivers = Set(model.metrics.filter { $0.drives != nil }.flatMap { $0.responses.map(\.id) })
        grossSavings = model.categories.indices.map { c in
            model.categories[c].returns == nil && !drivers.contains(model.categories[c].id) ? [Double](repeating: 0, count: T) : arr(ws.grossSavings, c)
        }
        let standard = Projection.standard(compiled, ws, off: plan.standardOff)
        breaches = standard.breaches
        mhisHeadroom = standard.system
        let nri = compiled.streamCount == 0 ? [Double](repeating: 0, count: T)
            : (0..<T).map { t in (0..<P).reduce(0.0) { $0 + ws.placeNonRecurrent[$1 * T + t] } }
        nonRecurrentIncome = nri
        streams = (0..<compiled.streamCount).map { arr(ws.streams, $0) }
        let nrx = (0..<T).map { t in (0..<P).reduce(0.0) { $0 + ws.placeNonRecurrentMoney[$1 * T + t] } }
        nonRecurrentMoney = nrx
        // §9: the underlying position leaves out what does not recur.
        let icb = icbBalance
        underlying = (0..<T).map { Projection.underlying(compiled, ws, $0) }
        icbUnderlying = (0..<T).map { icb[$0] - nri[$0] + nrx[$0] }
        riskAdjusted = arr(ws.riskAdjusted); icbRiskAdjusted = arr(ws.icbRiskAdjusted)
        risks = plan.risks.map { e in
            RiskLine(id: e.id, kind: e.kind, organisation: e.organisation, recurrent: e.recurrent,
                     probability: e.parameter.map { plan.outturnParams[$0] } ?? e.probability, impact: e.impact.map { e.sign * $0 })
        }
        // §9: each organisation's balance (worked out in the run), its underlying position, and the providers
        // the model does not name.
        organisations = model.organisations.enumerated().map { o, org in
            let balance = arr(ws.organisationBalance, o)
            let underlying: [Double] = (0..<T).map { t in
                if org.kind == .provider { return balance[t] - compiled.support[o * T + t] }
                var once = 0.0
                for p in 0..<P where compiled.placeCommissioner[p] == o {
                    once += (compiled.streamCount > 0 ? ws.placeNonRecurrent[p * T + t] : 0) - ws.placeNonRecurrentMoney[p * T + t]
                }
                return balance[t] - once
            }
            return OrganisationResult(balance: balance, underlying: underlying, riskAdjusted: arr(ws.organisationRiskAdjusted, o),
                                      mhisHeadroom: org.kind == .commissioner ? standard.organisations[o] : nil)
        }
        otherProviders = (0..<T).map { t in
            var sum = 0.0
            for c in 0..<C { for p in 0..<P { let row = (p * C + c) * T + t; sum += compiled.undelivered[p * C + c] * (ws.placePayment[row] - ws.placeOutturn[row]) } }
            return sum
        }
    }

    /// The system's underlying position in year t from a finished run (MODEL.md §9): the balance less the
    /// income that does not recur, plus the one-off money of `non-recurrent` statements, less the providers'
    /// deficit support.
    static func underlying(_ compiled: CompiledModel, _ ws: Workspace, _ t: Int) -> Double {
        let T = compiled.years, P = compiled.placeCount
        var nri = 0.0, nrx = 0.0, support = 0.0
        if compiled.streamCount > 0 { for p in 0..<P { nri += ws.placeNonRecurrent[p * T + t] } }
        for p in 0..<P { nrx += ws.placeNonRecurrentMoney[p * T + t] }
        for o in 0..<compiled.organisationCount where compiled.isProvider[o] == 1 { support += compiled.support[o * T + t] }
        return ws.balance[t] - nri + nrx - support
    }

    /// The investment standard for the system and for each commissioner on its own places (MODEL.md §3): the
    /// headroom of each, and the breaches, which with commissioners are theirs alone (by year, then
    /// commissioner in model order).
    static func standard(_ compiled: CompiledModel, _ ws: Workspace, off: [Bool])
        -> (system: [Double?]?, organisations: [[Double?]?], breaches: [Breach]) {
        let model = compiled.model, T = compiled.years, P = compiled.placeCount, C = compiled.categoryCount
        func judged(_ places: [Int]) -> (headroom: [Double?]?, breaches: [Breach]) {
            investmentStandard(model, years: T, off: off, planIncome: { t in places.reduce(0.0) { $0 + ws.placePlanIncome[$1 * T + t] } },
                               budget: { c, t in places.reduce(0.0) { $0 + ws.placeBudget[($1 * C + c) * T + t] } })
        }
        let all = judged(Array(0..<P))
        guard compiled.hasCommissioners else { return (all.headroom, model.organisations.map { _ in nil }, all.breaches) }
        var perOrganisation: [[Double?]?] = [], breaches: [Breach] = []
        for (o, org) in model.organisations.enumerated() {
            guard org.kind == .commissioner else { perOrganisation.append(nil); continue }
            let mine = judged((0..<P).filter { compiled.placeCommissioner[$0] == o })
            perOrganisation.append(mine.headroom)
            breaches += mine.breaches.map { var b = $0; b.organisation = o; return b }
        }
        breaches.sort { ($0.year, $0.organisation ?? 0) < ($1.year, $1.organisation ?? 0) }
        return (all.headroom, perOrganisation, breaches)
    }

    /// The mental health investment standard (MODEL.md §3): the categories with `growsWithIncome` (G) must
    /// together grow at least as fast as the plan income it is measured on. headroom[t] = H[t] − H[t−1]·Ib[t]/Ib[t−1]
    /// with H the sum of their budgets; nil in year 1 and where Ib[t−1] is 0 (nothing is judged there). A
    /// year breaches when its headroom is below −1e-9, unless `rule grows-with-income off` covers it.
    static func investmentStandard(_ model: Model, years T: Int, off: [Bool], planIncome: (Int) -> Double,
                                   budget: (Int, Int) -> Double) -> (headroom: [Double?]?, breaches: [Breach]) {
        let G = model.categories.indices.filter { model.categories[$0].growsWithIncome }
        guard !G.isEmpty else { return (nil, []) }
        func H(_ t: Int) -> Double { G.reduce(0.0) { $0 + budget($1, t) } }
        var headroom: [Double?] = [nil], breaches: [Breach] = []
        for t in 1..<max(1, T) {
            let before = planIncome(t - 1)
            guard before != 0 else { headroom.append(nil); continue }
            let h = H(t) - H(t - 1) * planIncome(t) / before
            headroom.append(h)
            if h < -1e-9, !off[t] { breaches.append(Breach(rule: "grows-with-income", category: G[0], categories: G, year: t, headroom: h)) }
        }
        return (headroom, breaches)
    }

    /// Each target of metric k, judged from its year on (MODEL.md §4).
    static func targets(_ model: Model, _ k: Int, years T: Int, value: (Int) -> Double) -> [TargetStatus] {
        let metric = model.metrics[k]
        return metric.targets.map { target in
            let first = target.year - model.firstYear
            guard first < T else { return TargetStatus(met: nil, metYears: []) }
            let judged = max(0, first)..<T
            let better = judged.filter { metric.better == .higher ? value($0) >= target.value : value($0) <= target.value }
            return TargetStatus(met: better.count == judged.count, metYears: better)
        }
    }

    /// Whether metric k meets every target judged within the horizon (`METRIC meets target`): a target after
    /// the horizon is not judged, and a metric with none judged meets it.
    static func meetsTargets(_ model: Model, _ k: Int, years T: Int, value: (Int) -> Double) -> Bool {
        targets(model, k, years: T, value: value).allSatisfy { $0.met != false }
    }

    /// As `meetsTargets`, from this projection.
    public func meetsTargets(_ k: Int) -> Bool { metrics[k].targets.allSatisfy { $0.met != false } }
}

/// A run's results read in place from the workspace that made them, for analyses that judge many runs
/// (seek's probes): the same answers a `Projection` gives, without copying anything.
public struct FinishedRun {
    public let compiled: CompiledModel, workspace: Workspace
    /// The years (0-based) in which the run's plan switched the investment standard off.
    public let standardOff: [Bool]
    public init(_ compiled: CompiledModel, _ workspace: Workspace, standardOff: [Bool]) {
        self.compiled = compiled; self.workspace = workspace; self.standardOff = standardOff
    }

    /// Whether the run breaks a rule of §3 (as `Projection.breaches` is not empty).
    public var breaksARule: Bool {
        let off = standardOff
        return !Projection.standard(compiled, workspace, off: off).breaches.isEmpty
    }

    /// As `Projection.meetsTargets(k)`.
    public func meetsTargets(_ k: Int) -> Bool {
        let T = compiled.years, ws = workspace
        return Projection.meetsTargets(compiled.model, k, years: T) { ws.metricValues[k * T + $0] }
    }

    /// The system budget of category c in year t (0-based).
    public func budget(_ c: Int, _ t: Int) -> Double { workspace.budget[c * compiled.years + t] }
}
