import PlanModel
import PlanSupport

extension Assumption {
    /// The kind of number the assumption holds: a cost in £m, a rate, or a plain number (a trend, a scale).
    public var valueKind: ValueKind { field == .cost || field == .streamAmount ? .money : isRate ? .rate : .number }

    /// A value of this assumption as the user would type it. One rule for seek, the cautions and Monte
    /// Carlo's notes.
    public func text(_ x: Double) -> String { valueKind.text(x) }
}
