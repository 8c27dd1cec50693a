import PlanModel
import PlanSupport

extension Assumption {
    /// A value of this assumption as the user would type it: a cost in £m, a rate as a percentage, a trend
    /// or a scale as a plain number. One rule for seek, the cautions and Monte Carlo's notes.
    func text(_ x: Double) -> String {
        field == .cost ? NumberFormat.money(x, decimals: 2) : isRate ? NumberFormat.percent(x, maxDecimals: 2) : NumberFormat.trimmed(x, maxDecimals: 4)
    }
}
