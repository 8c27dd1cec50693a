import PlanSupport

/// The shape of a change against baseline, year by year, told in words that never state a direction the
/// figures do not show (the finance review's F-M6: "a J-curve that recovers to £27.5m" was said of a path
/// that got worse every year after 2029/30).
public struct Narrative: Equatable, Sendable {
    public enum Shape: String, Sendable {
        /// Costs first, gains later: the cumulative dips, then climbs.
        case jCurve = "a J-curve"
        /// Gains first, costs later: the cumulative rises, then falls.
        case invertedJ = "an inverted J"
        case steadyGain = "a steady gain"
        case steadyLoss = "a steady loss"
        /// Costs and gains alternate more than once.
        case mixed = "a mixed path"
        case none = "no change"
    }

    public var shape: Shape
    public var sentence: String

    /// Changes smaller than this (£m) count as none: a rounding difference is not a direction.
    public static let tolerance = 0.05

    /// `change[t]` is the scenario's balance less the baseline's in year t (0-based); `years` their labels.
    public init(change: [Double], years: [String]) {
        let sign = change.map { abs($0) < Narrative.tolerance ? 0 : ($0 > 0 ? 1 : -1) }
        let moving = sign.filter { $0 != 0 }
        var runs: [Int] = []
        for s in moving where runs.last != s { runs.append(s) }
        let cumulative = change.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        let m = { (v: Double) in NumberFormat.money(v, decimals: 1) }
        let last = cumulative.last ?? 0, end = years.last ?? ""
        func firstYear(_ s: Int, after: Int = -1) -> Int { sign.indices.first { $0 > after && sign[$0] == s }! }
        switch runs {
        case []:
            shape = .none
            sentence = "It changes the balance by less than \(NumberFormat.money(Narrative.tolerance, decimals: 2)) in every year."
        case [1]:
            shape = .steadyGain
            sentence = "It improves the balance in every year it acts, from \(years[firstYear(1)]): by \(m(change.last ?? 0)) in \(end), "
                + "\(m(last)) in all."
        case [-1]:
            shape = .steadyLoss
            sentence = "It worsens the balance in every year it acts, from \(years[firstYear(-1)]): by \(m(-(change.last ?? 0))) in \(end), "
                + "\(m(-last)) in all."
        case [-1, 1]:
            shape = .jCurve
            let turn = firstYear(1)
            let low = cumulative.indices.min { cumulative[$0] < cumulative[$1] }!
            let paidBack = cumulative.indices.first { $0 > low && cumulative[$0] >= 0 }
            let cost = -change[..<turn].reduce(0, +)
            sentence = "It costs \(m(cost)) until \(years[turn - 1]), then improves the balance from \(years[turn]) "
                + "(\(m(change.last ?? 0)) in \(end)): a J-curve. Cumulatively it is lowest in \(years[low]) (\(m(cumulative[low]))) and "
                + (paidBack.map { "has paid back by \(years[$0]) (\(m(last)) by \(end))." } ?? "has not paid back by \(end) (\(m(last))).")
        case [1, -1]:
            shape = .invertedJ
            let turn = firstYear(-1)
            let high = cumulative.indices.max { cumulative[$0] < cumulative[$1] }!
            let gain = change[..<turn].reduce(0, +)
            sentence = "It improves the balance until \(years[turn - 1]) (\(m(gain)) in all), then worsens it from "
                + "\(years[turn]) (\(m(change.last ?? 0)) in \(end)): an inverted J, not a recovery. Cumulatively it is best in \(years[high]) "
                + "(\(m(cumulative[high]))) and " + (last >= 0 ? "still \(m(last)) ahead by \(end), and falling." : "\(m(-last)) behind by \(end).")
        default:
            shape = .mixed
            let better = sign.indices.filter { sign[$0] > 0 }.map { years[$0] }, worse = sign.indices.filter { sign[$0] < 0 }.map { years[$0] }
            sentence = "It improves the balance in \(better.joined(separator: ", ")) and worsens it in \(worse.joined(separator: ", ")); "
                + "cumulatively \(last >= 0 ? m(last) + " ahead" : m(-last) + " behind") by \(end)."
        }
    }
}
