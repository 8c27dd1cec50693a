import PlanModel
import PlanSupport

/// The views of `show`, `compare places` and `show places`, built from the model and the runs the session
/// hands over: the session decides what to run, these decide how it reads.
public enum ShowViews {
    /// One target across the years, for the system, one place, or each place beside the system (with the
    /// gap between places for a mean metric).
    public static func line(_ target: ResolvedTarget, model: Model, projection p: Projection, scenario: String, byPlace: Bool) -> TableView {
        let unit = target.unit(model)
        let decimals = target.isMoney ? 1 : 2
        var rows: [ReportTable.Row] = []
        if byPlace {
            var one = target
            one.place = nil
            rows.append(.init(allPlaces(target, model), unit: unit, one.series(p), decimals: decimals, key: "system"))
            for i in model.places.indices {
                one.place = i
                rows.append(.init(model.places[i].id, unit: unit, one.series(p), decimals: decimals))
            }
            if case .metric(let k) = target.subject, let gap = p.metrics[k].gap {
                rows.append(.init("gap between places", unit: unit, gap, decimals: decimals))
            }
        } else {
            rows.append(.init(target.text(model), unit: unit, target.series(p), decimals: decimals))
        }
        let title = target.title(model, byPlace: byPlace) + (byPlace ? " by place" : target.place.map { " in \(model.places[$0].id)" } ?? "") + ", scenario \(scenario)"
        return TableView(ReportTable(title: title, years: model.yearLabels, sections: [.init("", rows)],
                                     footer: byPlace || target.place != nil ? estimatedPlaces([target], model) : []), kind: "show")
    }

    /// The row for every place together: the system's, but the ICB balance of all places is the ICBs' (the
    /// providers' positions are not in it).
    static func allPlaces(_ target: ResolvedTarget, _ model: Model) -> String {
        guard case .icbBalance = target.subject else { return "system" }
        return model.organisations.filter { $0.kind == .commissioner }.count > 1 ? "ICBs together" : "ICB, all places"
    }

    /// `compare places`: each target for the system and each place, with the gap for a mean metric.
    public static func places(_ targets: [ResolvedTarget], model: Model, projection p: Projection, scenario: String) -> TableView {
        let sections = targets.map { target -> ReportTable.Section in
            var r = target
            let unit = r.unit(model), decimals = r.isMoney ? 1 : 2
            var rows: [ReportTable.Row] = [.init(allPlaces(r, model), unit: unit, r.series(p), decimals: decimals, key: "system")]
            for i in model.places.indices {
                r.place = i
                rows.append(.init(model.places[i].id, unit: unit, r.series(p), decimals: decimals))
            }
            if case .metric(let k) = r.subject, let gap = p.metrics[k].gap {
                rows.append(.init("gap", unit: unit, gap, decimals: decimals))
            }
            return .init(r.title(model), rows)
        }
        return TableView(ReportTable(title: "Places compared, scenario \(scenario)", years: model.yearLabels, sections: sections,
                                     footer: estimatedPlaces(targets, model)), kind: "compare-places")
    }

    /// A line under a view of places, for measures whose place figures start from estimates (a gap by construction).
    public static func estimatedPlaces(_ targets: [ResolvedTarget], _ model: Model) -> [String] {
        let ids = targets.compactMap { t -> String? in
            if case .metric(let k) = t.subject, model.placeBaselinesEstimated(k) { return model.metrics[k].id }
            return nil
        }
        guard !ids.isEmpty else { return [] }
        return ["The place figures of \(ids.joined(separator: ", ")) start from estimates, not local data, so the gap between places "
                + "follows from how they were made (show sources \(ids[0]))"]
    }

    /// `show places`: each place's population, income share and position in the last year.
    public static func placeList(model: Model, projection p: Projection, scenario: String) -> Outcome {
        guard !model.places.isEmpty else {
            return .text(TextView(kind: "show", fields: [("topic", ShowTopic.places.rawValue)], text: "  the model has no places: it runs as one system"))
        }
        let s = model.populationShares, w = model.incomeShares
        let last = model.years - 1
        return .list(ColumnsView(
            kind: "show", fields: [("topic", ShowTopic.places.rawValue)], title: "Places, scenario \(scenario) (balance in \(model.yearLabel(model.years)))",
            header: ["id", "name", "population", "pop. share", "income share", "balance £m"],
            rows: model.places.enumerated().map { i, place in
                [place.id, place.name, NumberFormat.fixed(place.population, decimals: 0), NumberFormat.percent(s[i], maxDecimals: 1),
                 NumberFormat.percent(w[i], maxDecimals: 1), NumberFormat.fixed(p.places[i].balance[last], decimals: 1)]
            }))
    }

    /// `show income`: each income stream as received (outturn), the total, and what does not recur.
    public static func income(model: Model, projection p: Projection, scenario: String) -> TableView {
        var rows: [ReportTable.Row] = model.streams.enumerated().map { s, stream in
            .init(stream.id, unit: "£m", p.streams[s], note: stream.recurrent ? "" : "non-recurrent")
        }
        rows.append(.init("Income", unit: "£m", p.income))
        rows.append(.init("of which non-recurrent", unit: "£m", p.nonRecurrentIncome))
        return TableView(ReportTable(title: "Income by stream, scenario \(scenario)", years: model.yearLabels, sections: [.init("", rows)]), kind: "show")
    }

    /// `show organisations`: each organisation's balance and underlying position, the providers the model does
    /// not name, and the system they add up to (MODEL.md §9).
    public static func organisations(model: Model, projection p: Projection, scenario: String) -> Outcome {
        guard !model.organisations.isEmpty else {
            return .text(TextView(kind: "show", fields: [("topic", ShowTopic.organisations.rawValue)],
                                  text: "  the model names no organisations: the ICB's position (icb-balance) and the system's are all it has"))
        }
        var sections: [ReportTable.Section] = model.organisations.enumerated().map { o, org in
            let r = p.organisations[o]
            let deficits = r.balance.indices.filter { r.balance[$0] < 0 }.map { model.yearLabel($0 + 1) }
            var rows: [ReportTable.Row] = [
                .init("Balance", unit: "£m", r.balance, note: deficits.isEmpty ? "breaks even every year" : "deficit in " + deficits.joined(separator: ", "),
                      noteIsGood: deficits.isEmpty),
                .init("Underlying", unit: "£m", r.underlying)]
            // With a register, what it expects to land on this body (probability × impact).
            if zip(r.riskAdjusted, r.balance).contains(where: { abs($0 - $1) > 1e-9 }) { rows.append(.init("Risk-adjusted", unit: "£m", r.riskAdjusted)) }
            return .init("\(org.name) (\(org.id), \(org.kind.rawValue))", rows)
        }
        sections.append(.init("", [.init("Other providers", unit: "£m", p.otherProviders), .init("System balance", unit: "£m", p.balance)]))
        // JSON by id: {"organisations":{"ID":{"kind","balance","underlying","riskAdjusted"}}, "otherProviders", "balance"}.
        let json = "{\"kind\":\"show\",\"topic\":\"organisations\",\"scenario\":\(JSONText.quote(scenario)),\"years\":["
            + model.yearLabels.map(JSONText.quote).joined(separator: ",") + "],\"organisations\":{"
            + model.organisations.enumerated().map { o, org in
                let r = p.organisations[o]
                return "\(JSONText.quote(org.id)):{\"name\":\(JSONText.quote(org.name)),\"kind\":\(JSONText.quote(org.kind.rawValue)),\"balance\":\(JSONText.numbers(r.balance)),"
                    + "\"underlying\":\(JSONText.numbers(r.underlying)),\"riskAdjusted\":\(JSONText.numbers(r.riskAdjusted))}"
            }.joined(separator: ",")
            + "},\"otherProviders\":\(JSONText.numbers(p.otherProviders)),\"balance\":\(JSONText.numbers(p.balance))}"
        // Bodies whose own figures are all estimates (nothing published was found for them): a breakeven shown
        // for them is the model's assumption, not their plan.
        let unpublished = model.organisations.filter { org in
            let keys = model.sources.map(\.id).filter { $0.hasPrefix("organisations[\(org.id)].") && !$0.hasPrefix("organisations[\(org.id)].planPosition") }
            return !keys.isEmpty && keys.allSatisfy { model.sourceStatus[$0] == .estimate }
        }.map(\.id)
        // Their planned position is left out of the judgement: its source says what it is (in the built-in model,
        // the breakeven every trust must plan under the 2026/27 rules).
        let footer = (unpublished.isEmpty ? [] : ["\(unpublished.joined(separator: ", ")): apart from the planned position, each figure "
            + "of their own is an estimate (show sources)"]) + ["Each one's own statement (income, payments, costs): show ORG, e.g. show \(model.organisations[0].id)"]
        return .table(TableView(ReportTable(title: "Organisations, scenario \(scenario): each must break even on its own", years: model.yearLabels,
                                            sections: sections, footer: footer), json: json, kind: "show"))
    }

    /// `show ORG`: the organisation's own statement, as its finance lead would read it. A commissioner: its
    /// places' income, what it pays each line, its enablers' change in cost, and the balance they leave; a
    /// provider: what the ICBs pay it for the lines it delivers against what delivering them costs, its planned
    /// position for everything else, and the balance they add up to (MODEL.md §9). Then, for either, the
    /// underlying and risk-adjusted positions.
    public static func organisation(_ o: Int, model: Model, projection p: Projection, scenario: String) -> TableView {
        let org = model.organisations[o], r = p.organisations[o], T = model.years
        func sum(_ f: (Int) -> Double) -> [Double] { (0..<T).map(f) }
        func held(_ values: [Double]) -> [Double] { sum { values.isEmpty ? 0 : values[min($0, values.count - 1)] } }
        let deficits = r.balance.indices.filter { r.balance[$0] < 0 }.map { model.yearLabel($0 + 1) }
        let balance = ReportTable.Row("Balance", unit: "£m", r.balance,
                                      note: deficits.isEmpty ? "breaks even every year" : "deficit in " + deficits.joined(separator: ", "),
                                      noteIsGood: deficits.isEmpty)
        var sections: [ReportTable.Section] = [], footer: [String] = []
        // The lines in each of the organisation's places (a model without places runs as one: the system's lines).
        func lines(_ place: Int?) -> [Projection.CategoryLine] { place.map { p.places[$0].categories } ?? p.categories }
        switch org.kind {
        case .commissioner:
            let places: [Int?] = model.places.isEmpty ? [nil] : model.places.indices.filter { org.places.contains(model.places[$0].id) }
            let income = sum { t in places.reduce(0) { $0 + ($1.map { p.places[$0].income[t] } ?? p.income[t]) } }
            let paid = model.categories.indices.map { c in sum { t in places.reduce(0) { $0 + lines($1)[c].payment[t] } } }
            let enablers = sum { t in income[t] - paid.reduce(0) { $0 + $1[t] } - r.balance[t] }
            var rows: [ReportTable.Row] = [.init("Income", unit: "£m", income)]
            let nonRecurrent = zip(r.balance, r.underlying).map { $0 - $1 }
            if nonRecurrent.contains(where: { abs($0) > 1e-9 }) {
                rows.append(.init("of which non-recurrent, net", unit: "£m", nonRecurrent, note: "deficit support less one-off spending"))
            }
            sections.append(.init("", rows))
            sections.append(.init("What it pays, by line", model.categories.indices.filter { c in paid[c].contains { abs($0) > 1e-9 } }
                .map { .init(model.categories[$0].id, unit: "£m", paid[$0]) }))
            var after: [ReportTable.Row] = []
            if enablers.contains(where: { abs($0) > 1e-9 }) { after.append(.init("Enablers' change in cost", unit: "£m", enablers)) }
            sections.append(.init("", after + [balance]))
            if !model.places.isEmpty { footer.append("Its places: " + org.places.joined(separator: ", ") + ". Its balance is its places' income less what it pays.") }
        case .provider:
            // Its share of each line's payment and outturn, place by place.
            var paid = [Double](repeating: 0, count: T), cost = paid, delivered: [String] = []
            for (c, cat) in model.categories.enumerated() {
                guard let byPlace = org.delivers.first(where: { $0.id == cat.id })?.value else { continue }
                for share in byPlace where share.value != 0 {
                    let place = model.places.firstIndex { $0.id == share.id }
                    if !model.places.isEmpty, place == nil { continue }
                    let line = lines(place)[c]
                    for t in 0..<T { paid[t] += share.value * line.payment[t]; cost[t] += share.value * line.outturn[t] }
                    delivered.append("\(NumberFormat.percent(share.value, maxDecimals: 1)) of \(cat.id)" + (place.map { " in \(model.places[$0].id)" } ?? ""))
                }
            }
            let plan = held(org.planPosition), support = held(org.support)
            // The JSON's keys stay those of a model with several ICBs.
            let several = model.organisations.filter { $0.kind == .commissioner }.count > 1
            var rows: [ReportTable.Row] = [.init(several ? "Paid by the ICBs" : "Paid by the ICB", unit: "£m", paid, key: "Paid by the ICBs"),
                                           .init("Cost of that care", unit: "£m", cost),
                                           .init(several ? "Gap on the ICBs' contracts" : "Gap on the ICB's contracts", unit: "£m",
                                                 zip(paid, cost).map { $0 - $1 }, key: "Gap on the ICBs' contracts"),
                                           .init(support.contains(where: { abs($0) > 1e-9 }) ? "Own plan before support" : "Own plan, all else",
                                                 unit: "£m", zip(plan, support).map { $0 - $1 }, note: "from its plan (show sources)", key: "Planned position, all else")]
            // Its planned position holds any deficit support (MODEL.md §9): shown beside it, so no 'of which' exceeds its total.
            if support.contains(where: { abs($0) > 1e-9 }) {
                rows.append(.init("Deficit support", unit: "£m", support, note: "non-recurrent: the underlying position leaves it out"))
            }
            sections.append(.init("", rows + [balance]))
            footer.append(delivered.isEmpty ? "It delivers none of the model's lines: its balance is its planned position."
                          : "It delivers " + delivered.joined(separator: ", ") + " (show sources). \(several ? "The ICBs pay" : "The ICB pays") it the line's budget, and a "
                            + "variable line's share of any difference; a gap is what it spends above what it is paid.")
        }
        var after: [ReportTable.Row] = [.init("Underlying", unit: "£m", r.underlying)]
        if zip(r.riskAdjusted, r.balance).contains(where: { abs($0 - $1) > 1e-9 }) { after.append(.init("Risk-adjusted", unit: "£m", r.riskAdjusted)) }
        if let h = r.mhisHeadroom { after.append(.init("MHIS headroom", unit: "£m", h.map { $0 ?? .nan }, note: "mental health investment standard; not judged in \(model.yearLabel(1))")) }
        sections.append(.init("", after))
        return TableView(ReportTable(title: "\(org.name) (\(org.id), \(org.kind.rawValue)), scenario \(scenario)", years: model.yearLabels,
                                     sections: sections, footer: footer), kind: "show")
    }

    /// `show risks`: the register as the scenario has it, each entry's impact by year (negative for a risk),
    /// with its probability and where it lands, then the expected total and the positions it adjusts.
    public static func risks(model: Model, projection p: Projection, scenario: String) -> Outcome {
        guard !p.risks.isEmpty else {
            return .text(TextView(kind: "show", fields: [("topic", ShowTopic.risks.rawValue)],
                                  text: "  the register is empty: add an entry with: risk ID £AMOUNT [on ORG] [PERIOD] [at P%]"))
        }
        var rows = registerRows(model: model, projection: p, expected: "Expected (probability × impact)")
        rows.append(.init("Balance, risk-adjusted", unit: "£m", p.riskAdjusted))
        let icbs = model.organisations.filter { $0.kind == .commissioner }.count
        rows.append(.init(icbs > 1 ? "ICBs' balance, risk-adjusted" : "ICB balance, risk-adjusted", unit: "£m", p.icbRiskAdjusted,
                          key: "ICB balance, risk-adjusted"))
        return .table(TableView(ReportTable(title: "Risk register, scenario \(scenario)", years: model.yearLabels, sections: [.init("", rows)]), kind: "show"))
    }

    /// The register as a scenario has it: each entry's impact if it happens, with its kind, where it lands and
    /// its probability, then the expected total under `expected` (`show risks` and the exports).
    static func registerRows(model: Model, projection p: Projection, expected: String) -> [ReportTable.Row] {
        let several = model.organisations.filter { $0.kind == .commissioner }.count > 1
        // A shared entry reaches each ICB by its places' income share (MODEL.md §9): said, so each can take its part.
        let split = model.organisations.indices.filter { model.organisations[$0].kind == .commissioner }.map {
            "\(model.organisations[$0].id) \(NumberFormat.percent(model.incomeShare(ofCommissioner: $0), maxDecimals: 0))"
        }.joined(separator: ", ")
        return p.risks.map { r in
            let on = r.organisation.map { model.organisations[$0].id } ?? (several ? "the ICBs by income share (\(split))" : "the ICB")
            return .init(r.id, unit: "£m", r.impact,
                         note: "\(r.kind.rawValue) on \(on), probability \(NumberFormat.percent(r.probability, maxDecimals: 1))\(r.recurrent ? "" : ", non-recurrent")")
        } + [.init(expected, unit: "£m", (0..<model.years).map { t in p.risks.reduce(0.0) { $0 + $1.probability * $1.impact[t] } })]
    }

    /// The mental health investment standard's headroom: each ICB's where the model has commissioners (the
    /// standard binds each), else the system's; NaN in a year it is not judged (year 1). Empty where the model
    /// has no line under the standard.
    static func headroomRows(model: Model, projection p: Projection, label: String) -> [ReportTable.Row] {
        guard let system = p.mhisHeadroom else { return [] }
        func values(_ h: [Double?]) -> [Double] { h.map { $0 ?? .nan } }
        let commissioners = model.organisations.indices.filter { p.organisations[$0].mhisHeadroom != nil }
        return commissioners.isEmpty
            ? [.init(label, unit: "£m", values(system))]
            : commissioners.map { .init("\(label), \(model.organisations[$0].id)", unit: "£m", values(p.organisations[$0].mhisHeadroom ?? [])) }
    }

    /// `show balance`: income, spend, the balance and its running sum.
    public static func balance(model: Model, projection p: Projection, scenario: String) -> TableView {
        TableView(ReportTable(title: "Balance, scenario \(scenario)", years: model.yearLabels, sections: [.init("", [
            .init("Income", unit: "£m", p.income), .init("Spend", unit: "£m", p.spend),
            .init("Balance", unit: "£m", p.balance), .init("Cumulative", unit: "£m", p.cumulative)])]), kind: "show")
    }

    /// `show icb-balance`: income, what the ICB pays, its balance and its running sum.
    public static func icbBalance(model: Model, projection p: Projection, scenario: String) -> TableView {
        // With several commissioners (the successor ICBs) the rows are theirs together, and each one's balance follows.
        let commissioners = model.organisations.indices.filter { model.organisations[$0].kind == .commissioner }
        let title = commissioners.count > 1 ? "The ICBs' position together, scenario \(scenario)" : "The ICB's position, scenario \(scenario)"
        var rows: [ReportTable.Row] = [
            .init("Income", unit: "£m", p.income), .init("Payments", unit: "£m", zip(p.income, p.icbBalance).map { $0 - $1 }),
            .init(commissioners.count > 1 ? "ICBs' balance" : "ICB balance", unit: "£m", p.icbBalance), .init("Cumulative", unit: "£m", p.icbCumulative)]
        if commissioners.count > 1 {
            rows += commissioners.map { .init("\(model.organisations[$0].id) balance", unit: "£m", p.organisations[$0].balance) }
        }
        // The JSON keeps its keys as they were (a reader keys on them); the commissioners' own balances are in
        // simulate's JSON and `show organisations`.
        let json = TableView(ReportTable(title: "The ICB's position, scenario \(scenario)", years: model.yearLabels, sections: [.init("", [
            .init("Income", unit: "£m", p.income), .init("Payments", unit: "£m", zip(p.income, p.icbBalance).map { $0 - $1 }),
            .init("ICB balance", unit: "£m", p.icbBalance), .init("Cumulative", unit: "£m", p.icbCumulative)])]), kind: "show").json()
        return TableView(ReportTable(title: title, years: model.yearLabels, sections: [.init("", rows)]), json: json, kind: "show")
    }

    /// `show METRIC`: the scenario's values with the target's status, and the baseline's beside them.
    public static func metric(_ k: Int, model: Model, projection p: Projection, baseline: Projection?, scenario: String) -> TableView {
        let m = model.metrics[k]
        let report = SimulationReport(model: model, projection: p, scenario: scenario, statementCount: 0)
        // Two decimals for a rate; whole numbers for counts in the thousands (as `simulate` shows them).
        let decimals = report.decimals(p.metrics[k].values + (baseline?.metrics[k].values ?? [])) == 0 ? 0 : 2
        var rows: [ReportTable.Row] = [.init(scenario, unit: m.unit, p.metrics[k].values, decimals: decimals, note: report.targetNote(m, p.metrics[k]), noteIsGood: report.targetsMet(p.metrics[k]))]
        if let baseline { rows.append(.init("baseline", unit: m.unit, baseline.metrics[k].values, decimals: decimals)) }
        return TableView(ReportTable(title: "\(m.name) (\(m.id)), scenario \(scenario)", years: model.yearLabels, sections: [.init("", rows)]), kind: "show")
    }

    /// `show prevention`: the prevention programmes' budgets together, the extra money, and each programme.
    public static func prevention(_ rows: [Int], model: Model, projection p: Projection, scenario: String) -> TableView {
        func total(_ f: (Projection.CategoryLine) -> [Double]) -> [Double] {
            (0..<model.years).map { t in rows.reduce(0) { $0 + f(p.categories[$1])[t] } }
        }
        return TableView(ReportTable(title: "Prevention programmes together (\(rows.count)), scenario \(scenario)", years: model.yearLabels,
                                     sections: [.init("", [.init("Budget", unit: "£m", total(\.budget)),
                                                           .init("Extra money", unit: "£m", (0..<model.years).map { t in rows.reduce(0) { $0 + p.extra[$1][t] } })]
                                                      + rows.map { .init(model.categories[$0].id, unit: "£m", p.categories[$0].budget) })]), kind: "show")
    }

    /// `show CATEGORY`: the line's six figures and the scenario's extra money; for a line under the mental
    /// health investment standard, the standard's headroom (all its lines together), each ICB's where there are
    /// commissioners, since the standard binds each.
    public static func category(_ c: Int, model: Model, projection p: Projection, scenario: String) -> TableView {
        let l = p.categories[c]
        // "Savings" alone reads as a CIP: these are what investment (prevention, returns) saves on the line.
        var sections: [ReportTable.Section] = [.init("", [.init("Budget", unit: "£m", l.budget), .init("Outturn", unit: "£m", l.outturn),
                                                          .init("Unmet", unit: "£m", l.unmet),
                                                          .init("Savings from investment", unit: "£m", l.savings, key: "Savings"),
                                                          .init("ICB payment", unit: "£m", l.payment),
                                                          .init("Provider gap", unit: "£m", l.providerGap),
                                                          .init("Extra money", unit: "£m", p.extra[c])])]
        var footer: [String] = []
        let rows = model.categories[c].growsWithIncome ? headroomRows(model: model, projection: p, label: "Headroom") : []
        if !rows.isEmpty {
            sections.append(.init("Mental health investment standard (every line that grows with income, together)", rows))
            footer.append("Headroom is spending on those lines above what growing with income requires; below 0 the standard is missed. "
                          + "It is not judged in \(model.yearLabel(1)), the year it grows from.")
        }
        return TableView(ReportTable(title: "\(model.categories[c].name) (\(model.categories[c].id)), scenario \(scenario)", years: model.yearLabels,
                                     sections: sections, footer: footer), kind: "show")
    }

    /// `show ENABLER`: its level and the change in its cost.
    public static func enabler(_ e: Int, model: Model, projection p: Projection, scenario: String) -> TableView {
        TableView(ReportTable(title: "\(model.enablers[e].name) (\(model.enablers[e].id)), scenario \(scenario)", years: model.yearLabels,
                              sections: [.init("", [.init("Level", unit: "%", p.enablers[e].level.map { $0 * 100 }, decimals: 0),
                                                    .init("Change in cost", unit: "£m", p.enablers[e].cost)])]), kind: "show")
    }

    /// A scenario's statements, as `show levers` and `show scenario` list them.
    public struct Scenario: Sendable {
        public var name: String, parent: String?, statements: [String], inherited: Int, stale: Bool
        public init(name: String, parent: String?, statements: [String], inherited: Int, stale: Bool) {
            self.name = name; self.parent = parent; self.statements = statements; self.inherited = inherited; self.stale = stale
        }
    }

    /// `show levers`: the statements, numbered, marking those that came from the parent.
    public static func levers(_ s: Scenario) -> TextView {
        topic(.levers, s.statements.isEmpty ? "  '\(s.name)' has no statements"
            : s.statements.enumerated().map { "  \($0 + 1). \($1)" + ($0 < s.inherited ? "   (from \(s.parent ?? ""))" : "") }.joined(separator: "\n"))
    }

    /// `show scenario`: where it came from, its statements, and the objective as it stands.
    public static func scenario(_ s: Scenario, model: Model, projection p: Projection) -> TextView {
        let report = SimulationReport(model: model, projection: p, scenario: s.name, statementCount: s.statements.count)
        return topic(.scenario, "  scenario '\(s.name)'" + (s.parent.map { ", made from '\($0)'" } ?? "")
            + ", \(s.statements.count) statement\(s.statements.count == 1 ? "" : "s")"
            + (s.stale ? ", stale (not simulated since its last change)" : "")
            + s.statements.enumerated().map { "\n    \($0 + 1). \($1)" }.joined()
            + "\n  " + report.objectiveLine(below: false))
    }

    static func topic(_ t: ShowTopic, _ text: String) -> TextView {
        TextView(kind: "show", fields: [("topic", t.rawValue)], text: text, wraps: true)
    }

    /// A list of the model's as a `show` topic: fitted to the width at the terminal, rows in CSV and Markdown.
    public static func list(_ t: ShowTopic, _ l: ModelViews.List) -> ColumnsView {
        ColumnsView(kind: "show", fields: [("topic", t.rawValue)], header: l.header, rows: l.rows)
    }
}

/// `show sources`: how much of the model rests on estimates, then each source by its status (sourced, derived,
/// estimate: a plain citation is sourced), its key and its citation indented under it, wrapped to the
/// terminal. In JSON the same text unwrapped, so what a script reads never depends on the terminal's width.
public struct SourcesView: Rendering, Sendable {
    public var sources: [(key: String, cite: String, status: Model.SourceStatus)]
    /// The share of the first year's spending lines, of its income and of the metrics' baselines whose
    /// source is an estimate (nil where the model has none of that kind).
    public var estimated: (spend: Double?, income: Double?, metrics: (Int, Int))

    /// With `about`, only the sources whose key names that id (`categories[acute].base`, `places[west-essex]…`,
    /// `uncertainty[acute.demand-growth]`): `show sources ID`.
    public var about: String?

    public init(_ model: Model, about: String? = nil) {
        self.about = about
        sources = model.sources.map { ($0.id, $0.value, model.sourceStatus[$0.id] ?? .sourced) }.filter { s in
            guard let about else { return true }
            return s.key.contains("[\(about)]") || s.key.contains("[\(about).") || s.key.contains(".\(about)]") || s.key == about
                || s.key.hasPrefix(about + ".")
        }
        func share(_ items: [(path: String, amount: Double)]) -> Double? {
            let total = items.reduce(0.0) { $0 + $1.amount }
            guard total > 0 else { return nil }
            return items.filter { model.status(of: $0.path) == .estimate }.reduce(0.0) { $0 + $1.amount } / total
        }
        let spend = share(model.categories.map { ("categories[\($0.id)].base", $0.base) })
        let income = model.streams.isEmpty ? share([("income.base", model.incomeBase)])
            : share(model.streams.map { ("income.streams[\($0.id)]." + ($0.base != nil ? "base" : "amounts"), $0.base ?? $0.amounts?.first ?? 0) })
        let metrics = model.metrics.filter { model.status(of: "metrics[\($0.id)].base") == .estimate }.count
        estimated = (spend, income, (metrics, model.metrics.count))
    }

    func lines(width: Int?) -> String {
        if sources.isEmpty { return about.map { "  no source names '\($0)' (show sources lists them all)" } ?? "  the model lists no sources" }
        func wrap(_ s: String, _ indent: String) -> [String] { width.map { Wrap.lines(s, width: $0, indent: indent) } ?? [s] }
        func percent(_ x: Double?) -> String { x.map { NumberFormat.percent($0, maxDecimals: 0) } ?? "none" }
        var out = about != nil ? wrap("Sources naming \(about!) (\(sources.count)):", "  ") : wrap("Estimates: \(percent(estimated.spend)) of the first year's spending lines, \(percent(estimated.income)) of its income, "
                       + "\(estimated.metrics.0) of \(estimated.metrics.1) metrics' baselines (by each number's source; a plain citation counts as sourced).", "  ")
        for status in Model.SourceStatus.allCases {
            let group = sources.filter { $0.status == status }
            guard !group.isEmpty else { continue }
            out.append("\(status.rawValue.prefix(1).uppercased() + status.rawValue.dropFirst()) (\(group.count)):")
            for s in group { out += ["  " + s.key + ":"] + wrap("      " + s.cite, "      ") }
        }
        return out.joined(separator: "\n")
    }

    public func text(width: Int, style: Style) -> String { lines(width: width) }
    public func json() -> String { TextView(kind: "show", fields: [("topic", ShowTopic.sources.rawValue)], text: lines(width: nil)).json() }
    public func sheet(style: Style) -> Sheet? { ListTable(header: ["source", "status", "citation"], rows: sources.map { [$0.key, $0.status.rawValue, $0.cite] }) }
}

/// `show assumptions`: each assumption's value (per-year ones for years 2 on), whether the scenario sets it,
/// what it is, and its uncertainty; two lines an assumption so it reads at 80 columns. JSON holds the same
/// text unwrapped.
public struct AssumptionsView: Rendering, Sendable {
    public struct Row: Sendable {
        public var id: String
        /// The value, or each year's from the second for a per-year assumption.
        public var values: [Double]
        public var kind: ValueKind
        public var isSet: Bool
        /// Low, mode and high of its uncertainty (offsets for a per-year assumption).
        public var range: (low: Double, mode: Double, high: Double)?
        public var perYear: Bool
        public var summary: String
        public init(id: String, values: [Double], kind: ValueKind, isSet: Bool, range: (low: Double, mode: Double, high: Double)?, perYear: Bool, summary: String) {
            self.id = id; self.values = values; self.kind = kind; self.isSet = isSet; self.range = range; self.perYear = perYear; self.summary = summary
        }
    }
    public var scenario: String
    public var rows: [Row]
    public init(scenario: String, rows: [Row]) { self.scenario = scenario; self.rows = rows }

    func lines(width: Int?) -> String {
        func wrap(_ s: String, _ indent: String) -> [String] { width.map { Wrap.lines(s, width: $0, indent: indent) } ?? [s] }
        let idWidth = min(30, rows.map { $0.id.count }.max() ?? 10)
        var out = wrap("Assumptions, scenario \(scenario): the value (per-year ones for years 2 on), what it is, and its uncertainty low / mode / high", "")
        for r in rows {
            let show = r.kind.plain
            let range = r.range.map { (r.perYear ? "offset " : "") + "\(show($0.low)) / \(show($0.mode)) / \(show($0.high))" } ?? ""
            // A long horizon's values wrap under themselves.
            out += wrap("  " + r.id.padding(idWidth) + "  " + r.values.map(show).joined(separator: " ") + (r.isSet ? "  (set)" : ""),
                        String(repeating: " ", count: idWidth + 4))
            out += wrap("      " + r.summary + (range.isEmpty ? "" : "; uncertain: " + range), "        ")
        }
        return out.joined(separator: "\n")
    }

    public func text(width: Int, style: Style) -> String { lines(width: width) }
    public func json() -> String { TextView(kind: "show", fields: [("topic", ShowTopic.assumptions.rawValue)], text: lines(width: nil)).json() }
    public func sheet(style: Style) -> Sheet? { TextSheet(text: lines(width: nil)) }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
