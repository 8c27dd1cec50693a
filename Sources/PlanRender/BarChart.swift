import PlanSupport

/// A horizontal bar chart across the years, one bar per scenario per year, drawn from a reference
/// line (zero or the target) so that a room can see which side of it each year falls.
public struct BarChart {
    public var title: String
    public var years: [String]
    public var series: [(name: String, values: [Double])]
    public var reference: Double
    public var referenceName: String
    public var width: Int
    public var style: Style

    public init(title: String, years: [String], series: [(String, [Double])], reference: Double, referenceName: String, width: Int, style: Style) {
        self.title = title; self.years = years; self.series = series.map { (name: $0.0, values: $0.1) }
        self.reference = reference; self.referenceName = referenceName; self.width = width; self.style = style
    }

    public func render() -> String {
        let nameWidth = max(4, series.map { $0.name.count }.max() ?? 4)
        let labelWidth = (years.map(\.count).max() ?? 7) + 1 + nameWidth + 1
        let numbers = series.flatMap { $0.values.map { NumberFormat.fixed($0, decimals: 1) } }
        let numberWidth = (numbers.map(\.count).max() ?? 6) + 1
        let barWidth = max(10, width - labelWidth - numberWidth - 2)
        let all = (series.flatMap(\.values) + [reference]).filter(\.isFinite)
        var low = all.min() ?? 0, high = all.max() ?? 1
        if !(high - low).isFinite || high - low < 1e-12 { low -= 1; high += 1 }
        func column(_ v: Double) -> Int {
            guard v.isFinite, (high - low).isFinite else { return 0 }
            return Swift.min(barWidth - 1, Swift.max(0, Int(((v - low) / (high - low) * Double(barWidth - 1)).rounded())))
        }
        let axis = column(reference)
        let block = style.unicode ? "█" : "#", rule = style.unicode ? "│" : "|"
        var out = [style.bold(title) + "  (\(rule) marks \(referenceName))"]
        for (t, year) in years.enumerated() {
            for (i, s) in series.enumerated() {
                let v = s.values[t]
                let c = column(v)
                var cells = [String](repeating: " ", count: barWidth)
                for k in min(c, axis)...max(c, axis) where k != axis { cells[k] = block }
                cells[axis] = rule
                var bar = cells.joined()
                if style.color {
                    let good = v >= reference
                    bar = good ? style.good(bar) : style.bad(bar)
                }
                let label = (i == 0 ? pad(year, years.map(\.count).max() ?? 7) : String(repeating: " ", count: years.map(\.count).max() ?? 7))
                    + " " + pad(s.name, nameWidth) + " "
                out.append(label + bar + pad(NumberFormat.fixed(v, decimals: 1), numberWidth, right: true))
            }
        }
        return out.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}
