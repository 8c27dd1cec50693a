/// One side of a flow of money: a category, or every prevention category split by base.
public enum Side: Equatable, Hashable, Sendable {
    case category(Int)
    case prevention

    /// Whether two sides share a category (a shift between them would move money to itself).
    public func overlaps(_ other: Side, in model: Model) -> Bool {
        switch (self, other) {
        case let (.category(a), .category(b)): return a == b
        case (.prevention, .prevention): return true
        case let (.prevention, .category(c)), let (.category(c), .prevention): return model.categories[c].kind == .prevention
        }
    }
}

/// Money moved by `shift` (from a side) or added by `invest` (from nowhere), in years `years` (1-based, half-open).
public struct Flow: Equatable, Sendable {
    /// £m a year, or a fraction of the source's (invest: the target's) efficient cost F.
    public var amount: Double
    public var isPercent: Bool
    public var from: Side?
    public var to: Side
    public var years: Range<Int>
    /// The place it all goes to (`in PLACE`); nil to split across places by the source's F.
    public var place: Int?
    /// One-off money (`invest … non-recurrent`): the underlying position leaves it out (MODEL.md §9).
    public var nonRecurrent = false

    public init(amount: Double, isPercent: Bool, from: Side?, to: Side, years: Range<Int>, place: Int? = nil) {
        self.amount = amount; self.isPercent = isPercent; self.from = from; self.to = to; self.years = years; self.place = place
    }

    /// The side whose efficient cost splits the money across places (and sizes a percentage).
    public var splitSide: Side { from ?? to }
}

/// What one scenario statement does to the model (MODEL.md §2), resolved against a model.
public enum Lever: Equatable, Sendable {
    case flow(Flow)
    /// `enable`/`disable`: the enabler's level L (1 = as planned) in the given years.
    case level(enabler: Int, value: Double, years: Range<Int>)
    /// `set`: a per-year assumption's plan value in the given years, or a scalar one's (years nil).
    case assumption(Assumption, value: Double, years: Range<Int>?)
    /// `outturn`: what is delivered, in the given years (nil: a scalar); `ofPlan` reads the value as a
    /// fraction of the plan value in force after every `set` (`N% of plan`).
    case outturn(Assumption, value: Double, ofPlan: Bool, years: Range<Int>?)
    case policy(Model.Policy)
    /// `rule grows-with-income off|on`: whether the investment standard is judged in the given years.
    case rule(judged: Bool, years: Range<Int>)
    /// `risk` or `mitigation`: an entry of the scenario's register, new or replacing one of the same id.
    case risk(RiskEntry)

    /// The years the lever acts in; nil for the whole horizon (scalar assumptions, policy).
    public var years: Range<Int>? {
        switch self {
        case .flow(let f): return f.years
        case .level(_, _, let y): return y
        case .assumption(_, _, let y): return y
        case .outturn(_, _, _, let y): return y
        case .rule(_, let y): return y
        case .risk: return nil
        case .policy: return nil
        }
    }
}

/// Flows that move money the same way (the same sides, place and kind of amount), added up year by year:
/// a scenario of 100,000 statements runs as fast as one of a few dozen distinct flows.
public struct FlowGroup: Equatable, Sendable {
    public var isPercent: Bool
    public var from: Side?
    public var to: Side
    public var place: Int?
    public var nonRecurrent = false
    /// The amount in each year (0-based), £m or a fraction of F.
    public var amounts: [Double]
    public var splitSide: Side { from ?? to }

    struct Key: Hashable { var isPercent: Bool; var from: Side?; var to: Side; var place: Int?; var nonRecurrent: Bool }
    var key: Key { Key(isPercent: isPercent, from: from, to: to, place: place, nonRecurrent: nonRecurrent) }
}

/// An entry of a plan's risk register (MODEL.md §9): the model's entries, then the scenario's own.
public struct RiskEntry: Equatable, Sendable {
    public var id: String
    public var kind: Model.Risk.Kind
    /// The organisation it lands on (nil: the ICB).
    public var organisation: Int?
    /// £m ≥ 0 in each year (0-based), as long as the horizon.
    public var impact: [Double]
    public var recurrent: Bool
    /// Its probability: a model entry's lives in the parameter vector (so `set` and draws move it), a
    /// scenario's own entry here.
    public var probability: Double
    var parameter: Int?
    /// −1 for a risk, +1 for a mitigation.
    public var sign: Double { kind == .risk ? -1 : 1 }
    public init(id: String, kind: Model.Risk.Kind, organisation: Int?, impact: [Double], recurrent: Bool, probability: Double) {
        self.id = id; self.kind = kind; self.organisation = organisation; self.impact = impact; self.recurrent = recurrent
        self.probability = probability
    }
}

/// The resolved inputs of one run: assumptions, enabler levels, policy and money flows.
public struct Plan: Equatable, Sendable {
    /// Every assumption's plan value (MODEL.md §2-§3): the file's, or the last `set` that names it.
    public var params: [Double]
    /// Every assumption's outturn value: the plan value, then each `outturn` statement in the order typed.
    /// Equal to `params` when the plan has no `outturn` statement. Draws, sensitivity and variance probes
    /// start from it and move it alone.
    public private(set) var outturnParams: [Double]
    /// The `outturn` statements, in the order typed (they apply after every `set`).
    public private(set) var outturns: [Outturn] = []
    public struct Outturn: Equatable, Sendable { var offset: Int, value: Double, ofPlan: Bool, years: Range<Int>? }
    public var levels: [Double]
    public var policy: Model.Policy
    /// Per year (0-based): whether `rule grows-with-income off` covers it (the standard is then not judged).
    public var standardOff: [Bool]
    public var flows: [FlowGroup]
    private var flowIndex: [FlowGroup.Key: Int] = [:]
    /// Assumptions a statement has set: Monte Carlo holds them, sensitivity leaves them out.
    public var setAssumptions: Set<Assumption>
    /// The risk register: the model's entries in model order, then the scenario's new ones in the order typed.
    public var risks: [RiskEntry]

    /// The plan with no statements: the model as written.
    public init(_ compiled: CompiledModel) {
        params = compiled.defaultParams
        outturnParams = params
        levels = [Double](repeating: 1, count: compiled.enablerCount * compiled.years)
        policy = compiled.model.policy
        standardOff = [Bool](repeating: false, count: compiled.years)
        flows = []
        setAssumptions = []
        let T = compiled.years
        risks = compiled.model.risks.enumerated().map { r, x in
            var e = RiskEntry(id: x.id, kind: x.kind, organisation: x.org.flatMap { compiled.model.organisationIndex($0) },
                              impact: (0..<T).map { x.impact[min($0, x.impact.count - 1)] }, recurrent: x.recurrent, probability: x.probability)
            e.parameter = compiled.pRisk + r
            return e
        }
    }

    /// A register entry's probability in a run whose parameters are `params`.
    public func probability(_ r: Int, params: UnsafePointer<Double>) -> Double { risks[r].parameter.map { params[$0] } ?? risks[r].probability }

    /// Applies statements in the order they were typed: flows add, levels and assumptions overwrite.
    public mutating func apply(_ lever: Lever, _ compiled: CompiledModel) {
        let T = compiled.years
        switch lever {
        case .flow(let flow):
            let key = FlowGroup.Key(isPercent: flow.isPercent, from: flow.from, to: flow.to, place: flow.place, nonRecurrent: flow.nonRecurrent)
            let g: Int
            if let existing = flowIndex[key] { g = existing } else {
                g = flows.count
                flowIndex[key] = g
                flows.append(FlowGroup(isPercent: flow.isPercent, from: flow.from, to: flow.to, place: flow.place,
                                       nonRecurrent: flow.nonRecurrent, amounts: [Double](repeating: 0, count: T)))
            }
            for year in flow.years where year >= 1 && year <= T { flows[g].amounts[year - 1] += flow.amount }
        case let .level(e, value, years):
            for t in years { levels[e * T + t - 1] = value }
        case let .assumption(a, value, years):
            setAssumptions.insert(a)
            let offset = compiled.offset(of: a)
            if let years { for t in years { params[offset + t - 1] = value } } else { params[offset] = value }
            settleOutturn()
        case let .outturn(a, value, ofPlan, years):
            setAssumptions.insert(a)
            outturns.append(Outturn(offset: compiled.offset(of: a), value: value, ofPlan: ofPlan, years: years))
            settleOutturn()
        case .policy(let p): policy = p
        case let .rule(judged, years):
            for t in years where t >= 1 && t <= T { standardOff[t - 1] = !judged }
        case .risk(var entry):
            // A register entry of the same id is replaced where it stands; a model entry's probability is written
            // to its parameter, so an uncertainty entry on it still acts on the replacing entry.
            if let r = risks.firstIndex(where: { $0.id == entry.id }) {
                entry.parameter = risks[r].parameter
                if let i = entry.parameter {
                    params[i] = entry.probability
                    settleOutturn()
                }
                risks[r] = entry
            } else {
                risks.append(entry)
            }
        }
    }

    /// The outturn values: the plan's, then each `outturn` in typed order (`N% of plan` of the finished plan
    /// value, year by year).
    private mutating func settleOutturn() {
        guard !outturns.isEmpty else {
            if outturnParams != params { outturnParams = params }
            return
        }
        outturnParams = params
        for o in outturns {
            func write(_ i: Int) { outturnParams[i] = o.ofPlan ? o.value * params[i] : o.value }
            if let years = o.years { for t in years { write(o.offset + t - 1) } } else { write(o.offset) }
        }
    }

    /// Becomes `other`, copying element by element into storage this plan already owns when the shapes
    /// match (the same flow groups), so a probe reset before every run allocates nothing.
    public mutating func assign(_ other: Plan) {
        guard params.count == other.params.count, levels.count == other.levels.count, flows.count == other.flows.count,
              zip(flows, other.flows).allSatisfy({ $0.key == $1.key && $0.amounts.count == $1.amounts.count }) else {
            self = other
            return
        }
        Plan.copy(other.params, into: &params)
        Plan.copy(other.outturnParams, into: &outturnParams)
        if outturns != other.outturns { outturns = other.outturns }
        Plan.copy(other.levels, into: &levels)
        for g in flows.indices { Plan.copy(other.flows[g].amounts, into: &flows[g].amounts) }
        policy = other.policy
        if standardOff != other.standardOff { standardOff = other.standardOff }
        if risks != other.risks { risks = other.risks }
        if setAssumptions != other.setAssumptions { setAssumptions = other.setAssumptions }
    }

    private static func copy(_ source: [Double], into target: inout [Double]) {
        target.withUnsafeMutableBufferPointer { t in
            source.withUnsafeBufferPointer { s in for i in s.indices { t[i] = s[i] } }
        }
    }

    public init(_ compiled: CompiledModel, levers: [Lever]) {
        self.init(compiled)
        for lever in levers { apply(lever, compiled) }
    }
}
