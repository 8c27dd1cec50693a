import PlanSupport

// The analyses' results: Monte Carlo, sensitivity and explain (seek and the words of a condition: SeekView.swift).

/// `montecarlo`: how sure we can be (MODEL.md §5; the JSON of §7).
public struct MonteCarloView: Rendering, Sendable {
    public struct Metric: Sendable {
        public var id: String, name: String, unit: String
        /// [percentile][year]: P10, P50, P90.
        public var percentiles: [[Double]]
        public init(id: String, name: String, unit: String, percentiles: [[Double]]) {
            self.id = id; self.name = name; self.unit = unit; self.percentiles = percentiles
        }
    }
    public struct Place: Sendable {
        public var id: String, pBalanced: [Double]
        public init(id: String, pBalanced: [Double]) { self.id = id; self.pBalanced = pBalanced }
    }

    public var scenario: String, draws: Int, seed: UInt64
    /// How many uncertain assumptions were drawn.
    public var uncertain: Int
    public var years: [String]
    public var pBalanced: [Double], pIcbBalanced: [Double], balancedEveryYear: Double
    /// [percentile][year]: P10, P50, P90.
    public var balance: [[Double]], icbBalance: [[Double]]
    /// [percentile][year] of the underlying balance; the balance's where it was not given.
    public var underlying: [[Double]]? = nil
    /// Each organisation's P(balance ≥ 0) by year, in model order.
    public var organisations: [Place] = []
    /// P(balance ≥ 0) with the risks drawn and the mitigations left out; pBalanced where not given.
    public var pBalancedBeforeMitigations: [Double]? = nil
    /// How many entries the scenario's risk register holds (places' chances leave them out: MODEL.md §9).
    public var registerEntries = 0
    /// Two successor ICBs or more: the ICB rows are theirs together, and say so.
    public var severalICBs = false
    /// Empty for a model without places.
    public var places: [Place]
    public var metrics: [Metric]
    /// The plan's balance in the last year with no assumption drawn.
    public var plannedFinalBalance: Double
    /// The uncertain assumptions whose most likely value (mode) differs from the plan's, in words
    /// ("efficiency: most likely 0.5 points a year lower"): why the draws centre away from the plan.
    /// An uncertain assumption whose most likely value is not the plan's: a per-year one (plan nil) is drawn
    /// as an offset, so its mode moves every year from the second.
    public struct ModeAway: Sendable {
        public var assumption: String, mode: Double, plan: Double?, kind: ValueKind
        public init(assumption: String, mode: Double, plan: Double?, kind: ValueKind) {
            self.assumption = assumption; self.mode = mode; self.plan = plan; self.kind = kind
        }
        var words: String {
            guard let plan else {
                return "\(assumption) \(NumberFormat.trimmed(abs(mode) * 100, maxDecimals: 2)) points a year \(mode < 0 ? "lower" : "higher")"
            }
            return "\(assumption) \(kind.text(mode)) (plan \(kind.text(plan)))"
        }
    }
    public var modesAwayFromPlan: [ModeAway] = []
    /// The uncertain assumptions whose range reaches further one way from the mode than the other, in words
    /// ("inflation further above"): why the median can sit away from the plan even where the modes agree.
    public var skewedRanges: [String] = []

    public init(scenario: String, draws: Int, seed: UInt64, uncertain: Int, years: [String], pBalanced: [Double], pIcbBalanced: [Double],
                balancedEveryYear: Double, balance: [[Double]], icbBalance: [[Double]], places: [Place], metrics: [Metric],
                plannedFinalBalance: Double) {
        self.scenario = scenario; self.draws = draws; self.seed = seed; self.uncertain = uncertain; self.years = years
        self.pBalanced = pBalanced; self.pIcbBalanced = pIcbBalanced; self.balancedEveryYear = balancedEveryYear
        self.balance = balance; self.icbBalance = icbBalance; self.places = places; self.metrics = metrics
        self.plannedFinalBalance = plannedFinalBalance
    }

    public func text(width: Int, style: Style) -> String {
        let fan = FanChart(title: "Balance (£m): where eight draws in ten fall", years: years, p10: balance[0], p50: balance[1],
                           p90: balance[2], width: width, style: style)
        return table().text(style: style, width: width) + "\n" + fan.render()
    }

    /// CSV, Markdown and Excel carry every figure the JSON does (the ICBs' and the underlying percentiles,
    /// metrics with no spread); the terminal's table keeps to what reads at 80 columns.
    public func sheet(style: Style) -> Sheet? { table(complete: true) }

    public func json() -> String {
        func band(_ p: [[Double]]) -> String { "{\"p10\":\(JSONText.numbers(p[0])),\"p50\":\(JSONText.numbers(p[1])),\"p90\":\(JSONText.numbers(p[2]))}" }
        var s = "{\"kind\":\"montecarlo\",\"scenario\":\(JSONText.quote(scenario)),\"draws\":\(draws),\"seed\":\(seed),"
        s += "\"years\":[" + years.map(JSONText.quote).joined(separator: ",") + "],\"pBalanced\":\(JSONText.numbers(pBalanced)),"
        s += "\"pIcbBalanced\":\(JSONText.numbers(pIcbBalanced)),"
        s += "\"pBalancedEveryYear\":\(JSONText.number(balancedEveryYear)),"
        s += "\"balance\":\(band(balance)),"
        s += "\"icbBalance\":\(band(icbBalance)),"
        s += "\"metrics\":{" + metrics.map { "\(JSONText.quote($0.id)):\(band($0.percentiles))" }.joined(separator: ",") + "}"
        // MODEL.md §7 lists `places` and `organisations` among the required keys: empty objects in a model
        // without them.
        s += ",\"places\":{" + places.map { "\(JSONText.quote($0.id)):{\"pBalanced\":\(JSONText.numbers($0.pBalanced))}" }.joined(separator: ",") + "}"
        // Version 3 (MODEL.md §7).
        s += ",\"pBalancedBeforeMitigations\":\(JSONText.numbers(pBalancedBeforeMitigations ?? pBalanced)),\"underlying\":\(band(underlying ?? balance))"
        s += ",\"organisations\":{" + organisations.map { "\(JSONText.quote($0.id)):{\"pBalanced\":\(JSONText.numbers($0.pBalanced))}" }.joined(separator: ",") + "}"
        // MODEL.md §5: montecarlo says when a mode is not the plan value; in JSON too (per-year ones have plan null:
        // their mode is an offset).
        if !modesAwayFromPlan.isEmpty {
            s += ",\"modesAwayFromPlan\":[" + modesAwayFromPlan.map {
                "{\"assumption\":\(JSONText.quote($0.assumption)),\"mode\":\(JSONText.number($0.mode)),\"plan\":\($0.plan.map(JSONText.number) ?? "null")}"
            }.joined(separator: ",") + "]"
        }
        return s + "}"
    }

    func table(complete: Bool = false) -> ReportTable {
        var sections = [ReportTable.Section("Balance", [
            .init("P(balance ≥ 0)", unit: "%", pBalanced.map { $0 * 100 }, decimals: 0),
            .init("P10", unit: "£m", balance[0]), .init("P50", unit: "£m", balance[1]), .init("P90", unit: "£m", balance[2]),
            .init(severalICBs ? "P(ICBs together ≥ 0)" : "P(ICB balance ≥ 0)", unit: "%", pIcbBalanced.map { $0 * 100 }, decimals: 0)]
            + places.map { .init("P(\($0.id) ≥ 0)", unit: "%", $0.pBalanced.map { $0 * 100 }, decimals: 0) })]
        // Version 3 (MODEL.md §7, §9): the register's risks without their mitigations, the underlying balance,
        // and each organisation, which must break even on its own.
        var more: [ReportTable.Row] = []
        // The system's chance without mitigations sits under the system's chance, not among the places'.
        if let before = pBalancedBeforeMitigations, before != pBalanced {
            sections[0].rows.insert(.init("P(≥ 0), no mitigations", unit: "%", before.map { $0 * 100 }, decimals: 0), at: 1)
        }
        if complete {
            more += [.init("ICB P10", unit: "£m", icbBalance[0]), .init("ICB P50", unit: "£m", icbBalance[1]), .init("ICB P90", unit: "£m", icbBalance[2])]
            if let u = underlying {
                more += [.init("Underlying P10", unit: "£m", u[0]), .init("Underlying P50", unit: "£m", u[1]), .init("Underlying P90", unit: "£m", u[2])]
            }
        } else if let u = underlying, u != balance { more.append(.init("Underlying P50", unit: "£m", u[1])) }
        more += organisations.map { .init("P(\($0.id) ≥ 0)", unit: "%", $0.pBalanced.map { $0 * 100 }, decimals: 0) }
        if !more.isEmpty { sections[0].rows += more }
        // Metrics whose percentiles all agree (nothing uncertain moves them) are named in one line, not tabled.
        var settled: [String] = []
        for m in metrics {
            let p = m.percentiles
            let spread = zip(p[0], p[2]).map { abs($1 - $0) }.max() ?? 0
            if !complete, spread < 1e-9 * max(1, p[1].map(abs).max() ?? 0) { settled.append(m.id); continue }
            let d = p[1].map(abs).max() ?? 0 >= 100 ? 1 : 2
            sections.append(.init(named(m.name, unit: m.unit), [
                .init("P10", unit: "", p[0], decimals: d), .init("P50", unit: "", p[1], decimals: d), .init("P90", unit: "", p[2], decimals: d)]))
        }
        var footer = ["Verdict: balanced every year in \(NumberFormat.fixed(balancedEveryYear * 100, decimals: 0))% of \(NumberFormat.count(draws)) draws (seed \(seed))"]
        footer.append("The plan as simulated (no assumption drawn) gives \(NumberFormat.money(plannedFinalBalance, decimals: 1)) in \(years[years.count - 1]); "
                      + "the draws centre on each assumption's most likely value and spread over its range (show assumptions), "
                      + "so their median need not be the plan's figure.")
        // Why the draws centre where they do: most likely values away from the plan's, and lopsided ranges.
        if !modesAwayFromPlan.isEmpty {
            footer.append("Most likely values that differ from the plan's: " + modesAwayFromPlan.map(\.words).joined(separator: "; "))
        }
        if !skewedRanges.isEmpty {
            footer.append("Ranges that reach further one way than the other: " + skewedRanges.joined(separator: ", "))
        }
        if !places.isEmpty, registerEntries > 0 {
            footer.append("A place's P(≥ 0) leaves out the risk register (its entries land on the system, the ICBs and the "
                          + "organisations, not on places), so a place can balance in every draw while its ICB does not.")
        }
        if pBalancedBeforeMitigations.map({ $0 != pBalanced }) ?? false {
            footer.append("P(≥ 0), no mitigations: the chance of balance with the register's risks drawn and its mitigations left out.")
        }
        if !settled.isEmpty { footer.append("No spread (no uncertain assumption moves them): " + settled.joined(separator: ", ")) }
        return ReportTable(title: "Monte Carlo, scenario \(scenario): \(NumberFormat.count(draws)) draws of \(uncertain) uncertain assumptions",
                           years: years, sections: sections, footer: footer)
    }
}

/// `sensitivity`: each uncertain assumption alone at its low and high, drawn as a tornado (MODEL.md §7).
public struct SensitivityView: Rendering, Sendable {
    public struct Row: Sendable {
        public var id: String, low: Double, high: Double
        public var swing: Double { abs(high - low) }
        public init(id: String, low: Double, high: Double) { self.id = id; self.low = low; self.high = high }
    }

    public var scenario: String
    /// The target's id, its place's id (nil for the system), and how it reads in words.
    public var target: String, place: String?, targetText: String
    /// "£m" for money (figures as money), else the metric's unit.
    public var unit: String
    public var year: String
    /// Largest swing first.
    public var rows: [Row]
    /// The target with every uncertain assumption at its mode, and as the plan is simulated.
    public var centre: Double, planned: Double

    public init(scenario: String, target: String, place: String?, targetText: String, unit: String, year: String, rows: [Row],
                centre: Double, planned: Double) {
        self.scenario = scenario; self.target = target; self.place = place; self.targetText = targetText; self.unit = unit
        self.year = year; self.rows = rows; self.centre = centre; self.planned = planned
    }

    public func text(width: Int, style: Style) -> String { tornado(width: width, style: style) }

    public func json() -> String {
        "{\"kind\":\"sensitivity\",\"scenario\":\(JSONText.quote(scenario)),\"target\":\(JSONText.quote(target)),\"place\":\(place.map(JSONText.quote) ?? "null"),\"year\":\(JSONText.quote(year)),\"rows\":["
            + rows.map { "{\"assumption\":\(JSONText.quote($0.id)),\"low\":\(JSONText.number($0.low)),\"high\":\(JSONText.number($0.high)),\"swing\":\(JSONText.number($0.swing))}" }.joined(separator: ",")
            + "]}"
    }

    public func sheet(style: Style) -> Sheet? { SensitivitySheet(rows: rows) }

    /// CSV keeps every row, for a machine; Markdown, for people, keeps the rows that move the figure and names
    /// the rest after the table, as the tornado does.
    struct SensitivitySheet: Sheet {
        var rows: [Row]
        func table(_ rows: [Row]) -> ListTable {
            ListTable(header: ["assumption", "low", "high", "swing"],
                      rows: rows.map { [$0.id, NumberFormat.csv($0.low), NumberFormat.csv($0.high), NumberFormat.csv($0.swing)] })
        }
        func csv() -> String { table(rows).csv() }
        func markdown() -> String {
            let still = rows.filter { $0.swing <= 1e-9 }.map(\.id)
            guard !still.isEmpty, rows.count > 12 else { return table(rows).markdown() }
            return table(rows.filter { $0.swing > 1e-9 }).markdown() + "\n\nNo effect on this figure: " + MarkdownText.escape(AssumptionList.summary(still)) + "."
        }
    }

    /// The first line, without the tornado's axis mark (Markdown draws no tornado).
    public func markdownHeading(style: Style) -> String? { headline }

    var headline: String { "Sensitivity of \(targetText) in \(year), scenario \(scenario): \(figure(centre)) with every uncertain assumption at its mode" }

    /// A value of the target as the view writes it: money to £0.1m, anything else to two decimals at most.
    func figure(_ v: Double) -> String { unit == "£m" ? NumberFormat.money(v, decimals: 1) : NumberFormat.trimmed(v, maxDecimals: 2) }

    /// An assumption's id cut to `width`, keeping its last part (`prevention.long-ter….effect-scale`): ids differ
    /// most at their ends (`.return-scale`, `.effect-scale`), and a cut end made two rows read alike.
    static func shortened(_ id: String, _ width: Int) -> String {
        guard id.count > width else { return id }
        if let dot = id.lastIndex(of: "."), id.distance(from: dot, to: id.endIndex) + 4 <= width {
            let tail = String(id[dot...])
            return String(id.prefix(width - tail.count - 1)) + "…" + tail
        }
        return String(id.prefix(width - 1)) + "…"
    }

    func tornado(width: Int, style: Style) -> String {
        if rows.isEmpty { return "  no uncertain assumptions to vary (the model lists none, or the scenario sets them all)" }
        let fmt = figure
        let all = (rows.flatMap { [$0.low, $0.high] } + [centre]).filter { $0.isFinite }
        let lo = all.min() ?? 0, hi = all.max() ?? 0
        // Names whole where a bar of 20 still fits beside them (abbreviated to 26 at the least: two cut names could
        // read alike), the bar as wide as the rest allows, the figures compact.
        let texts = rows.map { "\(fmt($0.low)) to \(fmt($0.high))" }
        let drawn = rows.filter { $0.swing > 1e-9 || rows.count <= 12 }
        let longest = (drawn.isEmpty ? rows : drawn).map(\.id.count).max()!
        let nameWidth = min(longest, max(26, width - (texts.map(\.count).max() ?? 0) - 6 - 20))
        let barWidth = max(10, width - nameWidth - (texts.map(\.count).max() ?? 0) - 6)
        func col(_ v: Double) -> Int {
            guard v.isFinite, (hi - lo).isFinite, hi - lo >= 1e-12 else { return 0 }
            return min(barWidth - 1, max(0, Int(((v - lo) / (hi - lo) * Double(barWidth - 1)).rounded())))
        }
        let axis = col(centre)
        var out = Wrap.lines(headline + " (\(style.unicode ? "│" : "|")).", width: width)
        if abs(planned - centre) > 1e-9 * max(1, abs(centre)) {
            out += Wrap.lines("The plan as simulated gives \(fmt(planned)): its assumptions are not all at the modes of their uncertainty (see show assumptions).", width: width)
        }
        out += Wrap.lines("Each row moves one assumption from its low to its high (the figures are the target at each); largest swing first.", width: width)
        let still = rows.filter { $0.swing <= 1e-9 }.map(\.id)
        for (r, text) in zip(rows, texts) {
            var cells = [String](repeating: " ", count: barWidth)
            if r.swing > 1e-9 {
                for k in min(col(r.low), col(r.high), axis)...max(col(r.low), col(r.high), axis) { cells[k] = style.unicode ? "█" : "#" }
                // A swing narrower than a column still shows a cell, on the side it reaches further.
                if col(r.low) == axis, col(r.high) == axis {
                    let side = max(r.low, r.high) - centre >= centre - min(r.low, r.high) ? 1 : -1
                    if cells.indices.contains(axis + side) { cells[axis + side] = style.unicode ? "█" : "#" }
                }
            }
            cells[axis] = style.unicode ? "│" : "|"
            if r.swing <= 1e-9, rows.count > 12 { continue }
            let name = r.id.count > nameWidth ? Self.shortened(r.id, nameWidth) : r.id + String(repeating: " ", count: nameWidth - r.id.count)
            out.append("  " + name + "  " + cells.joined() + "  " + text)
        }
        if !still.isEmpty, rows.count > 12 {
            out += Wrap.lines("  No effect on this figure: " + AssumptionList.summary(still), width: width, indent: "    ")
        }
        return out.joined(separator: "\n")
    }
}

/// A prevention programme's payback: when its gross savings pass its extra spend.
public struct Payback: Sendable {
    public var category: String
    /// The year gross savings pass the extra spend, nil when not within the horizon.
    public var year: String?
    public var spent: Double, saved: Double
    public init(category: String, year: String?, spent: Double, saved: Double) {
        self.category = category; self.year = year; self.spent = spent; self.saved = saved
    }

    public var sentence: String {
        "Payback, \(category): " + (year.map { "gross savings pass the extra spend in \($0)" } ?? "not within the horizon")
            + " (extra spend \(NumberFormat.money(spent)), gross savings \(NumberFormat.money(saved)); only the cashable share reaches the balance)"
    }
}

/// `explain`: a difference split into one Shapley share per statement, with the sources behind each, and for
/// the balance the effect by line and each programme's payback.
public struct ExplanationView: Rendering, Sendable {
    public struct Share: Sendable {
        public var statement: String, share: Double
        /// The model's citations for what the statement names.
        public var sources: [String]
        public init(statement: String, share: Double, sources: [String]) { self.statement = statement; self.share = share; self.sources = sources }
    }
    public var scenario: String, against: String
    /// The target's id, its place's id, and how it reads in words; its unit ("£m" for money).
    public var target: String, place: String?, targetText: String, unit: String
    public var higherIsBetter: Bool
    public var year: String
    public var total: Double
    public var shares: [Share]
    /// Sampled rather than exact beyond `exactLimit` statements, over `samples` orderings.
    public var exactLimit: Int, samples: Int
    /// For the balance: (line, effect) with income less spending; empty otherwise.
    public var lines: [(String, Double)]
    public var paybacks: [Payback]

    public init(scenario: String, against: String, target: String, place: String?, targetText: String, unit: String, higherIsBetter: Bool,
                year: String, total: Double, shares: [Share], exactLimit: Int, samples: Int, lines: [(String, Double)], paybacks: [Payback]) {
        self.scenario = scenario; self.against = against; self.target = target; self.place = place; self.targetText = targetText
        self.unit = unit; self.higherIsBetter = higherIsBetter; self.year = year; self.total = total; self.shares = shares
        self.exactLimit = exactLimit; self.samples = samples; self.lines = lines; self.paybacks = paybacks
    }

    public var exact: Bool { shares.count <= exactLimit }

    public func json() -> String {
        "{\"kind\":\"explanation\",\"scenario\":\(JSONText.quote(scenario)),\"target\":\(JSONText.quote(target)),\"place\":\(place.map(JSONText.quote) ?? "null"),"
            + "\"year\":\(JSONText.quote(year)),\"against\":\(JSONText.quote(against)),\"total\":\(JSONText.number(total)),"
            + "\"exact\":\(exact),\"shares\":["
            + shares.map { "{\"statement\":\(JSONText.quote($0.statement)),\"share\":\(JSONText.number($0.share))}" }.joined(separator: ",")
            + "]}"
    }

    public func sheet(style: Style) -> Sheet? {
        ListTable(header: ["statement", "share", "target", "year", "against"],
                  rows: shares.map { [$0.statement, NumberFormat.csv($0.share), targetText, year, against] }
                      + [["total", NumberFormat.csv(total), targetText, year, against]])
    }

    /// A difference: for a percentage, in percentage points (-0.69 points, not -0.69%, which reads as a
    /// relative change).
    func format(_ v: Double) -> String {
        if unit == "£m" { return NumberFormat.money(v, decimals: 2) }
        let number = NumberFormat.fixed(v, decimals: 2)
        return unit.isEmpty ? number : unit == "%" ? number + " points" : number + " " + unit
    }

    public func text(width: Int, style: Style) -> String {
        var out = Wrap.lines("Why \(targetText) in \(year) differs, '\(scenario)' against '\(against)': \(format(total))", width: width)
        if shares.isEmpty { out.append("  '\(scenario)' has no statements of its own, so nothing differs") }
        for s in shares {
            let good = higherIsBetter ? s.share > 1e-9 : s.share < -1e-9
            let bad = higherIsBetter ? s.share < -1e-9 : s.share > 1e-9
            // A share that rounds to zero at two decimals reads as negligible, not as better or worse.
            let negligible = abs(s.share) < 0.005
            let mark = !good && !bad ? "  no effect" : negligible ? "  negligible" : good ? style.good(style.up + " better") : style.bad(style.down + " worse")
            let figure = format(negligible && (good || bad) ? 0 : s.share)
            out += Wrap.lines("  " + figure + String(repeating: " ", count: max(0, 14 - figure.count)) + "  " + mark + "  " + s.statement,
                              width: width, indent: "        ")
            // Each source wrapped at words, up to three lines (the rest is in show sources), not cut mid-word.
            for source in s.sources.prefix(2) {
                // A word longer than the width (a URL) is cut with … rather than run past it.
                var lines = Wrap.lines("        source: " + source, width: width, indent: "          ").map { line in
                    visibleWidth(line) <= width ? line : String(line.prefix(max(1, width - 1))) + "…"
                }
                if lines.count > 3 {
                    lines = Array(lines.prefix(3))
                    var last = lines[2]
                    while visibleWidth(last) + 2 > width, let space = last.lastIndex(of: " ") { last = String(last[..<space]) }
                    lines[2] = last + " …"
                }
                out += lines
            }
            if s.sources.count > 2 { out.append("        (\(s.sources.count - 2) more: show sources)") }
        }
        if shares.count > exactLimit {
            out += Wrap.lines("  (Shapley shares sampled over \(samples) orderings with a fixed seed: \(shares.count) statements is more than \(exactLimit))",
                              width: width, indent: "   ")
        } else if shares.count > 1 {
            out += Wrap.lines("  (Shapley shares, exact: all \(1 << shares.count) subsets of the \(shares.count) statements were run)",
                              width: width, indent: "   ")
        }
        if !lines.isEmpty {
            let shown = lines.filter { abs($0.1) >= 0.005 }
            out += Wrap.lines("  Effect on the balance by line (more spending shows as a negative):", width: width, indent: "  ")
            let column = (shown.map { $0.0.count }.max() ?? 10) + 2
            if shown.isEmpty { out.append("    nothing moved") }
            out += shown.map { "    " + $0.0 + String(repeating: " ", count: max(0, column - $0.0.count)) + format($0.1) }
        }
        // Payback is the scenario's over the horizon: beside a figure nothing moved, it would only distract.
        if shares.contains(where: { $0.share != 0 }) || total != 0 {
            for p in paybacks { out += Wrap.lines(p.sentence, width: width, indent: "  ") }
        }
        return out.joined(separator: "\n")
    }
}
