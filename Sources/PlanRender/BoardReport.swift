import PlanSupport

/// The board report (`report`): one self-contained HTML page laid out like an NHS board paper, with inline
/// SVG charts, print CSS for A4, no script and no external reference. It is a pure function of the values
/// below: the session computes them, this draws them. Every chart has a one-sentence reading and its data
/// table beside it.
public struct BoardReport: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]
        public init(_ name: String, _ values: [Double]) { self.name = name; self.values = values }
    }
    public struct Scenario: Sendable {
        public var name: String
        public var statements: [String]
        public var balance: [Double], icbBalance: [Double], cumulative: [Double], icbCumulative: [Double]
        public var income: [Double], spend: [Double]
        public init(name: String, statements: [String], balance: [Double], icbBalance: [Double], cumulative: [Double],
                    icbCumulative: [Double], income: [Double], spend: [Double]) {
            self.name = name; self.statements = statements; self.balance = balance; self.icbBalance = icbBalance
            self.cumulative = cumulative; self.icbCumulative = icbCumulative; self.income = income; self.spend = spend
        }
    }
    public struct Metric: Sendable {
        public var id: String, name: String, unit: String
        public var higherIsBetter: Bool
        public var target: Double?, targetYear: String?
        /// Values for baseline, then each scenario, in the order of `scenarios`.
        public var series: [Series]
        public init(id: String, name: String, unit: String, higherIsBetter: Bool, target: Double?, targetYear: String?, series: [Series]) {
            self.id = id; self.name = name; self.unit = unit; self.higherIsBetter = higherIsBetter
            self.target = target; self.targetYear = targetYear; self.series = series
        }
    }
    public struct Priority: Sendable {
        public var title: String
        public var metrics: [Metric]
        public init(title: String, metrics: [Metric]) { self.title = title; self.metrics = metrics }
    }
    public struct Share: Sendable { public var label: String; public var value: Double
        public init(_ label: String, _ value: Double) { self.label = label; self.value = value } }
    public struct Band: Sendable { public var p10: [Double], p50: [Double], p90: [Double], pBalanced: [Double], pIcbBalanced: [Double]
        /// The scenario drawn, and its own balance in the last year with no assumption drawn.
        public var scenario = "", planned: Double? = nil
        /// Why the draws centre away from the plan: most likely values that differ from it, lopsided ranges.
        public var modesAwayFromPlan: [MonteCarloView.ModeAway] = [], skewedRanges: [String] = []
        public init(p10: [Double], p50: [Double], p90: [Double], pBalanced: [Double], pIcbBalanced: [Double]) {
            self.p10 = p10; self.p50 = p50; self.p90 = p90; self.pBalanced = pBalanced; self.pIcbBalanced = pIcbBalanced } }
    public struct Swing: Sendable { public var assumption: String; public var low: Double, high: Double
        public init(_ assumption: String, low: Double, high: Double) { self.assumption = assumption; self.low = low; self.high = high } }
    public struct Variance: Sendable { public var item: String; public var years: [String]; public var actual: [Double?], plan: [Double?]
        public init(item: String, years: [String], actual: [Double?], plan: [Double?]) { self.item = item; self.years = years; self.actual = actual; self.plan = plan } }

    public var title: String
    public var purpose: String
    public var modelName: String, modelHash: String, scriptHash: String, version: String, date: String
    public var seed: UInt64, draws: Int
    public var years: [String]
    /// Baseline first, then the scenarios reported.
    public var scenarios: [Scenario]
    public var priorities: [Priority]
    /// Each place's balance (of the first reported scenario), and the gap of each mean metric.
    public var placeBalances: [Series]
    public var placeGaps: [Series]
    public var explanation: (title: String, total: Double, shares: [Share])?
    public var monteCarlo: Band?
    public var sensitivity: [Swing]
    public var sensitivityTitle: String
    public var variances: [Variance]
    /// Each assumption with an effect: its id and what it is, its value (each year's from the second for a
    /// per-year one) and the kind of number it is.
    public var assumptions: [(label: String, values: [Double], kind: ValueKind)]
    public var sources: [(String, String)]

    public init(title: String, purpose: String, modelName: String, modelHash: String, scriptHash: String, version: String, date: String,
                seed: UInt64, draws: Int, years: [String], scenarios: [Scenario], priorities: [Priority], placeBalances: [Series],
                placeGaps: [Series], explanation: (title: String, total: Double, shares: [Share])?, monteCarlo: Band?,
                sensitivity: [Swing], sensitivityTitle: String, variances: [Variance], assumptions: [(label: String, values: [Double], kind: ValueKind)],
                sources: [(String, String)]) {
        self.title = title; self.purpose = purpose; self.modelName = modelName; self.modelHash = modelHash
        self.scriptHash = scriptHash; self.version = version; self.date = date; self.seed = seed; self.draws = draws
        self.years = years; self.scenarios = scenarios; self.priorities = priorities; self.placeBalances = placeBalances
        self.placeGaps = placeGaps; self.explanation = explanation; self.monteCarlo = monteCarlo; self.sensitivity = sensitivity
        self.sensitivityTitle = sensitivityTitle; self.variances = variances; self.assumptions = assumptions; self.sources = sources
    }

    // MARK: - The page

    public func html() -> String {
        var body = cover()
        body += money()
        for priority in priorities { body += prioritySection(priority) }
        body += comparison()
        if let explanation { body += waterfall(explanation) }
        if let monteCarlo { body += fan(monteCarlo) }
        if !sensitivity.isEmpty { body += tornado() }
        if !placeBalances.isEmpty { body += places() }
        if !variances.isEmpty { body += actuals() }
        body += appendix()
        return """
        <!DOCTYPE html>
        <html lang="en-GB"><head><meta charset="utf-8"><title>\(esc(title))</title>
        <style>\(BoardReport.css)</style></head>
        <body>\(body)</body></html>

        """
    }

    static let css = """
    body{font-family:Arial,Helvetica,sans-serif;color:#212b32;max-width:190mm;margin:0 auto;padding:12px;font-size:11pt;line-height:1.35}
    h1{color:#005eb8;font-size:20pt;margin:0 0 4px}h2{color:#005eb8;border-bottom:2px solid #005eb8;font-size:14pt;margin-top:22px}
    h3{font-size:12pt;margin:14px 0 4px}table{border-collapse:collapse;font-size:9pt;margin:6px 0}th,td{border:1px solid #aeb7bd;padding:2px 5px}
    td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#e8edee}.cover{border:2px solid #005eb8;padding:10px;margin-bottom:10px}
    .reading{font-style:italic;margin:4px 0}.figure{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
    .rag-g{background:#007f3b;color:#fff}.rag-a{background:#ffb81c}.rag-r{background:#d5281b;color:#fff}.rag-n{background:#e8edee}
    .box{border:1px dashed #768692;padding:8px;min-height:40px}svg{background:#fff}section{page-break-inside:avoid}
    @page{size:A4;margin:15mm}@media print{body{max-width:none;padding:0}h2{page-break-after:avoid}section{page-break-inside:avoid}}
    """

    func cover() -> String {
        var s = "<header class=\"cover\" id=\"cover\"><h1>\(esc(title))</h1>"
        s += "<p><b>Purpose:</b> \(esc(purpose))</p>"
        s += "<p><b>Scenarios:</b></p><ul>"
        for sc in scenarios {
            s += "<li><b>\(esc(sc.name))</b>: " + (sc.statements.isEmpty ? "no statements (the model as written)" : sc.statements.map { "<code>\(esc($0))</code>" }.joined(separator: "; ")) + "</li>"
        }
        s += "</ul><p><b>Recommendation:</b></p><div class=\"box\">(for the author to complete)</div>"
        s += "<p><b>Provenance:</b> model \(esc(modelName)), content hash <code>\(esc(modelHash))</code>; script hash <code>\(esc(scriptHash))</code>; "
            + "Monte Carlo \(NumberFormat.count(draws)) draws, seed \(seed); hweplan \(esc(version)); \(esc(date)). Money is £ millions, cash.</p></header>"
        return s
    }

    func money() -> String {
        let base = scenarios[0]
        var s = "<section id=\"money\"><h2>1. The money</h2>"
        let last = years.count - 1
        let lines = scenarios.map { "\($0.name): system \(m($0.balance[last])), ICB \(m($0.icbBalance[last]))" }.joined(separator: "; ")
        s += "<p class=\"reading\">In \(years[last]) the position is \(esc(lines)).</p>"
        s += "<h3>Balance, system and ICB (£m)</h3><div class=\"figure\">" + lineChart(scenarios.flatMap { [Series("\($0.name) system", $0.balance), Series("\($0.name) ICB", $0.icbBalance)] }, reference: 0)
        s += table(["", ] + years, scenarios.flatMap { [[ "\($0.name) system"] + $0.balance.map(m), ["\($0.name) ICB"] + $0.icbBalance.map(m)] }) + "</div>"
        s += "<h3>Cumulative balance (£m)</h3><div class=\"figure\">" + lineChart(scenarios.map { Series($0.name, $0.cumulative) }, reference: 0)
        s += table([""] + years, scenarios.map { [$0.name] + $0.cumulative.map(m) }) + "</div>"
        for sc in scenarios.dropFirst() {
            let change = zip(sc.balance, base.balance).map { $0 - $1 }
            let cumulative = change.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
            // The path's shape named from the figures (NarrativeTests holds each shape's words).
            let story = Narrative(change: change, years: years)
            s += "<h3>\(esc(sc.name)): change in the system balance against baseline (£m), \(esc(story.shape.rawValue))</h3>"
            s += "<p class=\"reading\">" + esc(story.sentence) + "</p>"
            s += "<div class=\"figure\">" + barChart(change, cumulative: cumulative)
            s += table([""] + years, [["change"] + change.map(m), ["cumulative"] + cumulative.map(m)]) + "</div>"
        }
        return s + "</section>"
    }

    func prioritySection(_ p: Priority) -> String {
        var s = "<section id=\"priority-\(slug(p.title))\" class=\"priority\"><h2>\(esc(p.title))</h2>"
        for metric in p.metrics {
            s += "<h3>\(esc(named(metric.name, unit: metric.unit)))</h3>"
            var reading = metric.series.map { "\($0.name) \(d($0.values.last ?? 0))" }.joined(separator: ", ") + " in \(years.last ?? "")"
            if let t = metric.target { reading += "; target \(metric.higherIsBetter ? "≥" : "≤") \(d(t))" + (metric.targetYear.map { " in \($0)" } ?? "") }
            s += "<p class=\"reading\">\(esc(reading)).</p><div class=\"figure\">" + lineChart(metric.series, reference: metric.target)
            var rows = metric.series.map { [$0.name] + $0.values.map(d) }
            var rag: [String] = []
            for series in metric.series { rag.append(status(metric, series)) }
            rows = zip(rows, rag).map { $0 + [$1] }
            s += table([""] + years + ["RAG"], rows, ragColumn: years.count + 1) + "</div>"
        }
        return s + "</section>"
    }

    /// Red, amber or green against the target in its year (amber within 5% of the way to it); grey when
    /// the metric has no target or it falls outside the horizon.
    func status(_ metric: Metric, _ series: Series) -> String {
        guard let target = metric.target, let year = metric.targetYear, let t = years.firstIndex(of: year) else { return "no target in horizon" }
        let v = series.values[t]
        let met = metric.higherIsBetter ? v >= target : v <= target
        if met { return "G: met" }
        return abs(v - target) <= 0.05 * max(abs(target), 1e-9) ? "A: within 5%" : "R: not met"
    }

    func comparison() -> String {
        var s = "<section id=\"comparison\"><h2>Comparison of the scenarios</h2>"
        let last = years.count - 1
        s += "<p class=\"reading\">" + esc("Years in deficit (system): " + scenarios.map { sc in
            "\(sc.name) \(sc.balance.filter { $0 < 0 }.count) of \(years.count)" }.joined(separator: ", ")) + ".</p>"
        // One column per scenario, one row per measure, so the table fits a page however many metrics there are.
        var rows: [[String]] = [
            ["Balance (system), \(years[last])"] + scenarios.map { m($0.balance[last]) },
            ["Cumulative balance"] + scenarios.map { m($0.cumulative[last]) },
            ["ICB balance, \(years[last])"] + scenarios.map { m($0.icbBalance[last]) },
            ["ICB cumulative"] + scenarios.map { m($0.icbCumulative[last]) },
        ]
        for p in priorities { for metric in p.metrics {
            rows.append(["\(metric.name), \(years[last])"] + metric.series.map { d($0.values[last]) })
        } }
        return s + table([""] + scenarios.map(\.name), rows) + "</section>"
    }

    func waterfall(_ e: (title: String, total: Double, shares: [Share])) -> String {
        var s = "<section id=\"explanation\"><h2>Why it moved</h2><h3>\(esc(e.title))</h3>"
        let largest = e.shares.max { abs($0.value) < abs($1.value) }
        s += "<p class=\"reading\">The difference of \(m(e.total)) splits into one Shapley share per statement"
            + (largest.map { "; the largest is \(m($0.value)) from <code>\(esc($0.label))</code>" } ?? "") + ".</p>"
        let w = 640.0, h = 40.0 + 26.0 * Double(e.shares.count + 1)
        var running = 0.0
        var points = [0.0]
        for sh in e.shares { running += sh.value; points.append(running) }
        let lo = min(points.min() ?? 0, 0), hi = max(points.max() ?? 0, 0)
        let scale = hi - lo > 1e-12 ? (w - 260) / (hi - lo) : 1
        func x(_ v: Double) -> Double { 250 + (v - lo) * scale }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"waterfall\">"
        svg += "<line x1=\"\(f(x(0)))\" y1=\"10\" x2=\"\(f(x(0)))\" y2=\"\(f(h - 10))\" stroke=\"#425563\"/>"
        running = 0
        for (i, sh) in e.shares.enumerated() {
            let y = 20.0 + 26.0 * Double(i), a = x(running), b = x(running + sh.value)
            svg += "<text x=\"4\" y=\"\(f(y + 14))\" font-size=\"10\">\(esc(String(sh.label.prefix(40))))</text>"
            svg += "<rect x=\"\(f(min(a, b)))\" y=\"\(f(y))\" width=\"\(f(max(1, abs(b - a))))\" height=\"18\" fill=\"\(sh.value >= 0 ? "#007f3b" : "#d5281b")\"/>"
            running += sh.value
        }
        let y = 20.0 + 26.0 * Double(e.shares.count)
        svg += "<text x=\"4\" y=\"\(f(y + 14))\" font-size=\"10\" font-weight=\"bold\">total</text>"
        svg += "<rect x=\"\(f(min(x(0), x(e.total))))\" y=\"\(f(y))\" width=\"\(f(max(1, abs(x(e.total) - x(0)))))\" height=\"18\" fill=\"#005eb8\"/></svg>"
        s += "<div class=\"figure\">" + svg + table(["statement", "share (£m)"], e.shares.map { [$0.label, m($0.value)] } + [["total", m(e.total)]]) + "</div>"
        return s + "</section>"
    }

    func fan(_ b: Band) -> String {
        var s = "<section id=\"montecarlo\"><h2>How sure we can be</h2>"
        let last = years.count - 1
        let whose = b.scenario.isEmpty ? "" : " for '\(esc(b.scenario))'"
        s += "<p class=\"reading\">With every uncertain assumption drawn \(NumberFormat.count(draws)) times\(whose), the system balance in \(years[last]) lies between \(m(b.p10[last])) and \(m(b.p90[last])) in eight draws of ten (median \(m(b.p50[last]))); it is balanced in \(pct(b.pBalanced[last])) of draws.</p>"
        if let planned = b.planned {
            // The plan's own figure can sit outside the band: say why, or a board sees two figures that disagree.
            s += "<p class=\"reading\">The plan itself gives \(m(planned)) in \(years[last]). The draws centre on each assumption's most likely value (its mode, in the model's sources), which for some assumptions differs from the value the plan uses, so the plan's figure need not sit inside the band: the band says how the balance moves if the assumptions turn out as their ranges suggest.</p>"
            var why: [String] = []
            if !b.modesAwayFromPlan.isEmpty { why.append("most likely values that differ from the plan's: " + b.modesAwayFromPlan.map { esc($0.words) }.joined(separator: "; ")) }
            if !b.skewedRanges.isEmpty { why.append("ranges that reach further one way than the other: " + b.skewedRanges.map(esc).joined(separator: ", ")) }
            if !why.isEmpty { s += "<p class=\"reading\">Here: " + why.joined(separator: "; and ") + ".</p>" }
        }
        let lo = min((b.p10.min() ?? 0), 0), hi = max((b.p90.max() ?? 0), 0)
        let (w, h) = (420.0, 220.0)
        let xs = years.indices.map { 50 + Double($0) * (w - 70) / Double(max(1, years.count - 1)) }
        func y(_ v: Double) -> Double { hi - lo < 1e-12 ? h / 2 : 20 + (hi - v) / (hi - lo) * (h - 50) }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"fan chart\">"
        let band = zip(xs, b.p90).map { "\(f($0)),\(f(y($1)))" } + zip(xs, b.p10).reversed().map { "\(f($0)),\(f(y($1)))" }
        svg += "<polygon points=\"\(band.joined(separator: " "))\" fill=\"#41b6e6\" fill-opacity=\"0.4\"/>"
        svg += "<polyline points=\"\(zip(xs, b.p50).map { "\(f($0)),\(f(y($1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\"/>"
        svg += "<line x1=\"40\" y1=\"\(f(y(0)))\" x2=\"\(f(w - 10))\" y2=\"\(f(y(0)))\" stroke=\"#d5281b\" stroke-dasharray=\"4 3\"/>"
        svg += axisLabels(xs, h) + "</svg>"
        s += "<div class=\"figure\">" + svg + table([""] + years, [["P10"] + b.p10.map(m), ["P50"] + b.p50.map(m), ["P90"] + b.p90.map(m),
                                                                    ["P(balanced)"] + b.pBalanced.map(pct), ["P(ICB balanced)"] + b.pIcbBalanced.map(pct)]) + "</div>"
        return s + "</section>"
    }

    func tornado() -> String {
        var s = "<section id=\"sensitivity\"><h2>What matters most</h2><h3>\(esc(sensitivityTitle))</h3>"
        let top = sensitivity.prefix(12)
        if let first = top.first { s += "<p class=\"reading\">The balance moves most with <code>\(esc(first.assumption))</code>: from \(m(first.low)) to \(m(first.high)) across its range.</p>" }
        let values = top.flatMap { [$0.low, $0.high] }
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        let w = 620.0, h = 20.0 + 22.0 * Double(top.count)
        func x(_ v: Double) -> Double { hi - lo < 1e-12 ? 420 : 240 + (v - lo) / (hi - lo) * (w - 260) }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"tornado\">"
        for (i, row) in top.enumerated() {
            let y = 10.0 + 22.0 * Double(i)
            svg += "<text x=\"4\" y=\"\(f(y + 13))\" font-size=\"10\">\(esc(row.assumption))</text>"
            svg += "<rect x=\"\(f(min(x(row.low), x(row.high))))\" y=\"\(f(y))\" width=\"\(f(max(1, abs(x(row.high) - x(row.low)))))\" height=\"16\" fill=\"#005eb8\"/>"
        }
        svg += "</svg>"
        return s + "<div class=\"figure\">" + svg + table(["assumption", "at low", "at high", "swing"], top.map { [$0.assumption, m($0.low), m($0.high), m(abs($0.high - $0.low))] }) + "</div></section>"
    }

    func places() -> String {
        var s = "<section id=\"places\"><h2>Places and the gap between them</h2>"
        let last = years.count - 1
        s += "<p class=\"reading\">" + esc("In \(years[last]): " + placeBalances.map { "\($0.name) \(m($0.values[last]))" }.joined(separator: ", ")) + ".</p>"
        s += "<div class=\"figure\">" + lineChart(placeBalances, reference: 0) + table([""] + years, placeBalances.map { [$0.name] + $0.values.map(m) }) + "</div>"
        if !placeGaps.isEmpty {
            s += "<h3>Gap between places (highest less lowest)</h3><p class=\"reading\">The strategy's third principle asks these to narrow.</p>"
            s += table([""] + years, placeGaps.map { [$0.name] + $0.values.map(d) })
        }
        return s + "</section>"
    }

    func actuals() -> String {
        var s = "<section id=\"actuals\"><h2>Actuals against plan</h2><p class=\"reading\">Variance is actual less plan: a positive balance variance is better than planned.</p>"
        for v in variances {
            s += "<h3>\(esc(v.item))</h3>" + table([""] + v.years, [["actual"] + v.actual.map { $0.map(m) ?? "" }, ["plan"] + v.plan.map { $0.map(m) ?? "" },
                                                                     ["variance"] + zip(v.actual, v.plan).map { a, p in a.flatMap { a in p.map { m(a - $0) } } ?? "" }])
        }
        return s + "</section>"
    }

    func appendix() -> String {
        var s = "<section id=\"appendix\"><h2>Appendix: assumptions and sources</h2><h3>Assumptions</h3>"
        s += table(["assumption", "value"], assumptions.map { [$0.label, $0.values.map($0.kind.plain).joined(separator: " ")] })
        s += "<h3>Sources</h3>" + table(["figure", "source"], sources.map { [$0.0, $0.1] })
        return s + "</section>"
    }

    // MARK: - Charts and tables

    func lineChart(_ series: [Series], reference: Double?) -> String {
        let all = series.flatMap(\.values) + (reference.map { [$0] } ?? [])
        let lo = all.min() ?? 0, hi = all.max() ?? 1
        let rows = Double((series.count + 2) / 3)
        let (w, h) = (420.0, 206.0 + 12 * rows)
        let xs = years.indices.map { 50 + Double($0) * (w - 70) / Double(max(1, years.count - 1)) }
        func y(_ v: Double) -> Double { hi - lo < 1e-12 ? h / 2 : 15 + (hi - v) / (hi - lo) * (h - 70 - 12 * rows) }
        let colours = ["#005eb8", "#d5281b", "#007f3b", "#ffb81c", "#330072", "#768692", "#41b6e6", "#ae2573"]
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"line chart\">"
        if let reference { svg += "<line x1=\"40\" y1=\"\(f(y(reference)))\" x2=\"\(f(w - 10))\" y2=\"\(f(y(reference)))\" stroke=\"#425563\" stroke-dasharray=\"4 3\"/>" }
        for (i, s) in series.enumerated() {
            let colour = colours[i % colours.count]
            svg += "<polyline points=\"\(zip(xs, s.values).map { "\(f($0)),\(f(y($1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\""
                + (i >= colours.count ? " stroke-dasharray=\"6 3\"" : "") + "/>"
            for (x, v) in zip(xs, s.values) { svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y(v)))\" r=\"2.5\" fill=\"\(colour)\"/>" }
            svg += "<text x=\"\(f(50 + Double(i % 3) * 120))\" y=\"\(f(h - 12 * rows + Double(i / 3) * 12))\" font-size=\"9\" fill=\"\(colour)\">■ \(esc(String(s.name.prefix(24))))</text>"
        }
        svg += "<text x=\"2\" y=\"\(f(y(hi) + 4))\" font-size=\"9\">\(esc(d(hi)))</text><text x=\"2\" y=\"\(f(y(lo) + 4))\" font-size=\"9\">\(esc(d(lo)))</text>"
        return svg + axisLabels(xs, h - 12 * rows - 14) + "</svg>"
    }

    func barChart(_ change: [Double], cumulative: [Double]) -> String {
        let all = change + cumulative + [0]
        let lo = all.min() ?? 0, hi = all.max() ?? 0
        let (w, h) = (420.0, 200.0)
        let step = (w - 70) / Double(max(1, years.count))
        func y(_ v: Double) -> Double { hi - lo < 1e-12 ? h / 2 : 15 + (hi - v) / (hi - lo) * (h - 45) }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"bar chart\">"
        svg += "<line x1=\"40\" y1=\"\(f(y(0)))\" x2=\"\(f(w - 10))\" y2=\"\(f(y(0)))\" stroke=\"#425563\"/>"
        var xs: [Double] = []
        for (i, v) in change.enumerated() {
            let x = 50 + Double(i) * step
            xs.append(x + step * 0.35)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(min(y(v), y(0))))\" width=\"\(f(step * 0.7))\" height=\"\(f(max(1, abs(y(v) - y(0)))))\" fill=\"\(v >= 0 ? "#007f3b" : "#d5281b")\"/>"
        }
        svg += "<polyline points=\"\(zip(xs, cumulative).map { "\(f($0)),\(f(y($1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\"/>"
        svg += "<text x=\"50\" y=\"\(f(h - 2))\" font-size=\"9\">bars: change each year; line: cumulative</text>"
        return svg + axisLabels(xs, h - 14) + "</svg>"
    }

    func axisLabels(_ xs: [Double], _ y: Double) -> String {
        zip(xs, years).map { "<text x=\"\(f($0 - 16))\" y=\"\(f(y))\" font-size=\"9\">\(esc($1))</text>" }.joined()
    }

    func table(_ header: [String], _ rows: [[String]], ragColumn: Int? = nil) -> String {
        var s = "<table><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr>"
        for row in rows {
            s += "<tr>" + row.enumerated().map { i, cell in
                if i == ragColumn {
                    let cls = cell.hasPrefix("G") ? "rag-g" : cell.hasPrefix("A") ? "rag-a" : cell.hasPrefix("R") ? "rag-r" : "rag-n"
                    return "<td class=\"\(cls)\">\(esc(cell))</td>"
                }
                return i == 0 ? "<th scope=\"row\">\(esc(cell))</th>" : "<td class=\"n\">\(esc(cell))</td>"
            }.joined() + "</tr>"
        }
        return s + "</table>"
    }

    func m(_ v: Double) -> String { NumberFormat.money(v, decimals: 1) }
    func d(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 2) }
    func pct(_ v: Double) -> String { NumberFormat.fixed(v * 100, decimals: 0) + "%" }
    func f(_ v: Double) -> String { NumberFormat.fixed(v.isFinite ? v : 0, decimals: 1).replacingOccurrences(of: ",", with: "") }
    func slug(_ s: String) -> String { String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40)) }
    func esc(_ s: String) -> String { HTMLPage.escape(s) }
}

extension BoardReport {
    /// "Northshire ICS: scenario push against baseline", or "…: the baseline".
    public static func title(model: String, scenarios names: [String]) -> String {
        "\(model): \(names.count > 1 ? "scenario " + names.dropFirst().joined(separator: ", ") + " against baseline" : "the baseline")"
    }

    public static func purpose(years: [String]) -> String {
        "To show the board the financial position of the system and of the ICB, the outcomes for each of the six priorities, "
            + "how sure we can be, and what moved them, for the scenarios below, \(years.first ?? "") to \(years.last ?? "")."
    }

    public static func explanationTitle(year: String, scenario: String, sampled: Bool) -> String {
        "System balance in \(year): '\(scenario)' against baseline" + (sampled ? " (shares sampled)" : "")
    }

    public static func sensitivityTitle(year: String, scenario: String) -> String {
        "System balance in \(year), '\(scenario)': each uncertain assumption from its low to its high"
    }
}
