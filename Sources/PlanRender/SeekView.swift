import PlanSupport

// `seek`'s result, how a sought lever reads, and a condition's figures in words (seek and assert).

/// `seek`: the value of a lever that meets a condition, and the plan there.
public struct SeekView: Rendering {
    public struct Found {
        /// The value in the lever's unit (a percentage as 3.5, not 0.035), and the statement that applies it.
        public var value: Double, statement: String
        public var atRangeEnd: Bool
        /// The statement one step further, which fails the condition (nil at the range's end or when optimising),
        /// and why it fails.
        public var nextStep: String?, further: Bool
        public var nextStepFails: String? = nil
        /// The smallest value sought is none at all: the condition holds without the lever.
        public var holdsWithoutLever = false
        /// The scenario's statements before the one found (the figures include them).
        public var statementsBefore = 0
        /// The prevention line the statement found would take below zero, so that typed it would be refused:
        /// seek computes there like every analysis (MODEL.md §3); the statement cannot be applied as it stands.
        public var refusedWhenTyped: BelowZero? = nil
        /// The condition's parts as they stand there; where demand is left unmet; the objective reached.
        public var conditions: [String], unmet: [Unmet], objective: Objective?
        public var report: SimulationReport
        public init(value: Double, statement: String, atRangeEnd: Bool, nextStep: String?, further: Bool, conditions: [String],
                    unmet: [Unmet], objective: Objective?, report: SimulationReport) {
            self.value = value; self.statement = statement; self.atRangeEnd = atRangeEnd; self.nextStep = nextStep; self.further = further
            self.conditions = conditions; self.unmet = unmet; self.objective = objective; self.report = report
        }
    }

    /// A prevention line (in a place, where there are places) below zero in a year: its budget, or its
    /// outturn (what its programmes cost).
    public struct BelowZero: Sendable {
        public var category: String, place: String?, year: String, left: Double, outturn: Bool
        public init(category: String, place: String?, year: String, left: Double, outturn: Bool) {
            self.category = category; self.place = place; self.year = year; self.left = left; self.outturn = outturn
        }
        var words: String {
            "it leaves \(category)\(place.map { " in " + $0 } ?? "")\(outturn ? "'s outturn" : "") at \(NumberFormat.money(left, decimals: 2)) in \(year)"
        }
    }

    public var scenario: String, lever: String, unit: String
    /// The range searched, as the statement would write it, and whether it was the default one.
    public var low: String, high: String, defaultRange: Bool
    public var rulesHold: Bool
    public var found: Found?
    /// When nothing is found: why the condition fails at each end of the range ("at £0.00m: balance is …").
    public var atEnds: [String] = []

    public init(scenario: String, lever: String, unit: String, low: String, high: String, defaultRange: Bool, rulesHold: Bool, found: Found?) {
        self.scenario = scenario; self.lever = lever; self.unit = unit; self.low = low; self.high = high
        self.defaultRange = defaultRange; self.rulesHold = rulesHold; self.found = found
    }

    public func sheet(style: Style) -> Sheet? {
        ListTable(header: ["lever", "found", "value", "unit", "statement"],
                  rows: [[lever, found == nil ? "false" : "true", found.map { NumberFormat.csv($0.value) } ?? "", unit, found?.statement ?? ""]])
    }

    public func json() -> String {
        let head = "{\"kind\":\"seek\",\"scenario\":\(JSONText.quote(scenario)),\"lever\":\(JSONText.quote(lever)),"
        guard let f = found else {
            return head + "\"found\":false,\"value\":null,\"unit\":\(JSONText.quote(unit)),\"atRangeEnd\":false,\"rulesHold\":\(rulesHold),\"result\":null}"
        }
        return head + "\"found\":true,\"value\":\(JSONText.number(f.value)),\"unit\":\(JSONText.quote(unit)),\"atRangeEnd\":\(f.atRangeEnd),"
            + "\"rulesHold\":\(rulesHold),\"statement\":\(JSONText.quote(f.statement)),"
            + (f.refusedWhenTyped.map { (r: BelowZero) -> String in "\"refusedWhenTyped\":" + JSONText.quote(r.words) + "," } ?? "")
            + "\"result\":\(f.report.json())}"
    }

    public func text(width: Int, style: Style) -> String {
        guard let f = found else {
            return (Wrap.lines("No value of \(lever) from \(low) to \(high) meets the condition"
                + (rulesHold ? " (which includes the model's rules: the mental health investment standard; 'ignoring rules' drops it, maxUnmet always applies)." : "."),
                               width: width)
                + atEnds.flatMap { Wrap.lines("  " + $0, width: width, indent: "    ") }
                + (defaultRange ? ["  (that is the default range; give another with 'between LOW and HIGH')"] : []))
                .joined(separator: "\n")
        }
        // Every line wraps at the width, continuing indented under its own text.
        var out: [String] = []
        func add(_ line: String) { out += Wrap.lines(line, width: width, indent: "    ") }
        // The largest money lever that meets the condition is nothing at all: say so, not "shift £0.00m".
        let none = unit == "£m" && abs(f.value) < 0.005 && f.further && !f.holdsWithoutLever
        add(none ? "Found: £0: the condition holds only with none of this lever (\(lever))" : "Found: \(f.statement)")
        if f.statementsBefore > 0 {
            add("  (in addition to the scenario's \(f.statementsBefore) statement\(f.statementsBefore == 1 ? "" : "s"); the figures below include \(f.statementsBefore == 1 ? "it" : "them"))")
        }
        if f.holdsWithoutLever {
            add("  The condition already holds without this lever: nothing needs to be added.")
        } else if f.atRangeEnd {
            add("  warning: this is the end of the search range (\(low) to \(high)): the answer may be the range, not the plan")
        }
        if let next = f.nextStep {
            add("  one step \(f.further ? "further" : "lower") (\(next)) does not meet the condition" + (f.nextStepFails.map { ": \($0)" } ?? ""))
        }
        add("  There: " + f.conditions.joined(separator: "; "))
        // Under hold-budgets an answer may rest on demand left unmet: say how much, and where.
        if !f.unmet.isEmpty { add("  It leaves demand unmet (largest year): " + f.unmet.map(\.words).joined(separator: ", ")) }
        add(rulesHold ? "  The model's rules hold there (the condition includes rules hold; maxUnmet caps unmet demand)." : "  (ignoring the model's rules, as asked)")
        if let o = f.objective { add("  " + o.words) }
        add("  " + f.report.objectiveLine(below: false))
        if let why = f.refusedWhenTyped?.words {
            add("  warning: typed, this statement would be refused: \(why); a narrower range ('between LOW and HIGH') keeps to what can be applied")
        } else if !f.holdsWithoutLever, !none {
            add("  to apply it: \(f.statement)")
        }
        return out.joined(separator: "\n")
    }
}

/// How a lever sought by `seek` reads: its name, a value of it as the user would write it, and the
/// statement that applies a value.
public struct SoughtLever: Sendable {
    public enum Form: Sendable {
        case shift(from: String, to: String)
        case invest(into: String)
        case level(enabler: String)
        /// An assumption by id, and the kind of number it holds.
        case assumption(String, ValueKind)
        /// What is delivered of an assumption (`outturn`), the plan unchanged.
        case outturn(String, ValueKind)
    }
    public var form: Form
    /// `in PLACE` as typed (nil: none), and the period as a statement writes it (" from 2027/28", or "").
    public var place: String?, period: String

    public init(_ form: Form, place: String? = nil, period: String) { self.form = form; self.place = place; self.period = period }

    var inPlace: String { place.map { " in \($0)" } ?? "" }

    /// "shift from acute to prevention in west-essex", "level of digital", an assumption's id.
    public var name: String {
        switch form {
        case let .shift(from, to): return "shift from \(from) to \(to)" + inPlace
        case let .invest(into): return "invest in \(into)" + inPlace
        case let .level(enabler): return "level of \(enabler)"
        case let .assumption(id, _): return id
        case let .outturn(id, _): return "outturn \(id)"
        }
    }

    /// A value as the user would write it: £m, a level in %, an assumption in its own kind.
    public func value(_ v: Double) -> String {
        switch form {
        case .shift, .invest: return NumberFormat.money(v, decimals: 2)
        case .level: return NumberFormat.trimmed(v * 100, maxDecimals: 1) + "%"
        case let .assumption(_, kind), let .outturn(_, kind): return kind.text(v)
        }
    }

    /// The statement that applies value v.
    public func statement(_ v: Double) -> String {
        switch form {
        case let .shift(from, to): return "shift \(value(v)) from \(from) to \(to)\(inPlace)\(period)"
        case let .invest(into): return "invest \(value(v)) in \(into)\(inPlace)\(period)"
        case let .level(enabler): return "enable \(enabler) at \(value(v))\(period)"
        case let .assumption(id, _): return "set \(id) = \(value(v))\(period)"
        case let .outturn(id, _): return "outturn \(id) = \(value(v))\(period)"
        }
    }
}

extension SeekView {
    /// Demand a found value leaves unmet: the line, its largest year's amount, and that year.
    public struct Unmet: Sendable {
        public var category: String, amount: Double, year: String
        public init(category: String, amount: Double, year: String) { self.category = category; self.amount = amount; self.year = year }
        var words: String { "\(category) \(NumberFormat.money(amount, decimals: 1)) in \(year)" }
    }

    /// The objective reached: whether it was maximised, the target as written, the year and the value.
    public struct Objective: Sendable {
        public var maximizing: Bool, target: String, year: String, value: Double, isMoney: Bool, unit: String
        public init(maximizing: Bool, target: String, year: String, value: Double, isMoney: Bool, unit: String) {
            self.maximizing = maximizing; self.target = target; self.year = year; self.value = value; self.isMoney = isMoney; self.unit = unit
        }
        var words: String {
            "\(maximizing ? "Maximised" : "Minimised"): \(target) in \(year) is "
                + (isMoney ? NumberFormat.money(value, decimals: 2) : "\(NumberFormat.trimmed(value, maxDecimals: 3)) \(unit)")
        }
    }
}

/// A condition's figures in words (assert's failures, seek's "There:" line): a value with enough decimals that
/// it never reads as the bound it fails.
public enum ConditionWords {
    public static func value(_ v: Double, isMoney: Bool, against bound: Double? = nil) -> String {
        func text(_ x: Double, _ d: Int) -> String { isMoney ? NumberFormat.money(x, decimals: d) : NumberFormat.trimmed(x, maxDecimals: d) }
        let base = isMoney ? 2 : 4
        for d in [base, base + 2, base + 4] where bound == nil || text(v, d) != text(bound!, d) { return text(v, d) }
        return text(v, base + 6)
    }

    /// An assert's bound a hundred times away from its metric's values: "waiting-list is about 141 thousand people
    /// in this scenario, far from 141000: check the bound is in thousand people".
    public static func farFromValues(_ target: String, about scale: Double, unit: String, bound: Double) -> String {
        "\(target) is about \(NumberFormat.trimmed(scale, maxDecimals: 2))\(unit.isEmpty ? "" : " " + unit) in this scenario, "
            + "far from \(NumberFormat.trimmed(bound, maxDecimals: 4)): check the bound is in \(unit.isEmpty ? "its unit" : unit)"
    }

    /// "smoking-prevalence is 9.1 in 2028/29 against a target of 9".
    public static func missedTarget(_ metric: String, value: Double, year: String, target: Double) -> String {
        "\(metric) is \(NumberFormat.trimmed(value, maxDecimals: 4)) in \(year) against a target of \(NumberFormat.trimmed(target, maxDecimals: 4))"
    }
}
