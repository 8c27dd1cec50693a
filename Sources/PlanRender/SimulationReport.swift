import PlanModel
import PlanSupport

/// `simulate`: one scenario's results as the §6 JSON object or as the five-year table.
public struct SimulationReport {
    public var model: Model
    public var projection: Projection
    public var scenario: String
    public var statementCount: Int
    public var stale: Bool
    /// Sentences the session works out beside the projection, shown under the table: each moved enabler's
    /// effect on the money, then the payback of prevention programmes with extra money.
    public var notes: [String]

    public init(model: Model, projection: Projection, scenario: String, statementCount: Int, stale: Bool = false, notes: [String] = []) {
        self.model = model; self.projection = projection; self.scenario = scenario
        self.statementCount = statementCount; self.stale = stale; self.notes = notes
    }

    /// The MODEL.md §6 object on one line, numbers at full precision, keys in a fixed order.
    public func json() -> String {
        let p = projection, labels = model.yearLabels
        var s = "{\"kind\":\"simulation\",\"scenario\":\(JSONText.quote(scenario)),\"model\":\(JSONText.quote(model.name))"
        s += ",\"years\":[" + labels.map(JSONText.quote).joined(separator: ",") + "]"
        s += ",\"income\":\(JSONText.numbers(p.income)),\"spend\":\(JSONText.numbers(p.spend))"
        s += ",\"balance\":\(JSONText.numbers(p.balance)),\"cumulative\":\(JSONText.numbers(p.cumulative))"
        s += ",\"icbBalance\":\(JSONText.numbers(p.icbBalance)),\"icbCumulative\":\(JSONText.numbers(p.icbCumulative))"
        s += ",\"categories\":" + categoriesJSON(p.categories)
        s += ",\"enablers\":{" + model.enablers.enumerated().map { e, en in
            "\(JSONText.quote(en.id)):{\"level\":\(JSONText.numbers(p.enablers[e].level)),\"cost\":\(JSONText.numbers(p.enablers[e].cost))}"
        }.joined(separator: ",") + "}"
        s += ",\"metrics\":{" + model.metrics.enumerated().map { k, m in
            var o = "\(JSONText.quote(m.id)):{\"unit\":\(JSONText.quote(m.unit)),\"values\":\(JSONText.numbers(p.metrics[k].values))"
            if let t = m.target {
                o += ",\"target\":\(JSONText.number(t.value)),\"targetYear\":\(JSONText.quote(targetLabel(t.year)))"
                o += ",\"met\":" + (p.metrics[k].met.map { $0 ? "true" : "false" } ?? "null")
                o += ",\"targets\":[" + zip(m.targets, p.metrics[k].targets).map { t, status in
                    "{\"value\":\(JSONText.number(t.value)),\"year\":\(JSONText.quote(targetLabel(t.year))),\"met\":"
                        + (status.met.map { $0 ? "true" : "false" } ?? "null")
                        + ",\"metYears\":[" + status.metYears.map { JSONText.quote(labels[$0]) }.joined(separator: ",") + "]}"
                }.joined(separator: ",") + "]"
            }
            if let gap = p.metrics[k].gap { o += ",\"gap\":\(JSONText.numbers(gap))" }
            return o + "}"
        }.joined(separator: ",") + "}"
        let deficits = p.deficitYears.map { JSONText.quote(labels[$0]) }
        s += ",\"objective\":{\"balancedEveryYear\":\(p.balancedEveryYear),\"deficitYears\":[\(deficits.joined(separator: ","))]"
        s += ",\"firstDeficitYear\":" + (p.deficitYears.first.map { JSONText.quote(labels[$0]) } ?? "null")
        let icbDeficits = p.icbDeficitYears.map { JSONText.quote(labels[$0]) }
        s += ",\"icb\":{\"balancedEveryYear\":\(icbDeficits.isEmpty),\"deficitYears\":[\(icbDeficits.joined(separator: ","))]"
        s += ",\"firstDeficitYear\":" + (icbDeficits.first ?? "null") + "}"
        if !model.organisations.isEmpty {
            // Since 1 April 2026 each body must break even on its own (MODEL.md §9).
            s += ",\"organisations\":{" + model.organisations.enumerated().map { o, org in
                let deficits = p.organisations[o].balance.indices.filter { p.organisations[o].balance[$0] < 0 }.map { JSONText.quote(labels[$0]) }
                return "\(JSONText.quote(org.id)):{\"balancedEveryYear\":\(deficits.isEmpty),\"deficitYears\":[\(deficits.joined(separator: ","))],"
                    + "\"firstDeficitYear\":" + (deficits.first ?? "null") + "}"
            }.joined(separator: ",") + "}"
        }
        s += "}"
        s += ",\"breaches\":[" + p.breaches.map {
            "{\"rule\":\(JSONText.quote($0.rule)),\"category\":\(JSONText.quote(model.categories[$0.category].id)),"
                + "\"categories\":[" + $0.categories.map { JSONText.quote(model.categories[$0].id) }.joined(separator: ",") + "],"
                + ($0.organisation.map { "\"org\":\(JSONText.quote(model.organisations[$0].id))," } ?? "")
                + "\"year\":\(JSONText.quote(labels[$0.year])),\"headroom\":\(JSONText.number($0.headroom))}"
        }.joined(separator: ",") + "]"
        // Version 3 (MODEL.md §6, §9): income by stream, what does not recur, the underlying and risk-adjusted
        // positions, the register.
        if !model.streams.isEmpty {
            s += ",\"streams\":{" + model.streams.enumerated().map { "\(JSONText.quote($1.id)):\(JSONText.numbers(p.streams[$0]))" }.joined(separator: ",") + "}"
        }
        s += ",\"nonRecurrentIncome\":\(JSONText.numbers(p.nonRecurrentIncome))"
        s += ",\"underlying\":\(JSONText.numbers(p.underlying)),\"icbUnderlying\":\(JSONText.numbers(p.icbUnderlying))"
        s += ",\"riskAdjusted\":\(JSONText.numbers(p.riskAdjusted)),\"icbRiskAdjusted\":\(JSONText.numbers(p.icbRiskAdjusted))"
        s += ",\"risks\":[" + p.risks.map { r in
            "{\"id\":\(JSONText.quote(r.id)),\"kind\":\(JSONText.quote(r.kind.rawValue)),\"org\":"
                + (r.organisation.map { JSONText.quote(model.organisations[$0].id) } ?? "null")
                + ",\"probability\":\(JSONText.number(r.probability)),\"impact\":\(JSONText.numbers(r.impact))}"
        }.joined(separator: ",") + "]"
        if !model.organisations.isEmpty {
            func headroom(_ h: [Double?]) -> String { "[" + h.map { $0.map(JSONText.number) ?? "null" }.joined(separator: ",") + "]" }
            s += ",\"organisations\":{" + model.organisations.enumerated().map { o, org in
                let r = p.organisations[o]
                return "\(JSONText.quote(org.id)):{\"kind\":\(JSONText.quote(org.kind.rawValue)),\"balance\":\(JSONText.numbers(r.balance)),"
                    + "\"underlying\":\(JSONText.numbers(r.underlying)),\"riskAdjusted\":\(JSONText.numbers(r.riskAdjusted))"
                    + (r.mhisHeadroom.map { ",\"mhisHeadroom\":" + headroom($0) } ?? "") + "}"
            }.joined(separator: ",") + "}"
            s += ",\"otherProviders\":\(JSONText.numbers(p.otherProviders))"
        }
        if let headroom = p.mhisHeadroom {
            s += ",\"mhisHeadroom\":[" + headroom.map { $0.map(JSONText.number) ?? "null" }.joined(separator: ",") + "]"
        }
        if !model.places.isEmpty {
            s += ",\"places\":{" + model.places.enumerated().map { i, place in
                let r = p.places[i]
                return "\(JSONText.quote(place.id)):{\"income\":\(JSONText.numbers(r.income)),\"spend\":\(JSONText.numbers(r.spend)),"
                    + "\"balance\":\(JSONText.numbers(r.balance)),\"icbBalance\":\(JSONText.numbers(r.icbBalance)),"
                    + "\"categories\":" + categoriesJSON(r.categories) + ",\"metrics\":{"
                    + model.metrics.enumerated().map { "\(JSONText.quote($1.id)):\(JSONText.numbers(r.metrics[$0]))" }.joined(separator: ",") + "}}"
            }.joined(separator: ",") + "}"
        }
        return s + "}"
    }

    /// Every category with its six arrays (MODEL.md §6).
    func categoriesJSON(_ lines: [Projection.CategoryLine]) -> String {
        "{" + model.categories.enumerated().map { c, cat in
            let l = lines[c]
            return "\(JSONText.quote(cat.id)):{\"budget\":\(JSONText.numbers(l.budget)),\"outturn\":\(JSONText.numbers(l.outturn)),"
                + "\"unmet\":\(JSONText.numbers(l.unmet)),\"savings\":\(JSONText.numbers(l.savings)),"
                + "\"payment\":\(JSONText.numbers(l.payment)),\"providerGap\":\(JSONText.numbers(l.providerGap))}"
        }.joined(separator: ",") + "}"
    }

    /// A financial-year label for a calendar start year, inside the horizon or not.
    func targetLabel(_ year: Int) -> String { FinancialYear.label(year) }

    /// The rows shared by the table, CSV and Markdown views.
    /// How much a table holds: the `simulate` view; an exported document (Markdown, HTML), which adds income by
    /// stream, the risk register and the investment standard's headroom; or exported data (CSV), which also
    /// keeps every row whatever its figures (other providers, unmet demand, savings), so that the scenarios of
    /// one file line up row for row. The view and the document leave out rows of zeros.
    public enum Detail: Sendable { case view, document, data }

    public func table(_ detail: Detail = .view) -> ReportTable {
        let complete = detail == .data, exported = detail != .view
        let p = projection
        let several = commissioners.count > 1
        var money: [ReportTable.Row] = [
            .init("Income", unit: "£m", p.income), .init("Spend", unit: "£m", p.spend),
            .init("Balance (system)", unit: "£m", p.balance), .init("Cumulative balance", unit: "£m", p.cumulative),
            .init(several ? "ICBs' balance, together" : "ICB balance", unit: "£m", p.icbBalance),
            .init(several ? "ICBs' cumulative" : "ICB cumulative", unit: "£m", p.icbCumulative),
        ]
        // Version 3 (MODEL.md §9): what recurs, and the register's expected value.
        if model.isVersion3 {
            money += [.init("Underlying (system)", unit: "£m", p.underlying), .init("Risk-adjusted (system)", unit: "£m", p.riskAdjusted)]
        }
        var sections = [ReportTable.Section("Money", money)]
        // In an export, income by stream, the register and the investment standard's headroom, which the view
        // leaves to `show income`, `show risks` and `show CATEGORY`.
        if exported, !model.streams.isEmpty {
            sections.append(.init("Income by stream", model.streams.enumerated().map { i, stream in
                ReportTable.Row(stream.id, unit: "£m", p.streams[i], note: stream.recurrent ? "" : "non-recurrent")
            } + [.init("of which non-recurrent", unit: "£m", p.nonRecurrentIncome)]))
        }
        if exported, !p.risks.isEmpty {
            sections.append(.init("Risk register (impact if it happens)",
                                  ShowViews.registerRows(model: model, projection: p, expected: "expected (probability × impact)")))
        }
        let headroom = exported ? ShowViews.headroomRows(model: model, projection: p, label: "headroom") : []
        if !headroom.isEmpty { sections.append(.init("Mental health investment standard", headroom)) }
        // Each successor ICB and each trust must break even on its own (the 2026/27 regime).
        if !model.organisations.isEmpty {
            var rows = model.organisations.enumerated().map { o, org in ReportTable.Row(org.id, unit: "£m", p.organisations[o].balance) }
            if complete || p.otherProviders.contains(where: { abs($0) > 1e-9 }) { rows.append(.init("other providers", unit: "£m", p.otherProviders)) }
            sections.append(.init("Each organisation's balance (each must break even on its own)", rows))
        }
        if !model.places.isEmpty {
            // With providers, the system adds their own planned positions, which no place holds.
            let title = model.organisations.contains { $0.kind == .provider }
                ? "Balance by place (income less spend, before providers' own plans)" : "Balance by place (system)"
            sections.append(.init(title, model.places.enumerated().map { i, place in
                ReportTable.Row(place.id, unit: "£m", p.places[i].balance)
            }))
        }
        var lines: [ReportTable.Row] = []
        for (c, cat) in model.categories.enumerated() {
            let l = p.categories[c]
            let budgetDiffers = zip(l.budget, l.outturn).contains { abs($0 - $1) > 0.05 }
            lines.append(.init(cat.id, unit: "£m", l.outturn, note: budgetDiffers ? "outturn; budget differs" : ""))
            if complete || l.unmet.contains(where: { $0 > 1e-9 }) { lines.append(.init("  unmet demand", unit: "£m", l.unmet)) }
            if complete || l.savings.contains(where: { abs($0) > 1e-9 }) { lines.append(.init("  savings (gross)", unit: "£m", l.savings)) }
        }
        sections.append(.init("Spending lines, outturn", lines))
        let changed = model.enablers.indices.filter { complete || p.enablers[$0].level.contains { $0 != 1 } }
        if !changed.isEmpty {
            sections.append(.init("Enablers, level and change in cost", changed.flatMap { e in [
                ReportTable.Row(model.enablers[e].id + " level", unit: "%", p.enablers[e].level.map { $0 * 100 }, decimals: 0),
                ReportTable.Row(model.enablers[e].id + " cost", unit: "£m", p.enablers[e].cost),
            ] }))
        }
        for group in metricGroups() {
            sections.append(.init(group.title, group.metrics.flatMap { k -> [ReportTable.Row] in
                let m = model.metrics[k]
                var rows = [ReportTable.Row(m.id, unit: m.unit, p.metrics[k].values, decimals: decimals(p.metrics[k].values),
                                            note: targetNote(m, p.metrics[k]), noteIsGood: targetsMet(p.metrics[k]))]
                // The gap between places, where the places differ (the strategy's third principle).
                if let gap = p.metrics[k].gap, complete || gap.contains(where: { $0 > 0.005 }) {
                    rows.append(ReportTable.Row("  gap between places", unit: m.unit, gap, decimals: decimals(gap)))
                }
                // Exported, each place's own figure, marked where its starting level is an estimate.
                if exported {
                    let estimated = model.placeBaselinesEstimated(k)
                    rows += model.places.enumerated().map { i, place in
                        ReportTable.Row("  \(place.id)", unit: m.unit, p.places[i].metrics[k], decimals: decimals(p.places[i].metrics[k]),
                                        note: estimated ? "starts from an estimate" : "")
                    }
                }
                return rows
            }))
        }
        var title = "Scenario \(scenario)"
        title += statementCount == 0 ? " (no statements)" : " (\(statementCount) statement\(statementCount == 1 ? "" : "s"))"
        if stale { title += " [stale]" }
        title += " — \(model.name)"
        return ReportTable(title: title, years: model.yearLabels, sections: sections,
                           footer: [objectiveLine(), icbObjectiveLine()] + (organisationsLine().map { [$0] } ?? []) + providerGapLines() + breachLines()
                               + (estimatedPlacesLine().map { [$0] } ?? []) + notes)
    }

    /// The model's commissioners (the successor ICBs), by index.
    var commissioners: [Int] { model.organisations.indices.filter { model.organisations[$0].kind == .commissioner } }

    /// The ICB's own objective: what it pays against its income. With several commissioners, each one's, and
    /// then every other organisation's breakeven.
    public func icbObjectiveLine() -> String {
        func deficits(_ xs: [Double]) -> String { deficitYears(xs).map { "deficit in " + $0 } ?? "balanced every year" }
        guard commissioners.count > 1 else { return "ICB's position (income less what it pays): " + deficits(projection.icbBalance) }
        return "ICBs' positions (income less what each pays): "
            + commissioners.map { "\(model.organisations[$0].id) \(deficits(projection.organisations[$0].balance))" }.joined(separator: "; ")
    }

    /// The years a balance is below zero (as the JSON's objective counts them), in words; nil for none.
    func deficitYears(_ balance: [Double]) -> String? {
        let d = balance.indices.filter { balance[$0] < 0 }
        return d.isEmpty ? nil : yearsText(d)
    }

    /// Year indices in words, runs of three or more years joined: "2026/27, 2028/29 to 2030/31".
    func yearsText(_ years: [Int]) -> String {
        let labels = model.yearLabels
        var parts: [String] = [], i = 0
        while i < years.count {
            var j = i
            while j + 1 < years.count, years[j + 1] == years[j] + 1 { j += 1 }
            parts += j - i >= 2 ? ["\(labels[years[i]]) to \(labels[years[j]])"] : years[i...j].map { labels[$0] }
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// Which organisations run a deficit, and when; nil for a model without organisations.
    public func organisationsLine() -> String? {
        guard !model.organisations.isEmpty else { return nil }
        var inDeficit = model.organisations.enumerated().compactMap { o, org in
            deficitYears(projection.organisations[o].balance).map { "\(org.id) (\($0))" }
        }
        // The providers the model does not name carry their share of each gap too (MODEL.md §9).
        if let years = deficitYears(projection.otherProviders) { inDeficit.append("other providers (\(years))") }
        return inDeficit.isEmpty ? "Organisations: each breaks even every year"
            : "Organisations in deficit: " + inDeficit.joined(separator: "; ")
    }

    /// Where providers spend more than they are paid, in words: the year of the largest gap per line, and,
    /// where other lines offset it, the net over all lines, which is the system's balance less the ICB's.
    public func providerGapLines() -> [String] {
        let labels = model.yearLabels
        let net = projection.balance.indices.map { t in projection.categories.reduce(0) { $0 + $1.providerGap[t] } }
        var worstOfLine: [Int: Int] = [:]
        var lines: [String] = model.categories.enumerated().compactMap { c, cat in
            let gap = projection.categories[c].providerGap
            guard let t = gap.indices.min(by: { gap[$0] < gap[$1] }), gap[t] < -0.05 else { return nil }
            worstOfLine[c] = t
            // Money moved out of the line or cut from it leaves costs that have not fallen yet (a shift's savings
            // arrive later; a cut's may never); otherwise the costs themselves ran above the payment (savings
            // delivered short of plan, or more demand).
            let why = projection.extra[c][t] < -1e-9 ? "its budget was moved or cut and its costs have not fallen with it" : "savings short of plan or demand above it"
            return "\(cat.id) providers carry \(NumberFormat.money(gap[t], decimals: 1)) in \(labels[t]): "
                + "they spend more than the ICB pays (\(why))"
        }
        // Where other lines offset one, or several carry a gap, the net over all lines once: the system's
        // balance less the ICBs' (the year the net is lowest).
        if let t = net.indices.min(by: { net[$0] < net[$1] }), net[t] < -0.05,
           worstOfLine.count > 1 || worstOfLine.contains(where: { abs(projection.categories[$0.key].providerGap[$0.value] - net[$0.value]) >= 0.05 }) {
            lines.append("Across all lines providers carry \(NumberFormat.money(net[t], decimals: 1)) in \(labels[t]), "
                         + "the system's balance less the \(commissioners.count > 1 ? "ICBs'" : "ICB's")")
        }
        return lines
    }

    /// The measures whose place figures start from estimates, said once under the table: a board reads a gap
    /// between places as found, unless told it was spread by need.
    public func estimatedPlacesLine() -> String? {
        let ids = model.metrics.indices.filter(model.placeBaselinesEstimated).map { model.metrics[$0].id }
        guard !ids.isEmpty else { return nil }
        return "Place figures of \(ids.count) measure\(ids.count == 1 ? "" : "s") start from estimates, not local data "
            + "(their gaps between places follow from how each was estimated): \(ids.joined(separator: ", ")); show sources"
    }

    /// The model's rules that the plan breaks (MODEL.md §3), in words.
    /// Breaches of one rule on the same lines are one line, their years in runs and their ICBs together: eight
    /// lines for two ICBs over four years scrolled the verdict off an 80-column screen.
    public func breachLines() -> [String] {
        var order: [String] = [], years: [String: [Int]] = [:], bodies: [String: [String]] = [:], first: [String: Projection.Breach] = [:]
        for b in projection.breaches {
            let key = b.rule + ":" + b.categories.map(String.init).joined(separator: ",")
            if first[key] == nil { order.append(key); first[key] = b }
            if !(years[key] ?? []).contains(b.year) { years[key, default: []].append(b.year) }
            if let o = b.organisation, !(bodies[key] ?? []).contains(model.organisations[o].id) { bodies[key, default: []].append(model.organisations[o].id) }
        }
        return order.map { key in
            let b = first[key]!
            let whose = b.whose(model)
            let names = bodies[key] ?? []
            let whom = names.isEmpty ? "" : " for " + (names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!)
            return "Rule broken: \(whose) more slowly than income in \(yearsText(years[key]!.sorted()))\(whom) (the mental health investment standard)"
        }
    }

    /// "Objective: balanced every year — met" or the deficit years. Where the model has organisations, each must
    /// break even on its own (MODEL.md §9): a system that balances while they (or the providers it does not name)
    /// do not has not met the objective, so the line says how many do not. `below`: the organisations line
    /// follows (simulate); `show scenario` and seek give this line alone.
    public func objectiveLine(below: Bool = true) -> String {
        let labels = model.yearLabels, d = projection.deficitYears
        let short = model.organisations.indices.filter { projection.organisations[$0].balance.contains { $0 < 0 } }
        let others = !model.organisations.isEmpty && deficitYears(projection.otherProviders) != nil
        let bodies = (short.isEmpty ? "other providers" : "\(short.count) of \(model.organisations.count) organisations" + (others ? " and other providers" : ""))
            + " in deficit" + (below ? " (below)" : "")
        if d.isEmpty {
            return short.isEmpty && !others ? "Objective, balanced every year: met, no year in deficit" : "Objective, balanced every year: met by the system, NOT by " + bodies
        }
        let deficit = "Objective, balanced every year: NOT met, deficit in \(d.map { labels[$0] }.joined(separator: ", ")) (first \(labels[d[0]]))"
        return short.isEmpty && !others ? deficit : deficit + "; " + bodies
    }

    /// Every target of a metric and how it stands (MODEL.md §4: judged in every year from its year on):
    /// "target ≥ 70 from 2026/27: not met (on target 2028/29–2030/31); ≥ 92 from 2028/29: not met".
    /// A target due before the horizon still stands and is judged every year; one after it is shown only.
    public func targetNote(_ m: Model.Metric, _ line: Projection.MetricLine) -> String {
        let notes = zip(m.targets, line.targets).map { t, status -> String in
            let goal = "\(m.better == .higher ? "≥" : "≤") \(NumberFormat.trimmed(t.value, maxDecimals: 3))"
            guard let met = status.met else { return goal + " in \(targetLabel(t.year)): outside the horizon" }
            let when = t.year < model.firstYear ? " (due \(targetLabel(t.year)), every year)" : " from \(targetLabel(t.year))"
            if met { return goal + when + ": met" }
            return goal + when + ": not met" + (status.metYears.isEmpty ? "" : " (on target \(yearRuns(status.metYears)))")
        }
        return notes.isEmpty ? "" : "target " + notes.joined(separator: "; ")
    }

    /// Whether every target judged within the horizon is met (nil: none judged).
    public func targetsMet(_ line: Projection.MetricLine) -> Bool? {
        let judged = line.targets.compactMap(\.met)
        return judged.isEmpty ? nil : !judged.contains(false)
    }

    /// 0-based years as runs of labels: "2028/29–2030/31", "2027/28, 2029/30".
    func yearRuns(_ years: [Int]) -> String {
        var runs: [(Int, Int)] = []
        for y in years {
            if let last = runs.last, last.1 + 1 == y { runs[runs.count - 1].1 = y } else { runs.append((y, y)) }
        }
        return runs.map { $0.0 == $0.1 ? model.yearLabel($0.0 + 1) : "\(model.yearLabel($0.0 + 1))–\(model.yearLabel($0.1 + 1))" }
            .joined(separator: ", ")
    }

    func decimals(_ values: [Double]) -> Int {
        let largest = values.map(abs).max() ?? 0
        return largest >= 1000 ? 0 : largest >= 10 ? 1 : 2
    }

    /// Metrics grouped by strategic priority, titled by the prevention programme of that priority;
    /// metrics without a priority come last as the ICB's own objectives.
    public func metricGroups() -> [(title: String, metrics: [Int])] {
        let priorities = Set(model.metrics.compactMap(\.priority)).sorted()
        var groups: [(String, [Int])] = priorities.map { n in
            let programme = model.categories.first { $0.priority == n && $0.kind == .prevention }
            let title = "Priority \(n)" + (programme.map { ": \($0.name)" } ?? "")
            return (title, model.metrics.indices.filter { model.metrics[$0].priority == n })
        }
        let rest = model.metrics.indices.filter { model.metrics[$0].priority == nil }
        if !rest.isEmpty { groups.append(("System objectives", rest)) }
        return groups
    }
}

extension Projection.Breach {
    /// The one sentence a breach is told in: "mental-health's budget grows more slowly than income in 2028/29
    /// (the mental health investment standard)"; for several lines, "the budgets of a and b together grow …".
    /// Whose budget grows too slowly: "mental-health's budget grows", "the budgets of a and b together grow".
    func whose(_ model: Model) -> String {
        let ids = categories.map { model.categories[$0].id }
        return ids.count == 1 ? "\(ids[0])'s budget grows" : "the budgets of \(ids.dropLast().joined(separator: ", ")) and \(ids.last!) together grow"
    }

    public func sentence(_ model: Model) -> String {
        let whose = whose(model)
        let whom = organisation.map { " for \(model.organisations[$0].id)" } ?? ""
        return "\(whose) more slowly than income in \(model.yearLabel(year + 1))\(whom) (the mental health investment standard)"
    }
}

extension Model {
    /// Whether every place's starting level of metric k is an estimate (in the built-in model, an England
    /// figure spread across the places by their need), so the gap between them is one by construction.
    public func placeBaselinesEstimated(_ k: Int) -> Bool {
        !places.isEmpty && places.allSatisfy { status(of: "places[\($0.id)].metrics[\(metrics[k].id)]") == .estimate }
    }
}
