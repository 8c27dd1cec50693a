import PlanSupport

/// What moving one enabler does to the money over the horizon, against the same scenario with that enabler
/// at 100%: its own cost, the spending lines' cost (through the efficiency and prevention returns it
/// brings), the cumulative balance, and the last year's balance.
public struct EnablerEffect: Sendable {
    public var enabler: String
    /// Its level in each year (1 = as planned), and the years' labels.
    public var levels: [Double], years: [String]
    public var cost: Double, lines: Double, cumulativeBalance: Double, lastBalance: Double

    public init(enabler: String, levels: [Double], years: [String], cost: Double, lines: Double, cumulativeBalance: Double, lastBalance: Double) {
        self.enabler = enabler; self.levels = levels; self.years = years; self.cost = cost; self.lines = lines
        self.cumulativeBalance = cumulativeBalance; self.lastBalance = lastBalance
    }

    /// "digital at 0% from 2028/29: over 2026/27 to 2030/31 its own cost falls by £60.0m; …".
    public var sentence: String {
        let change = { (v: Double) in
            abs(v) < 0.05 ? "is unchanged" : "\(v > 0 ? "rises" : "falls") by \(NumberFormat.money(abs(v), decimals: 1))"
        }
        let compared = { (v: Double) in
            abs(v) < 0.05 ? "the same" : "\(NumberFormat.money(abs(v), decimals: 1)) \(v > 0 ? "better" : "worse")"
        }
        return "\(enabler) \(levelsText): over \(years.first ?? "") to \(years.last ?? "") its own cost "
            + "\(change(cost)); through the efficiency and prevention returns it brings, the spending lines' cost "
            + "\(change(lines)); so the cumulative balance is \(compared(cumulativeBalance))"
            + "\(abs(cumulativeBalance) < 0.05 ? " as" : " than") with \(enabler) at 100% "
            + "(\(years.last ?? "") alone: \(compared(lastBalance)))"
    }

    /// "at 0% from 2028/29" where one level holds to the end, else each changed year ("at 50% in 2027/28").
    var levelsText: String {
        let changed = levels.indices.filter { levels[$0] != 1 }
        let percent = { (v: Double) in NumberFormat.trimmed(v * 100, maxDecimals: 1) + "%" }
        let first = changed[0]
        if changed.count == levels.count - first, changed.allSatisfy({ levels[$0] == levels[first] }) {
            return "at \(percent(levels[first]))" + (first == 0 ? "" : " from \(years[first])")
        }
        return "at " + changed.map { "\(percent(levels[$0])) in \(years[$0])" }.joined(separator: ", ")
    }
}
