import PlanSupport

/// A terminal line chart of one target across the years for several series: one glyph per series with a
/// legend, so it reads without colour, and a dashed zero or target line. A J-curve shows as a line that
/// dips below the reference and comes back. ASCII glyphs when the style asks for them.
public struct LineChart {
    public var title: String
    public var years: [String]
    public var series: [(name: String, values: [Double])]
    public var reference: Double?
    public var referenceName: String
    /// Where given, the reference each year (a metric's targets: each year the latest holding by then, nil
    /// before the first), drawn as a step at the midpoints between years, as the board report draws it.
    public var held: [Double?]?
    public var width: Int
    public var height: Int
    public var style: Style

    public init(title: String, years: [String], series: [(String, [Double])], reference: Double?, referenceName: String,
                held: [Double?]? = nil, width: Int, height: Int = 12, style: Style) {
        self.title = title; self.years = years; self.series = series.map { (name: $0.0, values: $0.1) }
        self.reference = reference; self.referenceName = referenceName; self.held = held
        self.width = width; self.height = height; self.style = style
    }

    var glyphs: [Character] { style.unicode ? ["●", "○", "■", "□", "▲", "△", "◆", "◇"] : ["*", "o", "#", "+", "x", "@", "%", "="] }

    public func render() -> String {
        let values = (series.flatMap(\.values) + (held.map { $0.compactMap { $0 } } ?? reference.map { [$0] } ?? [])).filter(\.isFinite)
        var low = values.min() ?? 0, high = values.max() ?? 1
        if !(high - low).isFinite || high - low < 1e-12 { low -= 1; high += 1 }
        let labels = [high, (high + low) / 2, low].map { NumberFormat.fixed($0, decimals: abs(high - low) >= 20 ? 0 : 1) }
        let axisWidth = (labels.map(\.count).max() ?? 4) + 1
        // Room is left for half a year's label past the last point, so the axis fits the width too.
        let plotWidth = max(years.count * 2, min(width - axisWidth - 5, years.count * 12))
        // An odd number of rows, so the middle label's row is exactly the middle value's (with an even number
        // the midpoint falls between two rows and its points were drawn a row below its label).
        let rows = max(5, height % 2 == 0 ? height - 1 : height)
        func row(_ v: Double) -> Int { max(0, min(rows - 1, Int(((high - v) / (high - low) * Double(rows - 1)).rounded()))) }
        func column(_ t: Int) -> Int { years.count == 1 ? plotWidth / 2 : Int((Double(t) * Double(plotWidth - 1) / Double(years.count - 1)).rounded()) }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: plotWidth), count: rows)
        if let held {
            // Each column takes the year nearest it: a target that starts in a year steps up half-way from the one before.
            for c in 0..<plotWidth where c % 2 == 0 {
                let t = years.count == 1 ? 0 : Int((Double(c) * Double(years.count - 1) / Double(max(1, plotWidth - 1))).rounded())
                if let v = held[min(t, held.count - 1)] { grid[row(v)][c] = style.unicode ? "┄" : "-" }
            }
        } else if let reference {
            let r = row(reference)
            for c in 0..<plotWidth where c % 2 == 0 { grid[r][c] = style.unicode ? "┄" : "-" }
        }
        // Connecting dots between the years, then the glyphs on top (later series over earlier ones).
        for s in series {
            for t in 0..<max(0, years.count - 1) where s.values[t].isFinite && s.values[t + 1].isFinite {
                let (c0, c1) = (column(t), column(t + 1)), (r0, r1) = (row(s.values[t]), row(s.values[t + 1]))
                for c in (c0 + 1)..<max(c0 + 1, c1) {
                    let r = Int((Double(r0) + Double(r1 - r0) * Double(c - c0) / Double(max(1, c1 - c0))).rounded())
                    if grid[r][c] == " " || grid[r][c] == (style.unicode ? "┄" : "-") { grid[r][c] = style.unicode ? "·" : "." }
                }
            }
        }
        for (i, s) in series.enumerated() {
            for t in years.indices where s.values[t].isFinite { grid[row(s.values[t])][column(t)] = glyphs[i % glyphs.count] }
        }
        var out = Wrap.lines(title, width: width, indent: "  ").map(style.bold)
        for r in 0..<rows {
            let label = r == 0 ? labels[0] : r == rows - 1 ? labels[2] : r == (rows - 1) / 2 ? labels[1] : ""
            out.append(pad(label, axisWidth - 1, right: true) + " " + (style.unicode ? "│" : "|") + String(grid[r]))
        }
        var axis = [Character](repeating: " ", count: plotWidth + years.map(\.count).max()!)
        for (t, year) in years.enumerated() {
            let start = max(0, min(column(t) - year.count / 2, axis.count - year.count))
            if years.count > 6, t % 2 == 1, t != years.count - 1 { continue }
            // A label goes where it and a space either side are free: labels never run together.
            let clear = max(0, start - 1)..<min(axis.count, start + year.count + 1)
            if axis[clear].allSatisfy({ $0 == " " }) {
                for (k, ch) in year.enumerated() { axis[start + k] = ch }
            }
        }
        out.append((String(repeating: " ", count: axisWidth + 1) + String(axis)).trimmingTrailingSpaces())
        var legend = series.enumerated().map { "\(glyphs[$0 % glyphs.count]) \($1.name)" }
        if reference != nil || held?.contains(where: { $0 != nil }) == true { legend.append((style.unicode ? "┄ " : "- ") + referenceName) }
        out += Wrap.lines("  " + legend.joined(separator: "   "), width: width, indent: "  ")
        return out.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}

/// A fan chart of Monte Carlo draws: one row a year, the P10–P90 band shaded, the median marked and the
/// zero line drawn, so the spread of the balance is seen at a glance.
public struct FanChart {
    public var title: String
    public var years: [String]
    public var p10: [Double], p50: [Double], p90: [Double]
    public var width: Int
    public var style: Style

    public init(title: String, years: [String], p10: [Double], p50: [Double], p90: [Double], width: Int, style: Style) {
        self.title = title; self.years = years; self.p10 = p10; self.p50 = p50; self.p90 = p90; self.width = width; self.style = style
    }

    public func render() -> String {
        let all = (p10 + p90 + [0]).filter(\.isFinite)
        var low = all.min() ?? 0, high = all.max() ?? 1
        if high - low < 1e-12 { low -= 1; high += 1 }
        let labelWidth = years.map(\.count).max() ?? 7
        let numbers = zip(p10, p90).map { "\(NumberFormat.fixed($0, decimals: 1)) to \(NumberFormat.fixed($1, decimals: 1))" }
        let numberWidth = (numbers.map(\.count).max() ?? 10) + 2
        let barWidth = max(10, width - labelWidth - numberWidth - 3)
        func column(_ v: Double) -> Int { max(0, min(barWidth - 1, Int(((v - low) / (high - low) * Double(barWidth - 1)).rounded()))) }
        let zero = column(0)
        let shade: Character = style.unicode ? "░" : ":", median: Character = style.unicode ? "█" : "#", rule: Character = style.unicode ? "│" : "|"
        var out = Wrap.lines(title, width: width, indent: "  ").map(style.bold)
        for t in years.indices {
            var cells = [Character](repeating: " ", count: barWidth)
            for c in column(p10[t])...max(column(p10[t]), column(p90[t])) { cells[c] = shade }
            // Zero is drawn over the band (where the room most needs to see it), the median over both.
            cells[zero] = rule
            cells[column(p50[t])] = median
            out.append(pad(years[t], labelWidth) + " " + String(cells) + "  " + numbers[t])
        }
        out.append(String(repeating: " ", count: labelWidth + 1) + "\(shade) P10 to P90   \(median) median   \(rule) zero")
        return out.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}

/// A sparkline: a series in one line of block heights (or ASCII), for tables of scenarios.
public enum Sparkline {
    /// `scale`: the range the heights span (every scenario's, so rows can be compared), else the series' own.
    /// A span smaller than `resolution` (what the table's rounding can show) is drawn flat: a movement the
    /// figures do not show is not drawn as one.
    public static func render(_ values: [Double], unicode: Bool, scale: (low: Double, high: Double)? = nil, resolution: Double = 0) -> String {
        let finite = values.filter(\.isFinite)
        guard let ownLow = finite.min(), let ownHigh = finite.max() else { return "" }
        let (lo, hi) = scale ?? (ownLow, ownHigh)
        let marks: [Character] = unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "=", "+", "*", "#", "@"]
        let flat = hi - lo < max(1e-12, resolution)
        return String(values.map { v -> Character in
            guard v.isFinite else { return " " }
            if flat { return marks[3] }
            return marks[max(0, min(7, Int(((v - lo) / (hi - lo) * 7).rounded())))]
        })
    }
}
