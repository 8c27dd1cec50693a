import PlanLanguage
import PlanModel

/// A TARGET (or an ITEM of `explain variance`) resolved against the model once: what a view, a condition
/// or an analysis reads from a run, for the system or one place (MODEL.md §7).
struct ResolvedTarget: Equatable {
    enum Subject: Equatable { case balance, icbBalance, income, spend, metric(Int), category(Int) }
    var subject: Subject
    /// The place index, or nil for the system.
    var place: Int?
    /// The subject's word or id as written (`balance`, `icb-balance`, a metric or category id).
    var name: String

    init(subject: Subject, place: Int?, name: String) { self.subject = subject; self.place = place; self.name = name }

    /// Resolves a parsed target; the parser has checked the names.
    init(_ target: Target, in model: Model) {
        self.init(name: target.name.text, place: target.place.flatMap { model.placeIndex($0.text) }, in: model)
    }

    init(name: String, place: Int? = nil, in model: Model) {
        self.name = name
        self.place = place
        switch name {
        case "balance": subject = .balance
        case "icb-balance": subject = .icbBalance
        case "income": subject = .income
        case "spend": subject = .spend
        default:
            if let k = model.metricIndex(name) { subject = .metric(k) } else { subject = .category(model.categoryIndex(name)!) }
        }
    }

    /// A money word as a heading: `Balance (system)`, `ICB balance`, `Acute outturn`.
    static func title(_ name: String) -> String {
        switch name {
        case "balance": return "Balance (system)"
        case "icb-balance": return "ICB balance"
        case "income", "spend": return name.prefix(1).uppercased() + name.dropFirst()
        default: return name + " outturn"
        }
    }

    var isMoney: Bool { if case .metric = subject { return false } else { return true } }

    /// As the user writes it: `balance in west-essex`.
    func text(_ model: Model) -> String { place.map { "\(name) in \(model.places[$0].id)" } ?? name }

    func unit(_ model: Model) -> String {
        if case .metric(let k) = subject { return model.metrics[k].unit }
        return "£m"
    }

    /// The target's values across the years of a run.
    func series(_ p: Projection) -> [Double] {
        if let place {
            let r = p.places[place]
            switch subject {
            case .balance: return r.balance
            case .icbBalance: return r.icbBalance
            case .income: return r.income
            case .spend: return r.spend
            case .metric(let k): return r.metrics[k]
            case .category(let c): return r.categories[c].outturn
            }
        }
        switch subject {
        case .balance: return p.balance
        case .icbBalance: return p.icbBalance
        case .income: return p.income
        case .spend: return p.spend
        case .metric(let k): return p.metrics[k].values
        case .category(let c): return p.categories[c].outturn
        }
    }

    /// The target in year t (0-based) straight from a workspace after a run, without copying.
    func value(_ ws: Workspace, _ compiled: CompiledModel, _ t: Int) -> Double {
        let T = compiled.years, C = compiled.categoryCount, P = compiled.placeCount
        if let place {
            switch subject {
            case .balance: return ws.placeBalance[place * T + t]
            case .icbBalance: return ws.placeIcbBalance[place * T + t]
            case .income: return ws.placeIncome[place * T + t]
            case .spend: return ws.placeSpend[place * T + t]
            case .metric(let k): return ws.placeMetricValues[(k * P + place) * T + t]
            case .category(let c): return ws.placeOutturn[(place * C + c) * T + t]
            }
        }
        switch subject {
        case .balance: return ws.balance[t]
        case .icbBalance: return ws.icbBalance[t]
        case .income: return ws.income[t]
        case .spend: return ws.spend[t]
        case .metric(let k): return ws.metricValues[k * T + t]
        case .category(let c): return ws.outturn[c * T + t]
        }
    }
}
