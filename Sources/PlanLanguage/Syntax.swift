/// A name as written (category, enabler, metric, assumption, scenario, keyword argument), with its range.
public struct Name: Equatable, Sendable {
    public var text: String
    public var range: SourceRange
    public init(_ text: String, _ range: SourceRange) { self.text = text; self.range = range }
}

/// A year as written: a financial-year label (`2024/25`, by its starting calendar year) or `yN`.
public struct YearRef: Equatable, Sendable {
    public enum Form: Equatable, Sendable { case label(Int), index(Int) }
    public var form: Form
    /// The 1-based year of the horizon, checked against the model when parsed.
    public var year: Int
    public var range: SourceRange
}

/// `in Y`, `from Y`, `Y1..Y2` (or `in Y1..Y2`): an inclusive span of 1-based horizon years.
public struct Period: Equatable, Sendable {
    public enum Form: Equatable, Sendable { case single, from, range }
    public var form: Form
    public var first: YearRef
    public var last: YearRef?
    public var range: SourceRange
}

public enum Comparison: String, Equatable, Sendable { case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "=" }

/// TARGET := ('balance' | 'icb-balance' | METRIC | CATEGORY) ['in' PLACE] | 'underlying' | 'risk-adjusted' | ORGANISATION: what a view or condition reads.
public struct Target: Equatable, Sendable {
    /// `balance`, `icb-balance`, a metric id or a category id (its outturn).
    public var name: Name
    public var place: Name?
    public var range: SourceRange
    public init(_ name: Name, place: Name? = nil, range: SourceRange) { self.name = name; self.place = place; self.range = range }
    /// As written: `balance in west-essex`.
    public var text: String { place.map { "\(name.text) in \($0.text)" } ?? name.text }
}

/// One term of a CONDITION (`seek`, `assert`).
public enum Term: Equatable, Sendable {
    case everyYear(Target, Comparison, Quantity, SourceRange)
    case inYear(Target, Comparison, Quantity, YearRef, SourceRange)
    case meetsTarget(Name, SourceRange)
    /// `rules hold`: no breach of the model's rules (MODEL.md §3) in any year.
    case rulesHold(SourceRange)
}

/// What `seek` varies.
public enum SeekLever: Equatable, Sendable {
    case shift(from: Name, to: Name, place: Name?, Period?)
    case invest(in: Name, place: Name?, Period?)
    case level(of: Name, Period?)
    case assumption(Name, Period?)
    /// `outturn ASSUMPTION [PERIOD]`: what is delivered, the plan unchanged.
    case outturn(Name, Period?)
}

public struct Seek: Equatable, Sendable {
    public enum Direction: String, Equatable, Sendable { case largest, smallest }
    public enum Goal: String, Equatable, Sendable { case maximizing, minimizing }
    public var direction: Direction
    public var lever: SeekLever
    public var between: (Quantity, Quantity)?
    public var condition: [Term]
    public var objective: (goal: Goal, metric: Target, year: YearRef?)?
    /// `ignoring rules`: the condition does not include `rules hold`.
    public var ignoringRules = false

    public static func == (a: Seek, b: Seek) -> Bool {
        a.direction == b.direction && a.lever == b.lever && a.condition == b.condition && a.ignoringRules == b.ignoringRules
            && a.between?.0 == b.between?.0 && a.between?.1 == b.between?.1
            && a.objective?.goal == b.objective?.goal && a.objective?.metric == b.objective?.metric
            && a.objective?.year == b.objective?.year
    }
}

/// A statement that changes a scenario (docs/commands.md: shift, invest, enable, disable, set): what a scenario holds, `save`
/// writes and `explain` weighs. A switch over it names every kind, so a new one is a compile error wherever
/// it must be handled.
public enum LeverStatement: Equatable, Sendable {
    case shift(amount: Quantity, from: Name, to: Name, place: Name?, period: Period?)
    /// `non-recurrent`: one-off money, which the underlying position leaves out (MODEL.md §9).
    case invest(amount: Quantity, into: Name, place: Name?, period: Period?, nonRecurrent: Bool)
    case enable(Name, level: Quantity?, period: Period?)
    case disable(Name, period: Period?)
    case set(Name, value: Statement.SetValue, period: Period?)
    /// `outturn ASSUMPTION = VALUE [PERIOD]`: what is delivered; `ofPlan` when VALUE was written `N% of plan`.
    case outturn(Name, value: Quantity, ofPlan: Bool, period: Period?)
    /// `rule grows-with-income off|on [PERIOD]`: whether the investment standard is judged in those years.
    case rule(Name, judged: Bool, period: Period?)
    /// `risk|mitigation ID AMOUNT [on ORG] [PERIOD] [at PERCENT]`: an entry of the scenario's risk register.
    case risk(Name, mitigation: Bool, amount: Quantity, on: Name?, period: Period?, probability: Quantity?)

    /// The command-table name (`shift`, `set`, …).
    public var command: String {
        switch self {
        case .shift: return "shift"
        case .invest: return "invest"
        case .enable: return "enable"
        case .disable: return "disable"
        case .set: return "set"
        case .outturn: return "outturn"
        case .rule: return "rule"
        case let .risk(_, mitigation, _, _, _, _): return mitigation ? "mitigation" : "risk"
        }
    }

    /// The PERIOD as typed (nil: the default).
    public var period: Period? {
        switch self {
        case let .shift(_, _, _, _, p), let .invest(_, _, _, p, _), let .enable(_, _, p), let .disable(_, p), let .set(_, _, p),
             let .outturn(_, _, _, p), let .rule(_, _, p), let .risk(_, _, _, _, p, _): return p
        }
    }

    /// The model ids the statement names (categories, an enabler, an assumption), for the sources behind it.
    public var names: [Name] {
        switch self {
        case let .shift(_, from, to, _, _): return [from, to]
        case let .invest(_, into, _, _, _): return [into]
        case let .enable(e, _, _), let .disable(e, _): return [e]
        case let .set(a, _, _), let .outturn(a, _, _, _): return [a]
        case .rule: return []
        case let .risk(_, _, _, org, _, _): return org.map { [$0] } ?? []
        }
    }
}

/// A statement of the scenario language (docs/commands.md), with the source text it was parsed from.
public struct Statement: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        case lever(LeverStatement)
        case scenarioNew(Name, from: Name?)
        case scenarioUse(Name)
        case scenarioList
        case scenarioDrop(Name)
        case scenarioRename(Name, Name)
        case reset, undo, redo, simulate
        /// `about`: `show sources ID`, the sources that name one id.
        case show(Name, place: Name?, byPlace: Bool, about: Name? = nil)
        case compare([Name], on: [Name])
        case comparePlaces(on: [Name])
        case explain(Target, year: YearRef?, against: Name?)
        case explainVariance(Target, year: YearRef)
        case chart(Target, mode: Name?, scenarios: [Name], byPlace: Bool)
        case montecarlo(draws: Quantity?, seed: Quantity?)
        case sensitivity(Target, year: YearRef?)
        case seek(Seek)
        case run(file: String, Name)
        case save(file: String, replace: Bool, Name)
        case export(format: Name, file: String, scenarios: [Name], replace: Bool)
        case report(file: String, scenarios: [Name], replace: Bool, Name)
        /// `verify "REPORT.html"`: re-run what a board report records and compare every figure.
        case verify(file: String, Name)
        case modelLoad(file: String, Name)
        case modelSave(file: String, replace: Bool, Name)
        /// `model template "FILE.xlsx" [replace]`: the model as a planning workbook to fill in.
        case modelTemplate(file: String, replace: Bool, Name)
        case modelShow
        case modelHorizon(Quantity)
        case actualsLoad(file: String, Name)
        case assert([Term])
        case echo(String)
        case pause
        case help(topic: Name?)
        case quit
    }

    /// The value of `set`: a number, or a word (`set policy = hold-budgets`).
    public enum SetValue: Equatable, Sendable {
        case number(Quantity)
        case word(Name)
    }

    public var kind: Kind
    public var range: SourceRange
    /// The statement's text as typed, whitespace-normalised, for `save`, `show levers` and `explain`.
    public var text: String

    /// The command-table name of the statement (`scenario`, `shift`, …).
    public var command: String {
        switch kind {
        case .lever(let l): return l.command
        case .scenarioNew, .scenarioUse, .scenarioList, .scenarioDrop, .scenarioRename: return "scenario"
        case .reset: return "reset"
        case .undo: return "undo"
        case .redo: return "redo"
        case .simulate: return "simulate"
        case .show: return "show"
        case .compare, .comparePlaces: return "compare"
        case .explain, .explainVariance: return "explain"
        case .chart: return "chart"
        case .montecarlo: return "montecarlo"
        case .sensitivity: return "sensitivity"
        case .seek: return "seek"
        case .run: return "run"
        case .save: return "save"
        case .export: return "export"
        case .report: return "report"
        case .verify: return "verify"
        case .modelLoad, .modelSave, .modelTemplate, .modelShow, .modelHorizon: return "model"
        case .actualsLoad: return "actuals"
        case .assert: return "assert"
        case .echo: return "echo"
        case .pause: return "pause"
        case .help: return "help"
        case .quit: return "quit"
        }
    }

    /// Whether the statement changes a scenario's levers (and so can be saved and explained).
    public var isLever: Bool { lever != nil }

    /// The scenario change the statement makes, if it makes one.
    public var lever: LeverStatement? { if case .lever(let l) = kind { return l } else { return nil } }
}
