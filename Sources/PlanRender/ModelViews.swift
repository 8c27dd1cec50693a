import PlanModel
import PlanSupport

/// Text views of the model and the scenarios for `show`, `scenario list` and `model show`.
public enum ModelViews {
    public static func summary(_ m: Model) -> String {
        let prevention = m.categories.filter { $0.kind == .prevention }
        return """
        \(m.name): \(m.years) years from \(m.yearLabel(1)), policy \(m.policy.rawValue)
          income \(NumberFormat.money(m.firstYearIncome)) in \(m.yearLabel(1)); \(count(m.categories.count - prevention.count, "spending line")), \(count(prevention.count, "prevention programme"))
          \(count(m.enablers.count, "enabler")), \(count(m.metrics.count, "metric")), \(count(m.uncertainty.count, "uncertain assumption")), \(count(m.sources.count, "source"))
          content hash \(ModelHash.hex(m))
        """
    }

    public static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : noun.hasSuffix("y") ? "\(n) \(noun.dropLast())ies" : "\(n) \(noun)s"
    }

    /// A list's heading and rows, for a `ColumnsView`.
    public typealias List = (header: [String], rows: [[String]])

    public static func categories(_ m: Model) -> List {
        (["id", "kind", "base £m", "demand growth", "cashable", "priority", "returns to"], m.categories.map { c in
            [c.id, c.kind.rawValue, NumberFormat.fixed(c.base, decimals: 1), NumberFormat.percent(c.demandGrowth),
             NumberFormat.percent(c.cashable), c.priority.map(String.init) ?? "",
             c.returns.map { $0.to.map { "\($0.id) \(NumberFormat.percent($0.value, maxDecimals: 1))" }.joined(separator: ", ") } ?? ""]
        })
    }

    public static func enablers(_ m: Model, levels: [[Double]]) -> List {
        (["id", "name", "cost £m", "lag", "prevention", "equity", "level by year"], m.enablers.enumerated().map { e, x in
            [x.id, x.name, NumberFormat.fixed(x.cost, decimals: 1), "\(x.lag)", NumberFormat.trimmed(x.prevention, maxDecimals: 3),
             NumberFormat.trimmed(x.equity, maxDecimals: 3), levels[e].map { NumberFormat.percent($0, maxDecimals: 0) }.joined(separator: " ")]
        })
    }

    /// A figure as a person reads it: thousands grouped, at most two decimals.
    static func number(_ v: Double) -> String {
        abs(v) >= 1000 ? NumberFormat.fixed(v, decimals: v == v.rounded() ? 0 : 1) : NumberFormat.trimmed(v, maxDecimals: 2)
    }

    public static func metrics(_ m: Model) -> List {
        (["id", "name", "unit", "priority", "better", "base", "target"], m.metrics.map { x in
            // Every target, as simulate judges it: from its year on (one due before the horizon, every year).
            let goal = x.better == .higher ? "≥" : "≤"
            return [x.id, x.name, x.unit, x.priority.map(String.init) ?? "", x.better.rawValue, number(x.base),
                    x.targets.map { "\(goal) \(number($0.value)) " + ($0.year < m.firstYear ? "(due \(FinancialYear.label($0.year)))" : "from \(FinancialYear.label($0.year))") }
                        .joined(separator: ", ")]
        })
    }

    /// Each source on its own lines, wrapped to `width`: the key, then the citation indented under it.
    public static func sources(_ m: Model, width: Int = 80) -> String {
        if m.sources.isEmpty { return "  the model lists no sources" }
        return m.sources.map { s in
            (["  " + s.id + ":"] + Wrap.lines("      " + s.value, width: width, indent: "      ")).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
