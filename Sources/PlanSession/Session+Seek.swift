import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `seek`: the largest or smallest value of one lever meeting a condition, or the value that maximises
/// or minimises a metric subject to it. Scan the range, then refine on the reporting grid, so the value
/// reported meets the condition and one grid step further does not.
extension Session {
    /// A lever sought: its reporting grid, how a value becomes a lever, and how it reads.
    struct SeekSpace {
        var grid: LeverSearch.Grid
        var unit: String
        var make: (Double) -> Lever
        var lever: SoughtLever
        var low: Double { get { grid.low } set { grid.low = newValue } }
        var high: Double { grid.high }
        var step: Double { grid.step }
        var first: Int { grid.first }
        var count: Int { grid.count }
        func value(_ k: Int) -> Double { grid.value(k) }
    }

    func seekSpace(_ seek: Seek) throws -> SeekSpace {
        let ws = workspace
        var placeIndex: Int?
        func minCost(_ side: Side, _ years: Range<Int>) -> Double {
            Engine.run(compiled, currentPlanCached, into: ws)
            return years.map { Engine.sideCost(compiled, side, place: placeIndex, $0 - 1, ws) }.min() ?? 0
        }
        func bounds(_ q: (Quantity, Quantity)?, percentAllowed: Bool, moneyAllowed: Bool) throws -> (Double, Double)? {
            guard let (a, b) = q else { return nil }
            for x in [a, b] {
                if x.unit == .percent && !percentAllowed { throw refuse("this lever is sought as money, not a percentage", x.range, ["write the range in £m"], id: .wrongUnit) }
                if x.unit == .money && !moneyAllowed { throw refuse("this lever is not money", x.range, [], id: .wrongUnit) }
            }
            return (a.value, b.value)
        }
        switch seek.lever {
        case let .shift(from, to, placeName, period):
            let years = self.years(period)
            let place = self.place(placeName)
            placeIndex = place
            let range = try bounds(seek.between, percentAllowed: false, moneyAllowed: true) ?? (0, minCost(side(from), years))
            return SeekSpace(grid: .init(low: range.0, high: range.1, step: 0.01), unit: "£m",
                             make: { .flow(Flow(amount: $0, isPercent: false, from: self.side(from), to: self.side(to), years: years, place: place)) },
                             lever: SoughtLever(.shift(from: from.text, to: to.text), place: placeName?.text, period: periodText(period)))
        case let .invest(into, placeName, period):
            let years = self.years(period)
            let place = self.place(placeName)
            placeIndex = place
            let range = try bounds(seek.between, percentAllowed: false, moneyAllowed: true) ?? (0, minCost(side(into), years))
            return SeekSpace(grid: .init(low: range.0, high: range.1, step: 0.01), unit: "£m",
                             make: { .flow(Flow(amount: $0, isPercent: false, from: nil, to: self.side(into), years: years, place: place)) },
                             lever: SoughtLever(.invest(into: into.text), place: placeName?.text, period: periodText(period)))
        case let .level(enabler, period):
            if let (a, b) = seek.between, let bare = [a, b].first(where: { $0.unit != .percent }) {
                throw refuse("a level's range is a percentage", bare.range, ["write it like 'between 50% and 150%'"], id: .wrongUnit)
            }
            if let (a, b) = seek.between, let outside = [a, b].first(where: { !(0...2).contains($0.value) }) {
                throw refuse("a level lies from 0% to 200%", outside.range, ["100% is the level as planned"], id: .levelOutOfRange)
            }
            let e = model.enablerIndex(enabler.text)!, years = self.years(period)
            let range = try bounds(seek.between, percentAllowed: true, moneyAllowed: false) ?? (0, 2)
            return SeekSpace(grid: .init(low: max(0, range.0), high: min(2, range.1), step: 0.001), unit: "%",
                             make: { .level(enabler: e, value: $0, years: years) },
                             lever: SoughtLever(.level(enabler: enabler.text), period: periodText(period)))
        case let .assumption(name, period), let .outturn(name, period):
            var outturn = false
            if case .outturn = seek.lever { outturn = true }
            let a = Assumption.resolve(name.text, in: model)!
            if outturn { try refuseOutturnOfProbability(a, name) }
            let years: Range<Int>? = a.isPerYear ? self.years(period) : nil
            let plan = currentPlanCached
            let offset = compiled.offset(of: a)
            let current = plan.params[offset + (a.isPerYear ? max(0, (years?.lowerBound ?? 2) - 1) : 0)]
            // LANGUAGE.md, seek: `between` values are read as a `set` of the assumption reads them (a rate
            // needs its %); with no `between`, the uncertainty entry's range; with neither, nothing is guessed.
            var range: (Double, Double)
            if let (x, y) = seek.between {
                for q in [x, y] { try checkUnit(a, q) }
                range = (x.value, y.value)
            } else if let u = model.uncertainty.first(where: { $0.assumption == name.text }) {
                range = a.isPerYear ? (current + u.low, current + u.high) : (u.low, u.high)
            } else {
                let example = a.valueKind == .money ? "between £0m and £20m" : a.field == .probability || a.field == .cashable ? "between 0% and 100%" : a.isRate ? "between 0% and 5%" : "between 0 and 2"
                throw refuse("'\(name.text)' has no uncertainty entry to give the range to search: say it with 'between LOW and HIGH'", name.range,
                             ["e.g. seek \(outturn ? "outturn " : "")\(name.text) \(example) such that …"])
            }
            if a.field == .cashable || a.field == .probability { range = (Swift.max(0, range.0), Swift.min(1, range.1)) }
            // The reporting grid and unit (LANGUAGE.md, seek): £0.01m for money, 0.01 percentage points for
            // rates and probabilities (reported in %), 0.0001 for scales and a metric's units.
            let money = a.valueKind == .money
            let step = money ? 0.01 : 0.0001
            return SeekSpace(grid: .init(low: range.0, high: range.1, step: step), unit: money ? "£m" : a.isRate ? "%" : "",
                             make: { outturn ? .outturn(a, value: $0, ofPlan: false, years: years) : .assumption(a, value: $0, years: years) },
                             lever: SoughtLever(outturn ? .outturn(name.text, a.valueKind) : .assumption(name.text, a.valueKind), period: periodText(period)))
        }
    }

    /// Why seek would not accept a run, in words; nil when it would.
    func whyRejected(_ p: Projection, _ condition: Condition, ignoringRules: Bool) -> String? {
        if let why = condition.failure(p) { return why }
        if !ignoringRules, let b = p.breaches.first { return b.sentence(model) }
        return nil
    }

    /// A grid value as a percentage without binary noise: k steps of 0.01 points reads 3.69, not 3.6900000000000004.
    func percent(_ value: Double, step: Double) -> Double { (value / step).rounded() / (1 / (step * 100)).rounded() }

    func periodText(_ p: Period?) -> String {
        guard let p else { return "" }
        switch p.form {
        case .single: return " in \(model.yearLabel(p.first.year))"
        case .from: return " from \(model.yearLabel(p.first.year))"
        case .range: return " \(model.yearLabel(p.first.year))..\(model.yearLabel(p.last!.year))"
        }
    }

    // seek …
    func seek(_ seek: Seek, _ statement: Statement) throws {
        try Condition.validate(seek.condition, model)
        noTargetWarnings(seek.condition)
        var space = try seekSpace(seek)
        // A lever that acts in no year (a one-year model, no period) has nothing to seek: say why, not "no value".
        let probe = space.make(space.high)
        if probe.years?.isEmpty == true, let why = noEffectWarning(probe) {
            throw refuse("nothing to seek: the lever \(why)", statement.range, ["give a period, or a longer horizon with 'model horizon N'"])
        }
        if case .shift = seek.lever { space.low = Swift.max(0, space.low) }
        guard space.low.isFinite, space.high.isFinite, space.low <= space.high else {
            throw refuse("the search range \(space.lever.value(space.low)) to \(space.lever.value(space.high)) is empty for this lever", statement.range,
                         ["levels lie from 0% to 200%, shares from 0% to 100%, and a shift moves a positive amount"])
        }
        // Every grid index must be a whole number an Int holds: values far from zero are refused, not converted.
        guard max(abs(space.low), abs(space.high)) / space.step <= 1e15 else {
            throw refuse("the search range \(space.lever.value(space.low)) to \(space.lever.value(space.high)) lies too far from zero to search in steps of \(space.lever.value(space.step))",
                         statement.range, ["give a range nearer zero with 'between LOW and HIGH'"])
        }
        guard (space.high - space.low) / space.step <= 1e8 else {
            throw refuse("the search range is too wide for steps of \(space.lever.value(space.step))", statement.range,
                         ["narrow it with 'between LOW and HIGH'"])
        }
        guard Double(space.first) * space.step <= space.high + space.step * 1e-9 else {
            throw refuse("the search range \(space.lever.value(space.low)) to \(space.lever.value(space.high)) is narrower than one step of \(space.lever.value(space.step))",
                         statement.range, ["widen it with 'between LOW and HIGH'"])
        }
        let condition = try Condition(terms: seek.condition, model: model)
        let plan0 = Plan(compiled, levers: current.levers)
        let ws = workspace
        let goal: LeverSearch.Goal = seek.objective != nil ? .optimum : seek.direction == .largest ? .largest : .smallest
        let objectiveTarget = try seek.objective.map { try ResolvedTarget($0.metric, in: model) }
        // Each probe is judged in place in the workspace: nothing is copied or allocated per run.
        let outcome = LeverSearch.run(compiled, plan0, grid: space.grid, goal: goal, lever: space.make, workspace: ws) { _, ws in
            if host.interrupted { return nil }
            let run = FinishedRun(compiled, ws, standardOff: plan0.standardOff)
            var objective = 0.0
            if let o = seek.objective, let r = objectiveTarget {
                objective = run.value(r, (o.year?.year ?? model.years) - 1) * (o.goal == .maximizing ? 1 : -1)
            }
            return .init(accepted: condition.holds(run) && (seek.ignoringRules || !run.breaksARule),
                         objective: objective)
        }
        let n = space.count
        if outcome == .cancelled {
            acknowledgeInterrupt()
            throw refuse("seek interrupted; nothing changed", statement.range)
        }
        let leverName = space.lever.name
        let range = (low: space.lever.value(space.low), high: space.lever.value(space.high))
        func projection(_ k: Int) -> Projection {
            var plan = plan0
            plan.apply(space.make(space.value(k)), compiled)
            return Projection(compiled, plan, workspace: ws)
        }
        guard case .found(let k) = outcome else {
            var view = SeekView(scenario: currentName, lever: leverName, unit: space.unit, low: range.low, high: range.high,
                                defaultRange: seek.between == nil, rulesHold: !seek.ignoringRules, found: nil)
            // Why not, at each end of the range: the user sees whether the range or the condition is at fault.
            view.atEnds = Set([0, n]).sorted().map { end in
                "at \(space.lever.value(space.value(end))): " + (whyRejected(projection(end), condition, ignoringRules: seek.ignoringRules) ?? "the condition holds")
            }
            // 'meets target' of a target judged from the year under way: no statement moves that year, so it
            // cannot hold whatever the lever; say so, and what can be sought instead.
            let ends = [projection(0), projection(n)]
            for case let .meetsTarget(name, _) in seek.condition {
                guard let k = model.metricIndex(name.text) else { continue }
                let m = model.metrics[k]
                for (j, target) in m.targets.enumerated() where target.year <= model.firstYear {
                    guard ends.allSatisfy({ $0.metrics[k].targets.indices.contains(j) && !$0.metrics[k].targets[j].metYears.contains(0) }) else { continue }
                    let goal = (m.better == .higher ? ">= " : "<= ") + NumberFormat.trimmed(target.value, maxDecimals: 3)
                    view.atEnds.append("\(m.id) misses its target in \(model.yearLabel(1)), the year under way, which no statement moves, "
                                       + "so 'meets target' cannot hold: for the years a plan moves, seek with '\(m.id) \(goal) in \(model.yearLabel(model.years))'")
                    break
                }
            }
            // '=' holds only where a figure rounds to the value: the search steps can pass over it. Where it
            // crosses, a '>=' or '<=' finds.
            if seek.condition.contains(where: {
                if case .everyYear(_, .equal, _, _) = $0 { return true }
                if case .inYear(_, .equal, _, _, _) = $0 { return true }
                return false
            }) {
                view.atEnds.append("'=' holds only where the figure rounds to the value, which the search can step over: "
                                   + "to find where it crosses, seek with >= (or <=) instead")
            }
            emit(.seek(view))
            return
        }
        let value = space.value(k)
        let next = seek.objective == nil ? (seek.direction == .largest ? k + 1 : k - 1) : nil
        let nextStepFails = next.flatMap { $0 >= 0 && $0 <= n ? whyRejected(projection($0), condition, ignoringRules: seek.ignoringRules) : nil }
        let p = projection(k)
        // Every value is computed (MODEL.md §3: seek never refuses); one that would be refused typed is said.
        let refused = Session.preventionBelowZero(compiled, ws)  // the workspace holds value k's run
        let atEnd = seek.objective == nil ? (seek.direction == .largest ? k >= n : k <= 0) : (k <= 0 || k >= n)
        // Under hold-budgets an answer may rest on demand left unmet: how much, and where.
        let unmet = model.categories.indices.compactMap { c -> SeekView.Unmet? in
            let u = p.categories[c].unmet
            guard let t = u.indices.max(by: { u[$0] < u[$1] }), u[t] > 0.005 else { return nil }
            return .init(category: model.categories[c].id, amount: u[t], year: model.yearLabel(t + 1))
        }
        let objective = seek.objective.flatMap { o in objectiveTarget.map { r -> SeekView.Objective in
            let year = o.year?.year ?? model.years
            return .init(maximizing: o.goal == .maximizing, target: o.metric.text, year: model.yearLabel(year), value: r.series(p)[year - 1],
                         isMoney: r.isMoney, unit: r.unit(model))
        } }
        let further = seek.direction == .largest
        var view = SeekView(
            scenario: currentName, lever: leverName, unit: space.unit, low: range.low, high: range.high, defaultRange: seek.between == nil,
            rulesHold: !seek.ignoringRules,
            found: .init(value: space.unit == "%" ? percent(value, step: space.step) : value, statement: space.lever.statement(value), atRangeEnd: atEnd,
                         nextStep: seek.objective == nil && !atEnd ? space.lever.statement(space.value(further ? k + 1 : k - 1)) : nil, further: further,
                         conditions: seek.condition.map { condition.describe($0, p) }, unmet: unmet, objective: objective,
                         report: SimulationReport(model: model, projection: p, scenario: currentName, statementCount: current.statements.count + 1)))
        view.found?.nextStepFails = nextStepFails
        view.found?.holdsWithoutLever = seek.objective == nil && seek.direction == .smallest && value == 0
        view.found?.statementsBefore = current.statements.count
        if let r = refused {
            view.found?.refusedWhenTyped = .init(category: model.categories[r.category].id, place: r.place.map { model.places[$0].id },
                                                 year: model.yearLabel(r.year + 1), left: r.left, outturn: r.outturn)
        }
        emit(.seek(view))
    }
}
