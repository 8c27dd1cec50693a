import PlanModel
import PlanSupport

extension Assumption {
    /// The kind of number the assumption holds: a cost in £m, a rate, or a plain number (a trend, a scale).
    public var valueKind: ValueKind { field == .cost || field == .streamAmount ? .money : isRate ? .rate : .number }

    /// A value of this assumption as the user would type it. One rule for seek, the cautions and Monte
    /// Carlo's notes.
    public func text(_ x: Double) -> String { valueKind.text(x) }
}

/// A long list of assumption ids for people: those of one kind (every measure's starting level, every
/// programme's effect scale) counted rather than listed once there are four or more, the rest by name.
enum AssumptionList {
    static let kinds: [(suffix: String, words: (Int) -> String)] = [
        (".demand-growth", { "the demand growth of \($0) lines" }), (".pressure", { "the cost pressure of \($0) lines" }),
        (".cashable", { "the cashable share of \($0) lines" }), (".return-scale", { "the return scales of \($0) lines" }),
        (".effect-scale", { "the effect scales of \($0) lines" }), (".cost", { "the costs of \($0) enablers" }),
        (".trend", { "the trends of \($0) measures" }), (".level", { "the starting levels of \($0) measures" }),
        (".probability", { "the probabilities of \($0) register entries" }),
    ]

    static func summary(_ ids: [String]) -> String {
        var named: [String] = [], counted: [String] = []
        var grouped = Set<String>()
        for kind in kinds {
            let members = ids.filter { $0.hasSuffix(kind.suffix) }
            if members.count >= 4 { counted.append(kind.words(members.count)); grouped.formUnion(members) }
        }
        named = ids.filter { !grouped.contains($0) }
        return (named + counted).joined(separator: ", ") + (counted.isEmpty ? "" : " (show assumptions lists them)")
    }
}
