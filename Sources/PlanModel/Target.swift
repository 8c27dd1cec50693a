import PlanSupport

/// A TARGET (or an ITEM of actuals and `explain variance`) resolved against the model once: what a view, a
/// condition or an analysis reads from a run, for the system or one place (MODEL.md §7).
public struct ResolvedTarget: Equatable, Sendable {
    public enum Subject: Equatable, Sendable {
        case balance, icbBalance, income, spend
        /// The system's underlying (recurrent) and risk-adjusted positions (MODEL.md §9).
        case underlying, riskAdjusted
        /// An organisation's balance (MODEL.md §9).
        case organisation(Int)
        /// Every prevention-kind category together (their outturn, summed): the categories' indices.
        case prevention([Int])
        case metric(Int), category(Int)
    }
    public var subject: Subject
    /// The place index, or nil for the system.
    public var place: Int?
    /// The subject's word or id as written (`balance`, `icb-balance`, a metric or category id).
    public var name: String

    public init(subject: Subject, place: Int?, name: String) { self.subject = subject; self.place = place; self.name = name }

    /// The system's balance.
    public static let balance = ResolvedTarget(subject: .balance, place: nil, name: MoneyWord.balance.rawValue)

    /// A word or id the model resolves, or nil (an enabler, a topic, a name the model does not have).
    public init?(name: String, place: Int? = nil, in model: Model) {
        self.name = name
        self.place = place
        if let word = MoneyWord(rawValue: name) {
            switch word {
            case .balance: subject = .balance
            case .icbBalance: subject = .icbBalance
            case .income: subject = .income
            case .spend: subject = .spend
            case .prevention: subject = .prevention(model.categories.indices.filter { model.categories[$0].kind == .prevention })
            case .underlying, .riskAdjusted:
                guard place == nil else { return nil }
                subject = word == .underlying ? .underlying : .riskAdjusted
            }
        } else if let k = model.metricIndex(name) {
            subject = .metric(k)
        } else if let c = model.categoryIndex(name) {
            subject = .category(c)
        } else if let o = model.organisationIndex(name), place == nil {
            subject = .organisation(o)
        } else {
            return nil
        }
    }

    /// As a heading: `Balance (system)`, `ICB balance`, `acute outturn`, or the metric's name; a place's
    /// balance, or balances by place (`byPlace`), are "Balance" (the caller names the place).
    public func title(_ model: Model, byPlace: Bool = false) -> String {
        switch subject {
        case .balance: return place != nil || byPlace ? "Balance" : "Balance (system)"
        case .icbBalance:
            // Two successor ICBs or more: the system-wide row is their balances together.
            let several = model.organisations.filter { $0.kind == .commissioner }.count > 1
            return several && place == nil && !byPlace ? "ICBs' balance, together" : "ICB balance"
        case .income: return "Income"
        case .spend: return "Spend"
        case .prevention: return "Prevention programmes' outturn"
        case .underlying: return "Underlying position (system)"
        case .riskAdjusted: return "Risk-adjusted position (system)"
        case .organisation(let o): return "\(model.organisations[o].name) balance"
        case .category: return name + " outturn"
        case .metric(let k): return model.metrics[k].name
        }
    }

    public var isMoney: Bool { if case .metric = subject { return false } else { return true } }

    /// Whether a higher value reads as better: balances and income, and metrics whose `better` is higher;
    /// spending on a line reads better downwards.
    public func higherIsBetter(_ model: Model) -> Bool {
        switch subject {
        case .metric(let k): return model.metrics[k].better == .higher
        case .category, .prevention, .spend: return false
        case .balance, .icbBalance, .income, .underlying, .riskAdjusted, .organisation: return true
        }
    }

    /// As the user writes it: `balance in west-essex`.
    public func text(_ model: Model) -> String { place.map { "\(name) in \(model.places[$0].id)" } ?? name }

    public func unit(_ model: Model) -> String {
        if case .metric(let k) = subject { return model.metrics[k].unit }
        return "£m"
    }

    /// The target's values across the years of a run.
    public func series(_ p: Projection) -> [Double] {
        if let place {
            let r = p.places[place]
            switch subject {
            case .balance: return r.balance
            case .icbBalance: return r.icbBalance
            case .income: return r.income
            case .spend: return r.spend
            case .metric(let k): return r.metrics[k]
            case .category(let c): return r.categories[c].outturn
            case .prevention(let cs): return Self.total(cs.map { r.categories[$0].outturn }, years: p.income.count)
            case .underlying: return p.underlying
            case .riskAdjusted: return p.riskAdjusted
            case .organisation(let o): return p.organisations[o].balance
            }
        }
        switch subject {
        case .balance: return p.balance
        case .icbBalance: return p.icbBalance
        case .income: return p.income
        case .spend: return p.spend
        case .metric(let k): return p.metrics[k].values
        case .category(let c): return p.categories[c].outturn
        case .prevention(let cs): return Self.total(cs.map { p.categories[$0].outturn }, years: p.income.count)
        case .underlying: return p.underlying
        case .riskAdjusted: return p.riskAdjusted
        case .organisation(let o): return p.organisations[o].balance
        }
    }

    /// Year by year sums of several series, in the order given.
    private static func total(_ series: [[Double]], years: Int) -> [Double] {
        (0..<years).map { t in series.reduce(0) { $0 + $1[t] } }
    }

    /// The target in year t (0-based) straight from a workspace after a run, without copying.
    public func value(_ ws: Workspace, _ compiled: CompiledModel, _ t: Int) -> Double {
        let T = compiled.years, C = compiled.categoryCount, P = compiled.placeCount
        if let place {
            switch subject {
            case .balance: return ws.placeBalance[place * T + t]
            case .icbBalance: return ws.placeIcbBalance[place * T + t]
            case .income: return ws.placeIncome[place * T + t]
            case .spend: return ws.placeSpend[place * T + t]
            case .metric(let k): return ws.placeMetricValues[(k * P + place) * T + t]
            case .category(let c): return ws.placeOutturn[(place * C + c) * T + t]
            case .prevention(let cs): return cs.reduce(0) { $0 + ws.placeOutturn[(place * C + $1) * T + t] }
            case .underlying, .riskAdjusted, .organisation: break   // no figure by place: read below
            }
        }
        switch subject {
        case .balance: return ws.balance[t]
        case .icbBalance: return ws.icbBalance[t]
        case .income: return ws.income[t]
        case .spend: return ws.spend[t]
        case .metric(let k): return ws.metricValues[k * T + t]
        case .category(let c): return ws.outturn[c * T + t]
        case .prevention(let cs): return cs.reduce(0) { $0 + ws.outturn[$1 * T + t] }
        case .underlying: return Projection.underlying(compiled, ws, t)
        case .riskAdjusted: return ws.riskAdjusted[t]
        case .organisation(let o): return ws.organisationBalance[o * T + t]
        }
    }
}
