import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `report "FILE" [NAME…] [replace]`: the board report. The session computes the values (projections, the
/// explanation, Monte Carlo, sensitivity, actuals); BoardReport draws them.
extension Session {
    /// Draws of the report's Monte Carlo section (seed 1, like `montecarlo`).
    static let reportDraws = 2000

    func report(_ file: String, scenarios names: [Name], replace: Bool, _ range: SourceRange) throws {
        try refuseDuplicates(names)
        let chosen = names.isEmpty ? [currentName] : names.map(\.text)
        let shown = ["baseline"] + chosen.filter { $0 != "baseline" }
        let html = boardReport(shown).html()
        try writeFile(file, Array(html.utf8), replace: replace, range, statement: "report")
        confirm(.reportWritten(scenarios: shown, file: file))
    }

    func boardReport(_ names: [String]) -> BoardReport {
        let years = model.yearLabels, T = model.years
        let runs = names.map { projection(of: scenario($0)!) }
        let states = names.map { scenario($0)! }
        let scenarios = zip(states, runs).map { s, p in
            BoardReport.Scenario(name: s.name, statements: s.statements.map(\.text), balance: p.balance, icbBalance: p.icbBalance,
                                 cumulative: p.cumulative, icbCumulative: p.icbCumulative, income: p.income, spend: p.spend)
        }
        let groups = SimulationReport(model: model, projection: runs[0], scenario: names[0], statementCount: 0).metricGroups()
        let priorities = groups.map { group in
            BoardReport.Priority(title: group.title, metrics: group.metrics.map { k in
                let m = model.metrics[k]
                return BoardReport.Metric(id: m.id, name: m.name, unit: m.unit, higherIsBetter: m.better == .higher,
                                          target: m.target?.value, targetYear: m.target.map { model.yearLabel($0.year - model.firstYear + 1) },
                                          series: zip(names, runs).map { BoardReport.Series($0, $1.metrics[k].values) })
            })
        }
        // The focus: the last scenario named (the first one that is not baseline), whose analyses the report shows.
        let focus = names.count > 1 ? names.last! : names[0]
        let focusRun = runs[names.firstIndex(of: focus)!]
        let placeBalances = model.places.enumerated().map { BoardReport.Series("\($1.name) (\(focus))", focusRun.places[$0].balance) }
        let placeGaps = model.metrics.enumerated().compactMap { k, m in
            focusRun.metrics[k].gap.map { BoardReport.Series(m.name, $0) }
        }
        var explanation: (title: String, total: Double, shares: [BoardReport.Share])?
        let state = scenario(focus)!
        if !state.levers.isEmpty, let (shares, total) = shapley(ResolvedTarget.balance, year: T - 1, fixed: [], players: state.levers) {
            explanation = (BoardReport.explanationTitle(year: years[T - 1], scenario: focus, sampled: state.levers.count > Shapley.exactLimit),
                           total, zip(state.statements, shares).map { BoardReport.Share($0.text, $1) })
        }
        let focusPlan = plan(of: state)
        let mc = runMonteCarlo(draws: Session.reportDraws, seed: 1, plan: focusPlan)
        let band = mc.map { r -> BoardReport.Band in
            var b = BoardReport.Band(p10: r.balance[0], p50: r.balance[1], p90: r.balance[2], pBalanced: r.pBalanced, pIcbBalanced: r.pIcbBalanced)
            b.scenario = focus
            b.planned = project(focusPlan).balance[T - 1]
            b.modesAwayFromPlan = modesAwayFromPlan(focusPlan)
            b.skewedRanges = skewedRanges(focusPlan)
            return b
        }
        let swings = sensitivityRows(ResolvedTarget.balance, year: T - 1, plan: focusPlan)
            .map { BoardReport.Swing($0.id, low: $0.low, high: $0.high) }
        let (varianceYears, items) = varianceItems(plan: focusPlan)
        let variances = items.map { i in
            BoardReport.Variance(item: i.item + (i.place.map { " in \(model.places[$0].name)" } ?? ""),
                                 years: varianceYears.map(model.yearLabel), actual: i.actual, plan: i.projected)
        }
        let params = plan(of: state).params
        let assumptions = Assumption.all(in: model).filter { $0.hasEffect(in: model) }.map { a in
            let offset = compiled.offset(of: a)
            let values = a.isPerYear ? (1..<max(2, T)).filter { $0 < T }.map { params[offset + $0] } : [params[offset]]
            return (label: a.id(in: model) + " — " + a.summary(in: model), values: values, kind: a.valueKind)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for s in states { for b in (s.name + "\n" + s.statements.map(\.text).joined(separator: "\n")).utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 } }
        let scriptHash = String(hash, radix: 16)
        return BoardReport(
            title: BoardReport.title(model: model.name, scenarios: names), purpose: BoardReport.purpose(years: years),
            modelName: model.name, modelHash: ModelHash.hex(model), scriptHash: String(repeating: "0", count: 16 - scriptHash.count) + scriptHash,
            version: Version.text, date: host.today(), seed: 1, draws: Session.reportDraws, years: years, scenarios: scenarios,
            priorities: priorities, placeBalances: placeBalances, placeGaps: placeGaps, explanation: explanation, monteCarlo: band,
            sensitivity: swings, sensitivityTitle: BoardReport.sensitivityTitle(year: years[T - 1], scenario: focus),
            variances: variances, assumptions: assumptions, sources: model.sources.map { ($0.id, $0.value) })
    }
}
