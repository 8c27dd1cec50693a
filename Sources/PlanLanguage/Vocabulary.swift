import PlanSupport
/// The names the parser checks against: the loaded model's ids, the session's scenarios and the horizon.
/// The language knows nothing else of the model.
public struct Vocabulary: Sendable {
    public var categories: [String] = []
    /// Categories of the prevention kind (`prevention` overlaps each of them).
    public var preventionCategories: Set<String> = []
    public var enablers: [String] = []
    public var metrics: [String] = []
    /// The model's places (empty: `in PLACE` is refused).
    public var places: [String] = []
    /// The model's organisations: each is a TARGET (its balance) and an ITEM of actuals.
    public var organisations: [String] = []
    public var assumptions: [String] = []
    /// Assumptions that take no PERIOD.
    public var scalarAssumptions: Set<String> = []
    public var scenarios: [String] = []
    /// The values `set policy =` takes (the model's `Policy` cases).
    public var policies: [String] = []
    public var firstYear = 2023
    public var years = 5

    public init() {}

    /// The longest horizon `model horizon` accepts (MODEL.md §1: `years` from 1 to 20).
    public static let maxYears = 20

    public func yearLabel(_ t: Int) -> String { FinancialYear.label(t, firstYear: firstYear) }
}

/// What the parser would have accepted where the input ended: drives tab completion.
public enum Expectation: Equatable, Hashable, Sendable {
    case keyword(String)
    case category, enabler, metric, assumption, scenario, year, amount, string, number, place
    /// An organisation's id (a commissioner or a provider, MODEL.md §9).
    case organisation
    /// A file name in double quotes (`run`, `save`, `model load`…): Tab completes it from the file system.
    case file
}
