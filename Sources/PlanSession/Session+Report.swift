import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `report "FILE" [NAME…] [replace]`: the board report. The session computes the values (projections, the
/// explanation, Monte Carlo, sensitivity, actuals); BoardReport draws them.
extension Session {
    func report(_ file: String, scenarios names: [Name], replace: Bool, _ range: SourceRange) throws {
        try refuseDuplicates(names)
        // The report is a web page: a name that promises another format would open as garbage.
        if let ext = foreignExtension(file, allowed: ["html", "htm"]) {
            throw refuse("report writes an HTML page, not .\(ext)", range,
                         ["name it .html: " + (["report \"\(file.dropLast(ext.count))html\""] + names.map(\.text)).joined(separator: " ") + (ext == "pdf" ? "; print it to PDF from the browser" : "")], id: .file)
        }
        let chosen = names.isEmpty ? [currentName] : names.map(\.text)
        let shown = ["baseline"] + chosen.filter { $0 != "baseline" }
        let html = boardReport(shown).html()
        try writeFile(file, Array(html.utf8), replace: replace, range, statement: "report", scenarios: names.map(\.text))
        confirm(.reportWritten(scenarios: shown, file: resolve(file)))
    }

    /// The report of `names` (baseline first). Monte Carlo draws as many times as `montecarlo` does by
    /// default, with seed 1, so the report and the prompt quote the same medians.
    func boardReport(_ names: [String]) -> BoardReport {
        let years = model.yearLabels, T = model.years
        let states = names.map { scenario($0)! }
        let runs = states.map { projection(of: $0) }
        let organisations = model.organisations.indices.sorted { (model.organisations[$0].kind == .commissioner ? 0 : 1, $0) < (model.organisations[$1].kind == .commissioner ? 0 : 1, $1) }
        let commissioners = model.organisations.filter { $0.kind == .commissioner }.count
        var scenarios: [BoardReport.Scenario] = []
        for (s, p) in zip(states, runs) {
            var sc = BoardReport.Scenario(name: s.name, statements: s.statements.map(\.text),
                                          description: s.statements.compactMap(describe),
                                          balance: p.balance, icbBalance: p.icbBalance, cumulative: p.cumulative, icbCumulative: p.icbCumulative,
                                          income: p.income, spend: p.spend)
            if model.isVersion3 { sc.underlying = p.underlying; sc.riskAdjusted = p.riskAdjusted }
            sc.organisations = organisations.map { BoardReport.Series(model.organisations[$0].name, p.organisations[$0].balance) }
            if !model.organisations.isEmpty { sc.otherProviders = p.otherProviders }
            sc.commissioners = commissioners
            sc.mhisHeadroom = p.mhisHeadroom
            sc.mhisByCommissioner = organisations.compactMap { o in
                p.organisations[o].mhisHeadroom.map { (model.organisations[o].name, $0) }
            }
            let plan = plan(of: s)
            if let r = runMonteCarlo(draws: Limits.defaultDraws, seed: 1, plan: plan, label: "report: '\(s.name)', Monte Carlo") {
                var b = BoardReport.Band(p10: r.balance[0], p50: r.balance[1], p90: r.balance[2], pBalanced: r.pBalanced, pIcbBalanced: r.pIcbBalanced)
                b.planned = p.balance[T - 1]
                b.pEveryYear = r.balancedEveryYear
                b.modesAwayFromPlan = modesAwayFromPlan(plan)
                b.skewedRanges = skewedRanges(plan)
                b.pOrganisations = organisations.map { r.pOrganisationBalanced.indices.contains($0) ? r.pOrganisationBalanced[$0] : [] }
                sc.band = b
            }
            sc.swings = sensitivityRows(ResolvedTarget.balance, year: T - 1, plan: plan).map { BoardReport.Swing($0.id, low: $0.low, high: $0.high) }
            if s.name != names[0], !s.levers.isEmpty,
               let (shares, _) = shapley(ResolvedTarget.balance, year: T - 1, fixed: [], players: s.levers) {
                sc.shares = zip(s.statements, shares).map { BoardReport.Share($0.text, $1) }
                sc.sharesSampled = s.levers.count > Shapley.exactLimit
            }
            sc.places = model.places.enumerated().map { BoardReport.Series($1.name, p.places[$0].balance) }
            // A gap whose place figures start from estimates says so beside its name (BoardReport.places reads it).
            sc.gaps = model.metrics.enumerated().compactMap { k, m in
                p.metrics[k].gap.map { BoardReport.Series(m.name + (model.placeBaselinesEstimated(k) ? BoardReport.estimatedMark : ""), $0) }
            }
            scenarios.append(sc)
        }
        let groups = SimulationReport(model: model, projection: runs[0], scenario: names[0], statementCount: 0).metricGroups()
        let priorities = groups.map { group in
            BoardReport.Priority(title: group.title, metrics: group.metrics.map { k in
                let m = model.metrics[k]
                var metric = BoardReport.Metric(id: m.id, name: m.name, unit: m.unit, higherIsBetter: m.better == .higher,
                                                target: m.target?.value, targetYear: m.target.map { model.yearLabel($0.year - model.firstYear + 1) },
                                                series: zip(names, runs).map { BoardReport.Series($0, $1.metrics[k].values) })
                metric.targets = m.targets.map { ($0.value, model.yearLabel($0.year - model.firstYear + 1)) }
                return metric
            })
        }
        let (varianceYears, items) = varianceItems(plan: plan(of: states[0]))
        let variances = items.map { i in
            BoardReport.Variance(item: itemName(i.item) + (i.place.map { " in \(model.places[$0].name)" } ?? ""),
                                 years: varianceYears.map(model.yearLabel), actual: i.actual, plan: i.projected)
        }
        let estimated = SourcesView(model).estimated
        let warning = BoardReport.Warning(
            spend: estimated.spend, income: estimated.income, metrics: estimated.metrics,
            commissioners: model.organisations.filter { $0.kind == .commissioner }.map { StatementWords.phrase($0.name) },
            providers: model.organisations.filter { $0.kind == .provider }.count, modelVersion: model.isVersion3 ? 3 : 2)
        // Each scenario's own register (its `risk` and `mitigation` statements included), merged.
        let risks = BoardReport.Risk.merged(zip(names, runs).map { name, run in
            (name, run.risks.map { r in
                BoardReport.Risk(name: model.riskIndex(r.id).map { model.risks[$0].name } ?? r.id,
                                 lands: r.organisation.map { StatementWords.phrase(model.organisations[$0].name) } ?? "the ICBs by income share",
                                 mitigation: r.kind == .mitigation, probability: r.probability, impact: r.impact.indices.contains(T - 1) ? r.impact[T - 1] : (r.impact.last ?? 0))
            })
        })
        // The assumptions a board reads first: those the scenarios set, then those the balance swings with most.
        let params = plan(of: states[0]).params
        var chosen: [Assumption] = []
        for s in states { for l in s.statements { if case let .set(id, _, _)? = l.lever, let a = Assumption.resolve(id.text, in: model), !chosen.contains(a) { chosen.append(a) } } }
        for w in scenarios[0].swings.prefix(10) { if let a = Assumption.resolve(w.assumption, in: model), !chosen.contains(a) { chosen.append(a) } }
        let assumptions = chosen.map { a in
            let offset = compiled.offset(of: a)
            let values = a.isPerYear ? (1..<max(2, T)).filter { $0 < T }.map { params[offset + $0] } : [params[offset]]
            return (label: a.id(in: model) + " — " + a.summary(in: model), values: values, kind: a.valueKind)
        }
        let scriptHash = Provenance.scriptHash(states.map { ($0.name, $0.statements.map(\.text)) })
        var report = BoardReport(
            title: BoardReport.title(model: model.name, scenarios: names), purpose: BoardReport.purpose(years: years),
            modelName: model.name, modelHash: modelHash, scriptHash: scriptHash,
            version: Version.text, date: host.today(), seed: 1, draws: Limits.defaultDraws, years: years, scenarios: scenarios,
            priorities: priorities, warning: warning, risks: risks, variances: variances, assumptions: assumptions,
            sources: model.sources.map { ($0.id, (model.sourceStatus[$0.id] ?? .sourced).rawValue) })
        report.varianceScenario = names[0]
        report.actualsHash = ModelHash.hex(actuals)
        for sc in scenarios { for w in sc.swings where report.assumptionWords[w.assumption] == nil {
            if let a = Assumption.resolve(w.assumption, in: model) { report.assumptionWords[w.assumption] = a.summary(in: model) }
        } }
        return report
    }

    /// A statement in plain English; a `set` of a number says what the model's plan had, so a board sees the
    /// size of the change ("a savings rate (CIP) of 1.2% from 2027/28, against the model's 3.19%").
    func describe(_ statement: Statement) -> String? {
        guard let lever = statement.lever else { return nil }
        var words = StatementWords.describe(lever, in: model)
        if case let .set(id, .number, period) = lever, let a = Assumption.resolve(id.text, in: model) {
            let t = a.isPerYear ? max(1, (period?.first.year ?? 2) - 1) : 0
            let value = Plan(compiled).params[compiled.offset(of: a) + min(t, a.isPerYear ? model.years - 1 : 0)]
            words += ", against the model's \(a.valueKind.plain(value))"
        }
        return words
    }

    /// An actuals item as a board reads it: the model's name for an id.
    func itemName(_ id: String) -> String {
        switch id {
        case "balance": return "System balance"
        case "icb-balance": return "ICB balance"
        default:
            if let o = model.organisationIndex(id) { return StatementWords.phrase(model.organisations[o].name) }
            if let c = model.categoryIndex(id) { return model.categories[c].name + " (outturn)" }
            if let k = model.metricIndex(id) { return model.metrics[k].name }
            return id
        }
    }
}
