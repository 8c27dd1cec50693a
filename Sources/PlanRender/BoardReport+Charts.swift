import PlanSupport

/// The board report's charts: inline SVG with round ticks (a value axis that never magnifies noise), line
/// charts, the change as bars with its cumulative line, Monte Carlo's fan and the Shapley waterfall.
extension BoardReport {
    /// A value axis with round ticks (1, 2 or 5 × 10ⁿ): for a metric it spans at least a tenth of the
    /// values' size, so that a move of 0.2 on 58 does not fill the chart (the finance review's F-M10).
    struct Axis {
        var lo: Double, hi: Double, ticks: [Double], unit: String?
        init(values: [Double], unit: String?, minimumSpan: Double = 0) {
            var lo = values.min() ?? 0, hi = values.max() ?? 1
            let span = max(hi - lo, minimumSpan, 1e-9)
            if hi - lo < span { let mid = (hi + lo) / 2; lo = mid - span / 2; hi = mid + span / 2 }
            let raw = span / 4
            var power = 1.0
            while power * 10 <= raw { power *= 10 }
            while power > raw { power /= 10 }
            let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
            let first = (lo / step).rounded(.down) * step, end = (hi / step).rounded(.up) * step
            var ticks: [Double] = []
            var v = first
            while v <= end + step / 2, ticks.count < 12 { ticks.append(abs(v) < step * 1e-9 ? 0 : v); v += step }
            self.lo = first; self.hi = max(end, first + step); self.ticks = ticks; self.unit = unit
        }
        func position(_ v: Double, top: Double, bottom: Double) -> Double { bottom - (v - lo) / (hi - lo) * (bottom - top) }
        func label(_ v: Double) -> String {
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            var decimals = 0, scaled = step
            while scaled < 1 - 1e-9, decimals < 3 { scaled *= 10; decimals += 1 }
            guard let unit else { return NumberFormat.money(v, decimals: decimals) }
            return NumberFormat.fixed(v, decimals: decimals) + (unit == "%" ? "%" : "")
        }
    }

    func grid(_ axis: Axis, left: Double, right: Double, top: Double, bottom: Double) -> String {
        axis.ticks.map { t in
            let y = axis.position(t, top: top, bottom: bottom)
            return "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"#d8dde0\"/>"
                + "<text x=\"\(f(left - 3))\" y=\"\(f(y + 3))\" font-size=\"8\" text-anchor=\"end\">\(esc(axis.label(t)))</text>"
        }.joined()
    }

    /// A line per series with round ticks: money in £m (with 0 on the axis), a metric in its unit.
    /// `targets`, where given, are drawn as one dashed step line: each year at the latest target holding by
    /// then (a target holds from its year on), in place of the `reference` line.
    func lineChart(_ series: [Series], reference: Double?, unit: String?, title: String, small: Bool = false,
                   targets: [(value: Double, year: String)] = []) -> String {
        let held: [Double?] = years.map { year in targets.filter { $0.year <= year }.max { $0.year < $1.year }?.value }
        let values = series.flatMap(\.values) + (targets.isEmpty ? (reference.map { [$0] } ?? []) : held.compactMap { $0 })
        let size = values.map(abs).max() ?? 1
        let axis = Axis(values: values, unit: unit, minimumSpan: unit == nil ? 0 : 0.1 * size)
        let rows = Double((series.count + 1) / 2)
        let titleLines = Wrap.lines(title, width: small ? 40 : 64, indent: "").prefix(3)
        let (w, h) = small ? (172.0, 128.0 + 10 * rows) : (340.0, 190.0 + 10 * rows)
        let left = small ? 38.0 : 56.0, top = 14.0 + 9 * Double(titleLines.count), bottom = h - 22 - 10 * rows
        let xs = years.indices.map { left + 8 + Double($0) * (w - left - 30) / Double(max(1, years.count - 1)) }
        func y(_ v: Double) -> Double { axis.position(v, top: top, bottom: bottom) }
        let colours = ["#005eb8", "#d5281b", "#007f3b", "#330072", "#ae2573", "#768692", "#41b6e6", "#ed8b00"]
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"\(esc(title))\">"
        svg += titleLines.enumerated().map { i, line in
            "<text x=\"2\" y=\"\(9 + 9 * i)\" font-size=\"\(small ? 7.5 : 10)\" font-weight=\"bold\">\(esc(line))</text>" }.joined()
        svg += grid(axis, left: left, right: w - 6, top: top, bottom: bottom)
        if !targets.isEmpty {
            // A step at the midpoint between two years whose targets differ; nothing before the first target's year.
            var runs: [[String]] = [], points: [String] = []
            for t in years.indices {
                guard let v = held[t] else { if !points.isEmpty { runs.append(points) }; points = []; continue }
                if t > 0, let before = held[t - 1], before != v {
                    let mid = (xs[t - 1] + xs[t]) / 2
                    points += ["\(f(mid)),\(f(y(before)))", "\(f(mid)),\(f(y(v)))"]
                } else if t > 0, held[t - 1] == nil {
                    points.append("\(f((xs[t - 1] + xs[t]) / 2)),\(f(y(v)))")
                }
                points.append("\(f(xs[t])),\(f(y(v)))")
            }
            if !points.isEmpty { runs.append(points) }
            for run in runs {
                svg += "<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"#425563\" stroke-dasharray=\"4 3\"/>"
            }
        } else if let reference {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(reference)))\" x2=\"\(f(w - 6))\" y2=\"\(f(y(reference)))\" stroke=\"#425563\" stroke-dasharray=\"4 3\"/>"
        }
        for (i, s) in series.enumerated() {
            let colour = colours[i % colours.count]
            // The first series (the baseline) drawn wide and pale under the others, so a scenario that matches it
            // shows as a line inside a halo rather than hiding it.
            let halo = i == 0 && series.count > 1
            let width = (small ? 1.5 : 2) * (halo ? 2.6 : 1)
            svg += "<polyline points=\"\(zip(xs, s.values).map { "\(f($0)),\(f(y($1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(f(width))\""
                + (halo ? " stroke-opacity=\"0.45\"" : "") + (i >= colours.count ? " stroke-dasharray=\"6 3\"" : "") + "/>"
            let lx = 4 + Double(i % 2) * (w / 2), ly = h - 10 * rows + Double(i / 2) * 10 + 6
            svg += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-size=\"8\" fill=\"\(colour)\">■ \(esc(String(s.name.prefix(small ? 18 : 30))))</text>"
        }
        return svg + axisLabels(xs, bottom + 12, fontSize: small ? 6.5 : 8) + "</svg>"
    }

    func barChart(_ change: [Double], cumulative: [Double]) -> String {
        let axis = Axis(values: change + cumulative + [0], unit: nil)
        let (w, h) = (300.0, 170.0)
        let left = 56.0, top = 10.0, bottom = h - 34
        let step = (w - left - 10) / Double(max(1, years.count))
        func y(_ v: Double) -> Double { axis.position(v, top: top, bottom: bottom) }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"bar chart\">"
        svg += grid(axis, left: left, right: w - 6, top: top, bottom: bottom)
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(w - 6))\" y2=\"\(f(y(0)))\" stroke=\"#425563\"/>"
        var xs: [Double] = []
        for (i, v) in change.enumerated() {
            let x = left + 4 + Double(i) * step
            xs.append(x + step * 0.35)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(min(y(v), y(0))))\" width=\"\(f(step * 0.7))\" height=\"\(f(max(1, abs(y(v) - y(0)))))\" fill=\"\(v >= 0 ? "#007f3b" : "#d5281b")\"/>"
        }
        svg += "<polyline points=\"\(zip(xs, cumulative).map { "\(f($0)),\(f(y($1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\"/>"
        svg += "<text x=\"\(f(left))\" y=\"\(f(h - 2))\" font-size=\"8\">bars: change each year (£m); line: cumulative</text>"
        return svg + axisLabels(xs, bottom + 12, fontSize: 7) + "</svg>"
    }

    /// The years under a chart: every year where they fit, else every k-th counted back from the last, so
    /// that labels never overlap at a long horizon and the last year is always named.
    func axisLabels(_ xs: [Double], _ y: Double, fontSize: Double = 8) -> String {
        let spacing = xs.count > 1 ? xs[1] - xs[0] : .infinity
        let width = fontSize * 0.56 * Double(years.map(\.count).max() ?? 7) + 3
        var every = 1
        while Double(every) * spacing < width, every < xs.count { every += 1 }
        return zip(xs, years).enumerated().filter { (xs.count - 1 - $0.offset) % every == 0 }.map { _, p in
            "<text x=\"\(f(p.0))\" y=\"\(f(y))\" font-size=\"\(f(fontSize))\" text-anchor=\"middle\">\(esc(p.1))</text>" }.joined()
    }

    func waterfall(_ shares: [Share]) -> String {
        let total = shares.reduce(0) { $0 + $1.value }
        let w = 640.0, h = 40.0 + 26.0 * Double(shares.count + 1)
        var running = 0.0
        var points = [0.0]
        for sh in shares { running += sh.value; points.append(running) }
        let lo = min(points.min() ?? 0, 0), hi = max(points.max() ?? 0, 0)
        let scale = hi - lo > 1e-12 ? (w - 260) / (hi - lo) : 1
        func x(_ v: Double) -> Double { 250 + (v - lo) * scale }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"waterfall\">"
        svg += "<line x1=\"\(f(x(0)))\" y1=\"10\" x2=\"\(f(x(0)))\" y2=\"\(f(h - 10))\" stroke=\"#425563\"/>"
        running = 0
        // Each bar's label in up to two lines (cut at a word with … beyond), and its value beside it.
        func label(_ text: String, _ y: Double) -> String {
            var lines = Wrap.lines(text, width: 44, indent: "")
            if lines.count > 2 { lines = [lines[0], String(lines[1].prefix(42)) + " …"] }
            let first = lines.count == 1 ? y + 13 : y + 8
            return lines.enumerated().map { i, line in
                "<text x=\"4\" y=\"\(f(first + 10 * Double(i)))\" font-size=\"\(lines.count == 1 ? 10 : 8.5)\">\(esc(line))</text>" }.joined()
        }
        func value(_ v: Double, _ a: Double, _ b: Double, _ y: Double) -> String {
            "<text x=\"\(f(max(a, b) + 4 > w - 50 ? min(a, b) - 48 : max(a, b) + 4))\" y=\"\(f(y + 13))\" font-size=\"9\">\(esc(m(v)))</text>"
        }
        for (i, sh) in shares.enumerated() {
            let y = 20.0 + 26.0 * Double(i), a = x(running), b = x(running + sh.value)
            svg += label(sh.label, y)
            svg += "<rect x=\"\(f(min(a, b)))\" y=\"\(f(y))\" width=\"\(f(max(1, abs(b - a))))\" height=\"18\" fill=\"\(sh.value >= 0 ? "#007f3b" : "#d5281b")\"/>"
            svg += value(sh.value, a, b, y)
            running += sh.value
        }
        let y = 20.0 + 26.0 * Double(shares.count)
        svg += "<text x=\"4\" y=\"\(f(y + 14))\" font-size=\"10\" font-weight=\"bold\">total</text>"
        svg += "<rect x=\"\(f(min(x(0), x(total))))\" y=\"\(f(y))\" width=\"\(f(max(1, abs(x(total) - x(0)))))\" height=\"18\" fill=\"#005eb8\"/>"
        svg += value(total, x(0), x(total), y) + "</svg>"
        return svg
    }

    /// `common`: values every fan of the page spans, so that the scenarios' fans share one scale.
    func fan(_ b: Band, title: String, common: [Double] = []) -> String {
        let axis = Axis(values: b.p10 + b.p90 + [0] + (b.planned.map { [$0] } ?? []) + common, unit: nil)
        let (w, h) = (330.0, 180.0)
        let left = 56.0, top = 22.0, bottom = h - 22
        let xs = years.indices.map { left + 8 + Double($0) * (w - left - 40) / Double(max(1, years.count - 1)) }
        func y(_ v: Double) -> Double { axis.position(v, top: top, bottom: bottom) }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"fan chart\">"
        svg += "<text x=\"2\" y=\"12\" font-size=\"10\" font-weight=\"bold\">\(esc(title))</text>"
        svg += grid(axis, left: left, right: w - 10, top: top, bottom: bottom)
        let band = zip(xs, b.p90).map { "\(f($0)),\(f(y($1)))" } + zip(xs, b.p10).reversed().map { "\(f($0)),\(f(y($1)))" }
        svg += "<polygon points=\"\(band.joined(separator: " "))\" fill=\"#41b6e6\" fill-opacity=\"0.4\"/>"
        svg += "<polyline points=\"\(zip(xs, b.p50).map { "\(f($0)),\(f(y($1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\"/>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(w - 10))\" y2=\"\(f(y(0)))\" stroke=\"#d5281b\" stroke-dasharray=\"4 3\"/>"
        return svg + axisLabels(xs, h - 6) + "</svg>"
    }
}
