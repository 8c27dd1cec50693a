import PlanModel
import PlanRender

/// Payback of prevention programmes with extra money in the scenario.
extension Session {
    /// Each funded prevention programme with returns or admissions that drive a line: the year its gross savings
    /// (returns, and its part of the driven savings) pass its extra spend.
    func paybacks(_ p: Projection) -> [Payback] {
        var out: [Payback] = []
        for (c, cat) in model.categories.enumerated() where cat.kind == .prevention && (cat.returns != nil || p.grossSavings[c].contains { $0 != 0 }) {
            guard p.extra[c].contains(where: { $0 > 1e-9 }) else { continue }
            let savings = p.grossSavings[c]
            var spent = 0.0, saved = 0.0
            var year: Int?
            for t in 0..<model.years {
                spent += p.extra[c][t]
                saved += savings[t]
                if year == nil, saved > spent { year = t }
            }
            out.append(Payback(category: cat.id, year: year.map { model.yearLabel($0 + 1) }, spent: spent, saved: saved))
        }
        return out
    }
}
