import PlanLanguage
import PlanSupport

/// What a statement that changes the session did, as values (names, counts, year labels, amounts): the
/// confirmations the prompt shows. They show only in the table format, so JSON, CSV and Markdown stay
/// machine-readable; PlanRender words them here and nowhere else.
public enum Confirmation: Sendable, Equatable {
    /// A scenario statement was added: the scenario, the statement as typed, its number, the first and last
    /// year it acts in (nil: none), and what a finance lead would want flagged.
    case leverAdded(scenario: String, statement: String, number: Int, years: (first: String, last: String)?, cautions: [Caution])
    case scenarioCreated(String, from: String, statements: Int)
    case scenarioUsed(String)
    case scenarioDropped(String, now: String)
    case scenarioRenamed(String, to: String)
    case scenarioReset(String)
    /// `undo`: what was undone, and the scenario now current.
    case undid(String, now: String)
    case redid(String)
    case scenarioSaved(String, statements: Int, file: String)
    case modelSaved(file: String)
    case templateWritten(file: String, sheets: Int)
    case modelLoaded(name: String, file: String, categories: Int, enablers: Int, metrics: Int)
    case horizonChanged(years: Int, first: String, last: String)
    /// `actuals load`: how many figures, how many lie after the horizon (kept, not shown), the horizon's
    /// last year, and the rows that repeat an earlier one (the later value is kept).
    case actualsLoaded(count: Int, file: String, afterHorizon: Int, lastYear: String, repeats: [String])
    case reportWritten(scenarios: [String], file: String)
    case exported(scenarios: [String], format: ExportFormat, file: String)
    case assertionHeld(String)

    public static func == (a: Confirmation, b: Confirmation) -> Bool { a.words == b.words }

    /// The confirmation in words.
    public var words: String {
        switch self {
        case let .leverAdded(scenario, statement, number, years, cautions):
            let when = years.map { $0.first == $0.last ? "; in \($0.first)" : "; \($0.first) to \($0.last)" } ?? ""
            return (["\(scenario): \(statement)  (statement \(number)\(when))"] + cautions.map { "    caution: " + $0.words })
                .joined(separator: "\n")
        case let .scenarioCreated(name, from, n): return "created scenario '\(name)' from '\(from)' (\(Self.count(n, "statement")))"
        case let .scenarioUsed(name): return "now on scenario '\(name)'"
        case let .scenarioDropped(name, now): return "dropped scenario '\(name)'; now on '\(now)'"
        case let .scenarioRenamed(old, new): return "renamed '\(old)' to '\(new)'"
        case let .scenarioReset(name): return "cleared the statements of '\(name)'"
        case let .undid(what, now): return "undid: \(what) (now on '\(now)')"
        case let .redid(what): return "redid: \(what)"
        case let .scenarioSaved(name, n, file): return "saved scenario '\(name)' (\(Self.count(n, "statement"))) to \(file)"
        case let .modelSaved(file): return "saved the model to \(file)"
        case let .templateWritten(file, sheets):
            return "wrote the model as a planning workbook to \(file) (\(sheets) sheets): fill in your figures, then load it with: model load \"\(file)\""
        case let .modelLoaded(name, file, c, e, m):
            return "loaded model '\(name)' from \(file): \(ModelViews.count(c, "category")), \(ModelViews.count(e, "enabler")), "
                + "\(ModelViews.count(m, "metric")); a fresh session starts on baseline"
        case let .horizonChanged(n, first, last):
            return "every scenario now runs over \(Self.count(n, "year")), " + (first == last ? first : "\(first) to \(last)")
        case let .actualsLoaded(n, file, after, lastYear, repeats):
            return "loaded \(Self.count(n, "actual")) from \(file)"
                + (after > 0 ? " (\(after) after \(lastYear) kept but not shown)" : "")
                + (repeats.isEmpty ? "" : "; the later value is kept where a row repeats an earlier one: " + repeats.prefix(5).joined(separator: ", ")
                   + (repeats.count > 5 ? ", and \(repeats.count - 5) more" : ""))
        case let .reportWritten(names, file): return "wrote the board report for \(names.joined(separator: ", ")) to \(file)"
        case let .exported(names, format, file):
            let which = names.count == 1 ? "scenario '\(names[0])'" : "scenarios " + names.map { "'\($0)'" }.joined(separator: ", ")
            return format == .xlsx
                ? "exported \(which) to \(file) (xlsx: parameters, money, categories, metrics, comparison, Monte Carlo)"
                : "exported \(which) as \(format.rawValue) to \(file)"
        case let .assertionHeld(text): return "ok: \(text)"
        }
    }

    /// Whether the words wrap at the terminal's width (the longer confirmations).
    var wraps: Bool {
        switch self {
        case .leverAdded, .actualsLoaded, .templateWritten, .modelLoaded, .exported: return true
        case .scenarioCreated, .scenarioUsed, .scenarioDropped, .scenarioRenamed, .scenarioReset, .undid, .redid, .scenarioSaved,
             .modelSaved, .horizonChanged, .reportWritten, .assertionHeld: return false
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

extension Confirmation: Rendering {
    public func text(width: Int, style: Style) -> String { TextView.note(words, wraps: wraps).text(width: width, style: style) }
    public func json() -> String { TextView.note(words).json() }
    public func shows(in format: OutputFormat) -> Bool { format == .table }
}

/// What a scenario statement did that a finance lead would want flagged (the statement stands: the model
/// takes any number, but these rarely mean what was intended).
public enum Caution: Sendable, Equatable {
    /// A value set outside the assumption's uncertainty range: its id, the value, the range (each as the
    /// assumption's own kind of number) and, for a per-year assumption, the year the range applies to.
    case outsideRange(assumption: String, value: Double, low: Double, high: Double, kind: ValueKind, year: String?)
    /// A budget the statement took below zero: the category, the place (nil: the system), the year, the budget.
    case budgetBelowZero(category: String, place: String?, year: String, budget: Double)
    /// A savings rate (efficiency) beyond the ±50% a year the model applies at most.
    case beyondClamp(value: Double)
    /// A shift or an investment written as a bare number, read as £m.
    case bareAmount(value: Double)
    /// An outturn of the system's savings rate: it moves every treatment line (how many), and the risk register
    /// (when the model has one) still counts a risk the outturn may already realise.
    case outturnOfEveryLine(lines: Int, risks: Bool)
    /// Money whose effect on a metric nears the metric's ceiling: half of it would buy `halfShare` of the effect.
    case diminishingReturns(metric: String, year: String, halfShare: Double)
    /// An outturn of a rate written as a share ("outturn efficiency = 60%") far above the plan's few %: most
    /// likely "60% of plan" was meant.
    case ofPlanMeant(assumption: String, value: Double)
    /// A per-year assumption given a period that starts in year 1, which the equations never read for it.
    case firstYearUnmoved(assumption: String, underWay: String, from: String)

    public var words: String {
        switch self {
        case let .outsideRange(id, value, low, high, kind, year):
            return "\(kind.text(value)) lies outside \(id)'s uncertainty range (\(kind.text(low)) to \(kind.text(high))\(year.map { " in \($0)" } ?? ""); show assumptions)"
        case let .bareAmount(value):
            return "\(NumberFormat.trimmed(value, maxDecimals: 6)) is read as \(value < 0 ? "-" : "")£\(NumberFormat.trimmed(abs(value), maxDecimals: 6))m; "
                + "write \(NumberFormat.trimmed(value, maxDecimals: 6))% for a share of the budget"
        case let .beyondClamp(value):
            return "a savings rate of \(ValueKind.rate.text(value)) is beyond what the model applies: each line's rate stops at "
                + (value > 0 ? "50% a year (MODEL.md §3), which halves its cost every year" : "-50% a year (MODEL.md §3)")
                + "; a trust's CIP is a few % (6% is a stretching one)"
        case let .outturnOfEveryLine(lines, risks):
            return "efficiency is one rate for all \(lines) treatment lines, those an allocation or a contract sets included; "
                + "for some lines only: outturn LINE.pressure = N%"
                + (risks ? ". A register risk this realises (an unidentified CIP) still counts in the risk-adjusted rows "
                    + "unless set to £0m: risk ID £0m (show risks)" : "")
        case let .diminishingReturns(metric, year, halfShare):
            return "diminishing returns: half the money would buy \(Int((halfShare * 100).rounded()))% of this statement's effect on "
                + "\(metric) in \(year) (the effect nears the metric's ceiling); the savings its returns send to other lines "
                + "keep growing with the money"
        case let .ofPlanMeant(assumption, value):
            let share = ValueKind.rate.text(value)
            return "this makes \(assumption) \(share) itself; for \(share) of what the plan assumes, write: outturn \(assumption) = \(share) of plan"
        case let .firstYearUnmoved(assumption, underWay, from):
            return "\(assumption) acts from the second year: \(underWay) is already under way, so this moves \(from) on"
        case let .budgetBelowZero(category, place, year, budget):
            return "this takes \(category)'s budget\(place.map { " in \($0)" } ?? "") below zero in \(year) (\(NumberFormat.money(budget, decimals: 1)))"
        }
    }
}

/// The kind of number an assumption holds, which says how it is written: money in £m, a rate as a
/// percentage, anything else (a trend, a scale) as a plain number.
public enum ValueKind: Sendable, Equatable {
    case money, rate, number

    public func text(_ x: Double) -> String {
        switch self {
        case .money: return NumberFormat.money(x, decimals: 2)
        case .rate: return NumberFormat.percent(x, maxDecimals: 2)
        case .number: return NumberFormat.trimmed(x, maxDecimals: 4)
        }
    }

    /// As a table of assumptions writes it: a rate as a percentage, anything else (money too) as a plain number.
    public func plain(_ x: Double) -> String {
        switch self {
        case .rate: return NumberFormat.percent(x, maxDecimals: 2)
        case .money, .number: return NumberFormat.trimmed(x, maxDecimals: 4)
        }
    }
}

/// A statement the session refuses for what its figures would be, as values; the error's words are here.
public enum Refusal: Sendable {
    /// A statement after which a prevention line's budget, or its outturn (`outturn` true), would fall below
    /// zero: the line, the place (nil for a model without places), the year, what it would be left with and the
    /// budget there before.
    case preventionBelowZero(category: String, place: String?, year: String, left: Double, available: Double, outturn: Bool = false)
    /// A rate written as a bare number (MODEL.md §2): the note gives the percentage it most likely meant, the
    /// number itself when its magnitude is 1 or more, else the number × 100 (as version 2 read it).
    case rateWithoutPercent(assumption: String, typed: Double)

    public func diagnostic(_ range: SourceRange?) -> Diagnostic {
        switch self {
        case let .preventionBelowZero(category, place, year, left, available, outturn):
            let inPlace = place.map { " in \($0)" } ?? ""
            let amount = NumberFormat.money(left, decimals: left > -0.01 ? 6 : 2)
            var d = outturn
                ? Diagnostic(.refused, "this would leave '\(category)'\(inPlace) with an outturn of \(amount) in \(year)", range,
                             notes: ["its budget there is \(NumberFormat.money(available, decimals: 2)); what a prevention line's programmes cost (its outturn) cannot go below zero"])
                : Diagnostic(.refused, "this would leave '\(category)'\(inPlace) with \(amount) in \(year)",
                             range, notes: ["\(NumberFormat.money(available, decimals: 2)) is available in \(category)\(inPlace) in \(year); a prevention budget cannot go below zero"])
            d.sourceLine = nil
            return d
        case let .rateWithoutPercent(id, typed):
            let meant = abs(typed) >= 1 ? typed : (typed * 100 * 1e9).rounded() / 1e9
            var d = Diagnostic(.wrongUnit, "\(id) is a rate: write \(NumberFormat.trimmed(meant, maxDecimals: 9))%, not \(NumberFormat.trimmed(typed, maxDecimals: 12))",
                               range, notes: ["a rate is written with %; version 2 read a bare 0.6 as 60%"])
            d.sourceLine = nil
            return d
        }
    }
}
