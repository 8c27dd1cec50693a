import PlanSupport

/// The board report (`report`): one self-contained HTML page laid out like an NHS board paper, with inline
/// SVG charts, print CSS for A4, no script and no external reference. It is a pure function of the values
/// below: the session computes them, this draws them. Every chart has a one-sentence reading and its data
/// table beside it.
public struct BoardReport: Sendable {
    // The values it draws (Scenario, Metric, Band, Risk, …): BoardReport+Values.swift.

    public var title: String
    public var purpose: String
    public var modelName: String, modelHash: String, scriptHash: String, version: String, date: String
    /// The hash of the actuals the report was made with (`verify` compares it).
    public var actualsHash: String?
    public var seed: UInt64, draws: Int
    public var years: [String]
    /// Baseline first, then the scenarios reported.
    public var scenarios: [Scenario]
    public var priorities: [Priority]
    public var warning: Warning?
    /// The scenarios' risk registers merged (`Risk.merged`), largest expected loss first.
    public var risks: [Risk] = []
    public var variances: [Variance]
    /// The scenario whose plan the actuals are compared with.
    public var varianceScenario = "baseline"
    /// The assumptions a board reads first (those the scenarios change, then those the balance is most
    /// sensitive to): id and what it is, its value (each year's from the second for a per-year one), its kind.
    public var assumptions: [(label: String, values: [Double], kind: ValueKind)]
    /// Every figure's source key and status (sourced, derived, estimate).
    public var sources: [(key: String, status: String)]
    /// What each assumption id of the sensitivity table is, in words (`show assumptions`' summary).
    public var assumptionWords: [String: String] = [:]

    public init(title: String, purpose: String, modelName: String, modelHash: String, scriptHash: String, version: String, date: String,
                seed: UInt64, draws: Int, years: [String], scenarios: [Scenario], priorities: [Priority], warning: Warning?,
                risks: [Risk], variances: [Variance], assumptions: [(label: String, values: [Double], kind: ValueKind)],
                sources: [(key: String, status: String)]) {
        self.title = title; self.purpose = purpose; self.modelName = modelName; self.modelHash = modelHash
        self.scriptHash = scriptHash; self.version = version; self.date = date; self.seed = seed; self.draws = draws
        self.years = years; self.scenarios = scenarios; self.priorities = priorities; self.warning = warning
        self.risks = risks; self.variances = variances; self.assumptions = assumptions; self.sources = sources
    }

    // MARK: - The page

    /// The last year's label and index.
    var last: Int { years.count - 1 }
    var others: ArraySlice<Scenario> { scenarios.dropFirst() }

    public func html() -> String {
        var body = cover() + summary() + money()
        for priority in priorities { body += prioritySection(priority) }
        body += risk() + explanation() + places()
        if !variances.isEmpty { body += actuals() }
        body += appendix() + recordBlock()
        return """
        <!DOCTYPE html>
        <html lang="en-GB"><head><meta charset="utf-8"><title>\(esc(title))</title>
        <style>\(BoardReport.css)</style></head>
        <body>\(body)</body></html>

        """
    }

    static let css = """
    body{font-family:Arial,Helvetica,sans-serif;color:#212b32;max-width:190mm;margin:0 auto;padding:12px;font-size:10pt;line-height:1.3}
    h1{color:#005eb8;font-size:18pt;margin:0 0 4px}h2{color:#005eb8;border-bottom:2px solid #005eb8;font-size:13pt;margin:14px 0 4px}
    h3{font-size:10.5pt;margin:8px 0 3px}table{border-collapse:collapse;font-size:8pt;margin:4px 0}th,td{border:1px solid #aeb7bd;padding:1px 4px}
    td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#e8edee;text-align:left}th.n{text-align:right}
    tr.group th{background:#d8dde0}.cover{border:2px solid #005eb8;padding:10px}
    .warning{border-left:6px solid #d5281b;background:#fdf0ef;padding:6px 10px;margin:8px 0}
    .reading{font-style:italic;margin:3px 0}.figure{display:flex;flex-wrap:wrap;gap:6px;align-items:flex-start}
    .rag-g{background:#007f3b;color:#fff}.rag-a{background:#ffb81c}.rag-r{background:#d5281b;color:#fff}.rag-n{background:#e8edee}
    .box{border:1px dashed #768692;padding:8px;min-height:40px}svg{background:#fff}.small{font-size:7.5pt}
    .page{page-break-after:always;break-after:page}section.priority{break-inside:avoid;page-break-inside:avoid}#summary table{font-size:7.5pt;line-height:1.15}#summary p{margin:3px 0;font-size:9pt}section{margin-bottom:6px}
    @page{size:A4;margin:12mm}@media print{body{max-width:none;padding:0}h2,h3{page-break-after:avoid;break-after:avoid}
    .figure,table,.keep{page-break-inside:avoid;break-inside:avoid}}
    """

    /// What made the report, for `verify`: hidden from the reader and the print, JSON escaped as HTML text.
    public var record: String {
        let scenarioList = scenarios.map { "{\"name\":\(JSONText.quote($0.name)),\"statements\":[" + $0.statements.map(JSONText.quote).joined(separator: ",") + "]}" }
        return "{\"hweplan\":\(JSONText.quote(version)),\"modelHash\":\(JSONText.quote(modelHash)),\"scriptHash\":\(JSONText.quote(scriptHash)),"
            + (actualsHash.map { "\"actualsHash\":\(JSONText.quote($0))," } ?? "")
            + "\"seed\":\(seed),\"draws\":\(draws),\"years\":[" + years.map(JSONText.quote).joined(separator: ",") + "],"
            + "\"scenarios\":[" + scenarioList.joined(separator: ",") + "]}"
    }

    func recordBlock() -> String { "<pre id=\"hweplan-record\" hidden>\(esc(record))</pre>" }

    /// "baseline: the plan as the model holds it" or each statement in plain English.
    func described(_ sc: Scenario) -> String {
        if sc.description.isEmpty { return "the plan as the model holds it, with no change" }
        // One sentence: the first clause as written, the others joined with a lower-case first letter.
        return ([sc.description[0]] + sc.description.dropFirst().map { $0.prefix(1).lowercased() + $0.dropFirst() }).joined(separator: "; ")
    }

    func cover() -> String {
        var s = "<header class=\"cover page\" id=\"cover\"><h1>\(esc(title))</h1>"
        s += "<p><b>Purpose:</b> \(esc(purpose))</p>"
        if let w = warning {
            func percent(_ x: Double?) -> String { x.map { NumberFormat.percent($0, maxDecimals: 0) } ?? "none" }
            s += "<div class=\"warning\" id=\"health-warning\"><b>Health warning: these figures are estimates.</b> "
            s += esc("By each number's recorded source, \(percent(w.income)) of the first year's income, \(percent(w.spend)) of its spending "
                     + "and \(w.metrics.0) of the \(w.metrics.1) outcome measures' starting levels are estimates, not published figures. ")
            if !w.commissioners.isEmpty {
                s += esc("The footprint is commissioned by \(list(w.commissioners)), the successor ICBs, with \(w.providers) provider trusts modelled. ")
            }
            s += esc("Load the organisations' own plan workbook (model template, then model load) before relying on any figure. ")
            s += "Model version \(w.modelVersion), content hash <code>\(esc(modelHash))</code>.</div>"
        }
        s += "<p><b>Scenarios:</b></p><ul>"
        for sc in scenarios {
            s += "<li><b>\(esc(sc.name))</b>: \(esc(described(sc)))"
            if !sc.statements.isEmpty { s += "<br><span class=\"small\">as typed: " + sc.statements.map { "<code>\(esc($0))</code>" }.joined(separator: "; ") + "</span>" }
            s += "</li>"
        }
        s += "</ul><p><b>Recommendation:</b></p><div class=\"box\">(for the author to complete)</div>"
        s += "<p class=\"small\" id=\"provenance\"><b>Provenance:</b> model \(esc(modelName)), content hash <code>\(esc(modelHash))</code>; script hash <code>\(esc(scriptHash))</code>; "
            + "Monte Carlo \(NumberFormat.count(draws)) draws, seed \(seed); hweplan \(esc(version)); \(esc(date)). Money is £ millions, cash. "
            + "Re-run it with <code>hweplan</code> and <code>verify</code> to check every figure.</p></header>"
        return s
    }

    /// The organisations in deficit in some year, in a sentence (each must break even on its own, whatever the
    /// system's total): " 8 of 10 organisations are in deficit in some year: …"; empty where none is.
    func shortBodies(_ sc: Scenario) -> String {
        let short = sc.organisations.filter { $0.values.contains { $0 < 0 } }
        let others = sc.otherProviders.contains { $0 < 0 }
        guard !short.isEmpty || others else { return "" }
        guard !short.isEmpty else { return " The providers the model does not name are in deficit in some year." }
        return " \(short.count) of \(sc.organisations.count) organisations, each of which must break even on its own, "
            + "\(short.count == 1 ? "is" : "are") in deficit in some year: " + short.map { StatementWords.phrase($0.name) }.joined(separator: ", ")
            + (others ? "; so are the providers the model does not name." : ".")
    }

    /// Page 2: for every scenario what it does, its positions by year, each organisation's and the chance of balance.
    func summary() -> String {
        var s = "<section id=\"summary\" class=\"page\"><h2>Executive summary</h2>"
        for sc in scenarios {
            let deficits = sc.balance.filter { $0 < 0 }.count
            s += "<p><b>\(esc(sc.name))</b>: \(esc(described(sc))). "
                + esc("System \(m(sc.balance[last])) in \(years[last]), in deficit in \(deficits) of \(years.count) years"
                      + (sc.band.map { "; balanced in \(years[last]) in \(pct($0.pBalanced[last])) of draws"
                          + ($0.pEveryYear.map { ", in every year in \(pct($0)) of draws" } ?? "") } ?? "") + "."
                      + shortBodies(sc)
                      + sc.mhisByCommissioner.compactMap { c -> String? in
                          let missed = c.headroom.indices.filter { (c.headroom[$0] ?? 0) < -0.05 }
                          return missed.isEmpty ? nil : " \(StatementWords.phrase(c.name)) misses the mental health investment standard in "
                              + missed.map { years[$0] }.joined(separator: ", ") + "."
                      }.joined()) + "</p>"
        }
        var rows: [[String]] = []
        var groups: Set<Int> = []
        for sc in scenarios {
            groups.insert(rows.count)
            rows.append([sc.name] + years.map { _ in "" })
            rows.append(["System balance"] + sc.balance.map(m))
            for o in sc.organisations.prefix(sc.commissioners) { rows.append([StatementWords.phrase(o.name)] + o.values.map(m)) }
            if sc.commissioners == 0 { rows.append(["ICB balance"] + sc.icbBalance.map(m)) }
            // A provider in deficit in any year, so an early deficit that recovers by the last year is seen.
            for o in sc.organisations.dropFirst(sc.commissioners) where o.values.contains(where: { $0 < -0.05 }) {
                rows.append([StatementWords.phrase(o.name)] + o.values.map(m))
            }
            // Each ICB's investment-standard headroom by year where it misses the standard in some year (the
            // table of the last year below gives it for every ICB).
            for c in sc.mhisByCommissioner where c.headroom.contains(where: { ($0 ?? 0) < -0.05 }) {
                rows.append(["Mental health investment standard headroom: \(StatementWords.phrase(c.name))"] + c.headroom.map { $0.map(m) ?? "not judged" })
            }
            if !sc.underlying.isEmpty { rows.append(["Underlying (system)"] + sc.underlying.map(m)) }
            if !sc.riskAdjusted.isEmpty { rows.append(["Risk-adjusted (system)"] + sc.riskAdjusted.map(m)) }
        }
        s += "<h3>Positions by year (£m; a negative figure is a deficit)</h3>" + table([""] + years, rows, groupRows: groups)
        var org: [[String]] = []
        for (i, o) in scenarios[0].organisations.enumerated() {
            org.append([StatementWords.phrase(o.name)] + scenarios.map { $0.organisations.indices.contains(i) ? m($0.organisations[i].values[last]) : "" })
        }
        if !scenarios[0].organisations.isEmpty {
            if !scenarios[0].otherProviders.isEmpty {
                org.append(["Other providers (not named in the model)"] + scenarios.map { $0.otherProviders.isEmpty ? "" : m($0.otherProviders[last]) })
            }
            org.append(["Total: the system"] + scenarios.map { m($0.balance[last]) })
        }
        if scenarios[0].mhisHeadroom != nil {
            let several = scenarios[0].mhisByCommissioner.count > 1
            org.append(["Mental health investment standard: headroom" + (several ? ", together" : "")]
                       + scenarios.map { $0.mhisHeadroom?[last].map(m) ?? "not judged" })
            for (k, c) in scenarios[0].mhisByCommissioner.enumerated() where several {
                org.append(["  headroom: \(StatementWords.phrase(c.name))"] + scenarios.map { sc in
                    sc.mhisByCommissioner.indices.contains(k) ? (sc.mhisByCommissioner[k].headroom[last].map(m) ?? "not judged") : "" })
            }
        }
        if scenarios.contains(where: { $0.band != nil }) {
            org.append(["P(system balanced)"] + scenarios.map { $0.band.map { pct($0.pBalanced[last]) } ?? "" })
            let commissioners = scenarios[0].organisations.prefix(scenarios[0].commissioners).map(\.name)
            if commissioners.isEmpty { org.append(["P(ICB balanced)"] + scenarios.map { $0.band.map { pct($0.pIcbBalanced[last]) } ?? "" }) }
            for (k, name) in commissioners.enumerated() {
                org.append(["P(\(StatementWords.phrase(name)) balanced)"] + scenarios.map { sc in
                    sc.band.flatMap { $0.pOrganisations.indices.contains(k) ? pct($0.pOrganisations[k][last]) : nil } ?? "" })
            }
        }
        s += "<h3>Each organisation and the tests of balance in \(years[last]) (£m)</h3>" + table([""] + scenarios.map(\.name), org)
        let top = risks.filter { !$0.mitigation }.prefix(4)
        if !top.isEmpty {
            s += "<h3>Top risks (probability × impact in \(years[last]))</h3><ul class=\"small\">"
            for r in top { s += "<li>" + esc("\(r.name), on \(r.lands)\(r.only): costs \(m(-r.impact)) a year if it happens (\(pct(r.probability)) likely), \(m(-r.impact * r.probability)) expected") + "</li>" }
            s += "</ul>"
        }
        return s + "</section>"
    }

    func money() -> String {
        let base = scenarios[0]
        var s = "<section id=\"money\"><h2>1. The money</h2>"
        let lines = scenarios.map { "\($0.name) \(m($0.balance[last]))" }.joined(separator: ", ")
        s += "<p class=\"reading\">\(esc("The system's balance in \(years[last]): \(lines)."))</p>"
        s += "<div class=\"figure\">" + lineChart(scenarios.map { Series($0.name, $0.balance) }, reference: 0, unit: nil, title: "System balance (£m)")
        s += lineChart(scenarios.map { Series($0.name, $0.cumulative) }, reference: 0, unit: nil, title: "Cumulative system balance (£m)") + "</div>"
        var rows: [[String]] = []
        for sc in scenarios {
            rows.append(["\(sc.name): income"] + sc.income.map(m))
            rows.append(["\(sc.name): spend"] + sc.spend.map(m))
            rows.append(["\(sc.name): balance"] + sc.balance.map(m))
        }
        s += table([""] + years, rows)
        s += comparison()
        var charts = ""
        for sc in others {
            let change = zip(sc.balance, base.balance).map { $0 - $1 }
            let cumulative = change.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
            // The path's shape named from the figures (NarrativeTests holds each shape's words).
            let story = Narrative(change: change, years: years)
            charts += "<div style=\"width:300px\"><h3>\(esc(sc.name)) against baseline: \(esc(story.shape.rawValue))</h3>"
                + "<p class=\"reading small\">\(esc(story.sentence))</p>" + barChart(change, cumulative: cumulative) + "</div>"
        }
        if !charts.isEmpty { s += "<div class=\"figure\">" + charts + "</div>" }
        return s + "</section>"
    }

    func comparison() -> String {
        // Two successor ICBs: their balances together, named as such (one "ICB balance" reads as a single body).
        let several = (scenarios.first?.commissioners ?? 0) > 1
        let s = "<div id=\"comparison\"><h3>Comparison of the scenarios</h3>"
        let rows: [[String]] = [
            ["Years in deficit (system)"] + scenarios.map { "\($0.balance.filter { $0 < 0 }.count) of \(years.count)" },
            ["System balance, \(years[last])"] + scenarios.map { m($0.balance[last]) },
            ["Cumulative, \(years.first ?? "") to \(years[last])"] + scenarios.map { m($0.cumulative[last]) },
            [(several ? "ICBs' balance together, " : "ICB balance, ") + years[last]] + scenarios.map { m($0.icbBalance[last]) },
            [several ? "ICBs' cumulative, together" : "ICB cumulative"] + scenarios.map { m($0.icbCumulative[last]) },
        ]
        return s + table([""] + scenarios.map(\.name), rows) + "</div>"
    }

    func prioritySection(_ p: Priority) -> String {
        var s = "<section id=\"priority-\(slug(p.title))\" class=\"priority\"><h2>\(esc(p.title))</h2>"
        var rows: [[String]] = []
        var rag: [[String]] = []
        for metric in p.metrics {
            let target = metric.targets.isEmpty ? "none"
                : metric.targets.map { "\(metric.higherIsBetter ? "≥" : "≤") \(d($0.value)) from \($0.year)" }.joined(separator: "; ")
            rows.append([named(metric.name, unit: metric.unit), target] + metric.series.map { d($0.values[last]) })
            rag.append(metric.series.map { status(metric, $0) })
        }
        s += "<p class=\"reading small\">Each measure in \(esc(years[last])), coloured against every target that applies by then (a target "
            + "holds from its year on): green met in every year each applies, amber met in \(esc(years[last])) but not every year before, or "
            + "within 5% of each one missed, red not met, grey no target applies in the horizon.</p>"
        s += table(["measure", "target"] + scenarios.map(\.name), rows, rag: rag, ragFrom: 2)
        s += "<div class=\"figure\">" + p.metrics.map { lineChart($0.series, reference: $0.target, unit: $0.unit, title: named($0.name, unit: $0.unit), small: true,
                                                              targets: $0.targets) }.joined() + "</div>"
        return s + "</section>"
    }

    /// Red, amber or green against every target whose year has come by the last year (a target holds from its
    /// year on): green when each is met in every year it holds, amber when all are met in the last year but not
    /// every year, or each one missed is missed by at most 5%, red otherwise; grey when the metric has no
    /// target, or none applies within the horizon.
    func status(_ metric: Metric, _ series: Series) -> String {
        if metric.targets.isEmpty { return "no target" }
        let applying = metric.targets.filter { $0.year <= years[last] }
        if applying.isEmpty { return "no target in horizon" }
        func meets(_ v: Double, _ target: Double) -> Bool { metric.higherIsBetter ? v >= target : v <= target }
        // Every year a target holds (from its year, or the first year for one due before the horizon), as the
        // shell's "met" and `metYears` judge it: met in the last year only is amber, not green.
        let everyYear = applying.allSatisfy { target in
            ((years.firstIndex(of: target.year) ?? 0)...last).allSatisfy { meets(series.values[$0], target.value) }
        }
        if everyYear { return "G: met every year" }
        let v = series.values[last]
        let missed = applying.filter { !meets(v, $0.value) }
        if missed.isEmpty { return "A: met in \(years[last]), not every year" }
        return missed.allSatisfy { abs(v - $0.value) <= 0.05 * max(abs($0.value), 1e-9) } ? "A: within 5%" : "R: not met"
    }

    func risk() -> String {
        var s = "<section id=\"montecarlo\"><h2>How sure we can be</h2>"
        let drawn = scenarios.filter { $0.band != nil }
        if !drawn.isEmpty {
            s += "<p class=\"reading\">\(esc("Every uncertain assumption and every entry of the risk register drawn \(NumberFormat.count(draws)) times for each scenario (seed \(seed)); the band holds eight draws of ten, the line is the median draw, the dashed line is zero.")) "
                + "Sensitivity moves each uncertain assumption from its low to its high with the others at plan.</p>"
            var rows: [[String]] = []
            for sc in drawn { let b = sc.band!
                rows.append([sc.name, b.planned.map(m) ?? "", m(b.p10[last]), m(b.p50[last]), m(b.p90[last]), pct(b.pBalanced[last]), pct(b.pIcbBalanced[last])])
            }
            let icbs = scenarios[0].commissioners > 1 ? "P(the ICBs together balanced)" : "P(ICB balanced)"
            s += table(["scenario, \(years[last])", "plan", "P10 (1 in 10 below)", "median", "P90 (1 in 10 above)", "P(system balanced)", icbs], rows)
            if let first = drawn.first, let b = first.band, let plan = b.planned, !first.riskAdjusted.isEmpty, abs(b.p50[last] - plan) >= 0.05 {
                s += "<p class=\"reading small\">" + esc("The median differs from the plan mostly because the draws include the risk register: \(first.name)'s plan is \(m(plan)) in \(years[last]), "
                    + "\(m(first.riskAdjusted[last])) once each risk is weighted by its probability (the risk-adjusted position), and the median of the draws is \(m(b.p50[last])).") + "</p>"
            }
            // One scale for every scenario's fan, so that their widths compare at a glance, unless one scenario's
            // range dwarfs another's (then each keeps its own, and the reading says so).
            let spans = drawn.map { d in (d.band!.p10 + d.band!.p90 + [0]).max()! - (d.band!.p10 + d.band!.p90 + [0]).min()! }
            let shared = (spans.max() ?? 0) <= 3 * max(1e-9, spans.min() ?? 0)
            let common = shared ? drawn.flatMap { $0.band!.p10 + $0.band!.p90 } : []
            s += "<div class=\"figure\">" + drawn.map { fan($0.band!, title: "\($0.name): system balance (£m)", common: common) }.joined() + "</div>"
            if !shared { s += "<p class=\"reading small\">The scenarios' ranges differ too much for one scale: read each fan's own axis.</p>" }
            let away = drawn.flatMap { $0.band!.modesAwayFromPlan.map(\.words) }
            if !away.isEmpty { s += "<p class=\"reading small\">The draws centre on each assumption's most likely value, which differs from the plan's for: " + esc(Array(Set(away)).sorted().joined(separator: "; ")) + ".</p>" }
        }
        let swung = scenarios.filter { !$0.swings.isEmpty }
        if !swung.isEmpty {
            // The assumptions that move any scenario most, with each scenario's range.
            var order: [String] = []
            for sc in swung { for w in sc.swings.prefix(8) where !order.contains(w.assumption) { order.append(w.assumption) } }
            let ranked = order.sorted { a, b in
                let sa = swung.map { sc in sc.swings.first { $0.assumption == a }.map { abs($0.high - $0.low) } ?? 0 }.max() ?? 0
                let sb = swung.map { sc in sc.swings.first { $0.assumption == b }.map { abs($0.high - $0.low) } ?? 0 }.max() ?? 0
                return sa > sb
            }.prefix(8)
            s += "<div id=\"sensitivity\"><h3>What matters most: the system balance in \(years[last]) with each assumption at its low and its high (£m)</h3>"
            s += table(["assumption"] + swung.map(\.name), ranked.map { a in
                [a] + swung.map { sc in sc.swings.first { $0.assumption == a }.map { "\(m($0.low)) to \(m($0.high))" } ?? "set by the scenario" }
            })
            // The ids in words, so that a room can read the table without `show assumptions`.
            let words = ranked.compactMap { a in assumptionWords[a].map { "\(a): \($0)" } }
            if !words.isEmpty { s += "<p class=\"small\">" + esc(words.joined(separator: "; ")) + ".</p>" }
            s += "</div>"
        }
        if !risks.isEmpty {
            s += "<h3>The risk register in \(years[last]): each entry's effect on the balance if it happens (£m)</h3>"
            let some = risks.contains { !$0.scenarios.isEmpty }
            s += table(["entry", "lands on"] + (some ? ["scenarios"] : []) + ["probability", "impact", "expected"], risks.map {
                [($0.mitigation ? "mitigation: " : "") + $0.name, $0.lands] + (some ? [$0.scenarios.isEmpty ? "all" : $0.scenarios.joined(separator: ", ")] : [])
                    + [pct($0.probability), m($0.impact), m($0.impact * $0.probability)]
            }, text: some ? [1, 2] : [1])
        }
        return s + "</section>"
    }

    func explanation() -> String {
        let explained = others.filter { !$0.shares.isEmpty }
        guard !explained.isEmpty else { return "" }
        var s = "<section id=\"explanation\"><h2>Why it moved</h2>"
        s += "<p class=\"reading\">Each scenario's change in the \(esc(years[last])) system balance against baseline, split into one Shapley share per statement (the shares add up to the change).</p>"
        var rows: [[String]] = []
        var groups: Set<Int> = []
        for sc in explained {
            groups.insert(rows.count)
            rows.append([sc.name + (sc.sharesSampled ? " (shares sampled)" : ""), ""])
            for (i, share) in sc.shares.enumerated() {
                rows.append([sc.description.indices.contains(i) ? sc.description[i] : share.label, m(share.value)])
            }
            rows.append(["total", m(sc.shares.reduce(0) { $0 + $1.value })])
        }
        s += table(["statement", "share (£m)"], rows, groupRows: groups)
        // Where each change lands: the organisations whose position moves, so a shift that reads as cost-neutral
        // shows whose balance carries it.
        let base = scenarios[0]
        if !base.organisations.isEmpty {
            var landing: [[String]] = []
            var landingGroups: Set<Int> = []
            for sc in others {
                var moved: [(String, Double)] = zip(sc.organisations, base.organisations).map { (StatementWords.phrase($0.name), $0.values[last] - $1.values[last]) }
                if !sc.otherProviders.isEmpty, !base.otherProviders.isEmpty { moved.append(("Other providers", sc.otherProviders[last] - base.otherProviders[last])) }
                moved = moved.filter { abs($0.1) >= 0.05 }
                guard !moved.isEmpty else { continue }
                landingGroups.insert(landing.count)
                landing.append([sc.name, ""])
                landing += moved.map { [$0.0, m($0.1)] }
            }
            if !landing.isEmpty {
                s += "<h3>Where the change lands in \(esc(years[last])): each organisation's position against baseline (£m)</h3>"
                s += table(["organisation", "change (£m)"], landing, groupRows: landingGroups)
            }
        }
        for sc in explained where sc.shares.count > 1 {
            s += "<h3>\(esc(sc.name))</h3>" + waterfall(sc.shares)
        }
        return s + "</section>"
    }

    /// Beside a measure whose places' starting figures are estimates.
    public static let estimatedMark = " (places estimated)"

    func places() -> String {
        let placed = scenarios.filter { !$0.places.isEmpty }
        guard !placed.isEmpty else { return "" }
        var s = "<section id=\"places\"><h2>Places and the gap between them</h2>"
        var rows: [[String]] = []
        var groups: Set<Int> = []
        for sc in placed {
            groups.insert(rows.count)
            rows.append([sc.name] + years.map { _ in "" })
            rows += sc.places.map { [$0.name] + $0.values.map(m) }
        }
        s += "<h3>Each place's balance: income less spend there, before the providers' own plans (£m)</h3>" + table([""] + years, rows, groupRows: groups)
        let gaps = scenarios[0].gaps
        if !gaps.isEmpty {
            // The heading, its reading and the table kept on one page.
            let estimated = gaps.contains { $0.name.hasSuffix(BoardReport.estimatedMark) }
            s += "<div class=\"keep\"><h3>Gap between places in \(esc(years[last])) (highest less lowest)</h3><p class=\"reading small\">The strategy's third principle asks these to narrow."
                + (estimated ? esc(" Where marked “\(BoardReport.estimatedMark.dropFirst())”, the places' starting figures are estimates (in the built-in model, an England figure spread by each place's need), not local data: the gap follows from how they were estimated, and only its change is the plan's.") : "")
                + "</p>"
            s += table(["measure", "now (\(years.first ?? ""))"] + scenarios.map { "\($0.name), \(years[last])" }, gaps.indices.map { k in
                [gaps[k].name, d(gaps[k].values.first ?? 0)] + scenarios.map { $0.gaps.indices.contains(k) ? d($0.gaps[k].values[last]) : "" }
            }) + "</div>"
        }
        return s + "</section>"
    }

    func actuals() -> String {
        var s = "<section id=\"actuals\"><h2>Actuals against plan</h2><p class=\"reading\">\(esc("Variance is actual less the plan of '\(varianceScenario)': a positive variance is better than planned for a balance or income, and an overspend for a line's spending."))</p>"
        // Actuals only of years before the plan's (history) leave nothing to compare: say so once, and show them.
        let compared = variances.contains { v in zip(v.actual, v.plan).contains { $0 != nil && $1 != nil } }
        if !compared, !variances.isEmpty {
            let held = variances.flatMap { v in v.years.indices.filter { v.actual[$0] != nil }.map { v.years[$0] } }
            let span = Set(held).sorted()
            let years = span.count > 1 ? span[0] + " to " + span[span.count - 1] : (span.first ?? "no year")
            let words = "The actuals held (the model file's, and any loaded) are of " + years + ", before the plan's years: there is no variance yet. "
                + "Load this year's outturn to compare it with the plan."
            s += "<p class=\"reading\">" + esc(words) + "</p>"
        }
        for v in variances {
            s += "<h3>\(esc(v.item))</h3>" + table([""] + v.years, [["actual"] + v.actual.map { $0.map(m) ?? "" }, ["plan"] + v.plan.map { $0.map(m) ?? "" },
                                                                     ["variance"] + zip(v.actual, v.plan).map { a, p in a.flatMap { a in p.map { m(a - $0) } } ?? "" }])
        }
        return s + "</section>"
    }

    /// The words of the report a board member may not know, in plain English.
    static let terms: [(String, String)] = [
        ("Balance, position", "income less spending in a year: negative is a deficit. The system is the ICBs and the trusts together."),
        ("Underlying position", "the balance without one-off money (deficit support, non-recurrent income and spending). "
            + "What one-off spending bought, such as savings on other lines, stays in it: it is not a forecast of next year."),
        ("Risk-adjusted position", "the balance with each risk and mitigation of the register counted at its probability × its impact."),
        ("Monte Carlo draws", "the plan run thousands of times, each time with every uncertain assumption picked at random from its range."),
        ("P10, median, P90", "one draw in ten ends below P10 and one in ten above P90; half end below the median."),
        ("P(balanced)", "the share of draws in which the balance is zero or better in that year."),
        ("Sensitivity", "each uncertain assumption moved from its low to its high with the others at plan: how far the balance moves."),
        ("Shapley share", "a fair split of a change between the statements that made it: the shares add up to the whole change."),
        ("J-curve, inverted J", "costs first and gains later (a J), or gains first and costs later (an inverted J)."),
        ("Content hash, script hash", "fingerprints of the model and of the scenarios' statements: the same figures come from the same two."),
    ]

    func appendix() -> String {
        var s = "<section id=\"appendix\"><h2>Appendix: terms, assumptions and sources</h2>"
        s += "<h3>Terms</h3>" + table(["term", "what it means"], BoardReport.terms.map { [$0.0, $0.1] }, text: [1])
        s += "<h3>The assumptions the scenarios change and those the balance depends on most</h3>"
        s += table(["assumption", "value (a yearly one: each year from \(years.count > 1 ? years[1] : years[0]))"],
                   assumptions.map { [$0.label, $0.values.map($0.kind.plain).joined(separator: " ")] }, text: [1])
        s += "<p class=\"small\">Every other assumption: <code>show assumptions</code>. Every figure's citation: <code>show sources</code>, or the Sources sheet of <code>model template</code>.</p>"
        if !sources.isEmpty {
            let statuses = ["sourced", "derived", "estimate"]
            s += "<h3>Sources</h3><p class=\"small\">" + esc("Of the \(sources.count) figures with a recorded source, "
                + statuses.map { st in "\(sources.filter { $0.status == st }.count) \(st == "estimate" ? "are estimates" : "are " + st)" }.joined(separator: ", ") + ".") + "</p>"
            // Estimates counted by the part of the model they belong to (every key is in `show sources`).
            var parts: [(String, Int)] = []
            for key in sources.filter({ $0.status == "estimate" }).map(\.key) {
                let part = String(key.prefix { $0 != "[" && $0 != "." })
                if let i = parts.firstIndex(where: { $0.0 == part }) { parts[i].1 += 1 } else { parts.append((part, 1)) }
            }
            if !parts.isEmpty { s += "<p class=\"small\"><b>Estimates by part of the model:</b> " + esc(parts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")) + ".</p>" }
        }
        return s + "</section>"
    }

    // MARK: - Tables and words (the charts: BoardReport+Charts.swift)

    func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// A table: the first column names the row; `groupRows` are scenario headings; `rag` colours the cells
    /// from column `ragFrom` by the status in the same place.
    /// `text` columns hold words, not figures: left-aligned and wrapped.
    func table(_ header: [String], _ rows: [[String]], groupRows: Set<Int> = [], rag: [[String]]? = nil, ragFrom: Int = 0, text: Set<Int> = []) -> String {
        var s = "<table><tr>" + header.enumerated().map { i, h in "<th\(i > 0 && !text.contains(i) ? " class=\"n\"" : "")>\(esc(h))</th>" }.joined() + "</tr>"
        for (r, row) in rows.enumerated() {
            if groupRows.contains(r) {
                s += "<tr class=\"group\"><th colspan=\"\(max(1, header.count))\">\(esc(row.first ?? ""))</th></tr>"
                continue
            }
            s += "<tr>" + row.enumerated().map { i, cell in
                if let rag, i >= ragFrom, rag.indices.contains(r), rag[r].indices.contains(i - ragFrom) {
                    let status = rag[r][i - ragFrom]
                    let cls = status.hasPrefix("G") ? "rag-g" : status.hasPrefix("A") ? "rag-a" : status.hasPrefix("R") ? "rag-r" : "rag-n"
                    return "<td class=\"n \(cls)\" title=\"\(esc(status))\">\(esc(cell))</td>"
                }
                return i == 0 ? "<th scope=\"row\">\(esc(cell))</th>" : text.contains(i) ? "<td>\(esc(cell))</td>" : "<td class=\"n\">\(esc(cell))</td>"
            }.joined() + "</tr>"
        }
        return s + "</table>"
    }

    func m(_ v: Double) -> String { NumberFormat.money(v, decimals: 1) }
    /// A measure's value with the decimals its size warrants: 6,650 admissions, 135.0 thousand, 71.31%.
    func d(_ v: Double) -> String { NumberFormat.fixed(v, decimals: abs(v) >= 1000 ? 0 : abs(v) >= 100 ? 1 : 2) }
    func pct(_ v: Double) -> String { NumberFormat.fixed(v * 100, decimals: 0) + "%" }
    func f(_ v: Double) -> String { NumberFormat.fixed(v.isFinite ? v : 0, decimals: 1).replacingOccurrences(of: ",", with: "") }
    func slug(_ s: String) -> String { String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40)) }
    func esc(_ s: String) -> String { HTMLPage.escape(s) }
}

extension BoardReport {
    /// "Northshire ICS: scenario push against baseline", or "…: the baseline".
    public static func title(model: String, scenarios names: [String]) -> String {
        if names.count <= 1 { return "\(model): the baseline" }
        return "\(model): \(names.count > 2 ? "scenarios" : "scenario") \(names.dropFirst().joined(separator: ", ")) against baseline"
    }

    public static func purpose(years: [String]) -> String {
        "To show the board the financial position of the system, of each ICB and of each trust, the outcomes for each of the six priorities, "
            + "how sure we can be, and what moved them, for the scenarios below, \(years.first ?? "") to \(years.last ?? "")."
    }
}
