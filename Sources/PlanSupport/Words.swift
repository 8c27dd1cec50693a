/// The words the language gives a meaning of its own: one typed list each, behind the parser, completion,
/// help, the renderers and the check that no model id takes one (MODEL.md §1). A switch over any of them
/// names every case, so adding a word makes the compiler list each place that must learn it.

/// What a TARGET (`show`, `chart`, `explain`, `sensitivity`, `seek`, `assert`) or an ITEM (`explain variance`,
/// actuals) names besides a model id: the money of the system, the ICB or a place.
public enum MoneyWord: String, CaseIterable, Sendable {
    case balance
    case icbBalance = "icb-balance"
    case income, spend
    /// Every prevention-kind category together.
    case prevention
    /// The system's position without what does not recur, and with the risk register's expected impact
    /// (MODEL.md §9): targets of the system alone.
    case underlying
    case riskAdjusted = "risk-adjusted"

    /// The words a TARGET takes.
    public static let targets: [MoneyWord] = [.balance, .icbBalance, .prevention, .underlying, .riskAdjusted]
    /// The targets that belong to the system alone: no `in PLACE`.
    public static let systemOnly: [MoneyWord] = [.underlying, .riskAdjusted]
    /// The words an ITEM of actuals and `explain variance` takes.
    public static let items: [MoneyWord] = [.income, .spend, .balance, .icbBalance]
    /// The money `compare` shows before any metric, and `compare places` by default.
    public static let positions: [MoneyWord] = [.balance, .icbBalance]
    /// The system's positions `compare NAME NAME on …` may add (besides metrics and organisations).
    public static let comparable: [MoneyWord] = [.balance, .icbBalance, .underlying, .riskAdjusted]
}

/// `show TOPIC`: the views of the model and the scenario that are not one TARGET.
public enum ShowTopic: String, CaseIterable, Sendable {
    case baseline, levers, enablers, categories, metrics, assumptions, sources, scenario, places, actuals
    /// The income streams (MODEL.md §3), year by year.
    case income
    /// Who holds each position (MODEL.md §9): each organisation's balance and underlying position.
    case organisations
    /// The scenario's risk register (MODEL.md §9).
    case risks
}

/// `scenario new|use|list|drop|rename`.
public enum ScenarioCommand: String, CaseIterable, Sendable { case new, use, list, drop, rename }

/// `model load|save|show|horizon`.
public enum ModelCommand: String, CaseIterable, Sendable { case load, save, template, show, horizon }

/// What `export` writes.
public enum ExportFormat: String, CaseIterable, Sendable { case csv, json, markdown, html, xlsx }

/// The four output formats of `--format`.
public enum OutputFormat: String, Sendable, CaseIterable { case table, json, csv, markdown }

/// A list of words as help and errors write it: "table, json, csv or markdown"; quoted, "'new', 'use' or 'list'".
public func wordList<W: RawRepresentable>(_ words: [W], quoted: Bool = false) -> String where W.RawValue == String {
    let raw = words.map { quoted ? "'\($0.rawValue)'" : $0.rawValue }
    guard raw.count > 1 else { return raw.first ?? "" }
    return raw.dropLast().joined(separator: ", ") + " or " + raw.last!
}

/// Financial years as the NHS writes them: the one formatter of year labels.
public enum FinancialYear {
    /// `2026/27` for the year that starts in calendar year 2026.
    public static func label(_ startYear: Int) -> String {
        let end = (startYear + 1) % 100
        return "\(startYear)/\(end < 10 ? "0" : "")\(end)"
    }

    /// The label of year t (1-based) of a horizon that starts in `firstYear`.
    public static func label(_ t: Int, firstYear: Int) -> String { label(firstYear + t - 1) }
}

/// The numbers the language enforces and `help` quotes, in one place: the parser and the session read them.
public enum Limits {
    /// `montecarlo` without N.
    public static let defaultDraws = 10_000
    /// The most draws `montecarlo N` accepts.
    public static let maxDraws = 1_000_000
    /// `explain` runs every subset of the statements up to this many; beyond, it samples orderings.
    public static let explainExact = 16
    /// The orderings `explain` samples beyond `explainExact` statements: 2,000 up to 50 statements, then fewer
    /// (each ordering runs every prefix, and a prefix is built in typed order, so an ordering costs about n²):
    /// 1,000 at 100, 250 at 400, never under 200. 800 statements took two minutes at 2,000.
    public static func explainSamples(statements n: Int) -> Int { n <= 50 ? 2_000 : max(200, 100_000 / n) }
}
