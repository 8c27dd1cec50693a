import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// Turning lever statements into engine levers, and adding them to the current scenario.
extension Session {
    /// The 1-based years a PERIOD covers; without one, every year from the second (MODEL.md §2).
    /// `horizon` is the number of years to resolve against (the model's, unless `model horizon` is asking).
    func years(_ period: Period?, horizon: Int? = nil) -> Range<Int> {
        let T = horizon ?? model.years
        guard let period else { return min(2, T + 1)..<(T + 1) }
        switch period.form {
        case .single: return period.first.year..<(period.first.year + 1)
        case .from: return period.first.year..<(T + 1)
        case .range: return period.first.year..<(period.last!.year + 1)
        }
    }

    func place(_ name: Name?) -> Int? { name.flatMap { model.placeIndex($0.text) } }

    func side(_ name: Name) -> Side {
        name.text == "prevention" ? .prevention : .category(model.categoryIndex(name.text)!)
    }

    func refuse(_ message: String, _ range: SourceRange?, _ notes: [String] = [], id: Diagnostic.ID = .refused) -> Diagnostic {
        var d = Diagnostic(id, message, range, notes: notes)
        d.sourceLine = nil
        return d
    }

    /// The engine lever a statement stands for, with its units checked.
    func lever(for statement: Statement, horizon: Int? = nil) throws -> Lever {
        func years(_ period: Period?) -> Range<Int> { self.years(period, horizon: horizon) }
        guard let kind = statement.lever else { throw refuse("'\(statement.command)' does not change a scenario", statement.range) }
        switch kind {
        case let .shift(amount, from, to, place, period):
            return .flow(Flow(amount: amount.value, isPercent: amount.unit == .percent, from: side(from), to: side(to),
                              years: years(period), place: self.place(place)))
        case let .invest(amount, into, place, period, nonRecurrent):
            var flow = Flow(amount: amount.value, isPercent: amount.unit == .percent, from: nil, to: side(into),
                            years: years(period), place: self.place(place))
            flow.nonRecurrent = nonRecurrent
            return .flow(flow)
        case let .enable(name, level, period):
            return .level(enabler: model.enablerIndex(name.text)!, value: level?.value ?? 1, years: years(period))
        case let .disable(name, period):
            return .level(enabler: model.enablerIndex(name.text)!, value: 0, years: years(period))
        case let .set(_, .word(value), _):
            return .policy(Model.Policy(rawValue: value.text)!)
        case let .set(name, .number(q), period):
            let a = try effective(name)
            try checkUnit(a, q)
            // An enabler's cost is the actual cost: `set` and `outturn` are the same statement (MODEL.md §2).
            if a.field == .cost { return .outturn(a, value: q.value, ofPlan: false, years: nil) }
            return .assumption(a, value: q.value, years: a.isPerYear ? years(period) : nil)
        case let .outturn(name, q, ofPlan, period):
            let a = try effective(name)
            try refuseOutturnOfProbability(a, name)
            if !ofPlan { try checkUnit(a, q) }
            return .outturn(a, value: q.value, ofPlan: ofPlan, years: a.isPerYear ? years(period) : nil)
        case let .rule(_, judged, period):
            return .rule(judged: judged, years: years(period))
        case let .risk(id, mitigation, amount, org, period, probability):
            // A new id follows the rules of ids and is no other kind of thing in the model.
            if model.riskIndex(id.text) == nil, !current.levers.contains(where: { if case .risk(let e) = $0 { return e.id == id.text } else { return false } }) {
                guard Identifier.isModelId(id.text), !Identifier.reserved.contains(id.text), !Identifier.looksLikeYear(id.text) else {
                    throw refuse("'\(id.text)' cannot be a risk's id: use lower-case words joined by '-' that are not words of the language", id.range, [], id: .unknownName)
                }
                let taken = model.categories.map(\.id) + model.enablers.map(\.id) + model.metrics.map(\.id) + model.places.map(\.id)
                    + model.streams.map(\.id) + model.organisations.map(\.id)
                if taken.contains(id.text) { throw refuse("'\(id.text)' is already the id of something else in the model", id.range, [], id: .nameInUse) }
            }
            // Without a period, every year of the horizon: the year under way carries risk too.
            let T = horizon ?? model.years
            let span = period.map { years($0) } ?? 1..<(T + 1)
            let entry = RiskEntry(id: id.text, kind: mitigation ? .mitigation : .risk, organisation: org.flatMap { model.organisationIndex($0.text) },
                                  impact: (1...T).map { span.contains($0) ? amount.value : 0 }, recurrent: true,
                                  probability: probability?.value ?? 1)
            return .risk(entry)
        }
    }

    /// The assumption a name resolves to, refused where it has no effect in this model (MODEL.md §5).
    /// LANGUAGE.md: `outturn` is refused for an assumption with no plan value of its own (a probability).
    func refuseOutturnOfProbability(_ a: Assumption, _ name: Name) throws {
        guard a.field == .probability else { return }
        throw refuse("'\(name.text)' is a probability: it has no plan value of its own for an outturn to differ from", name.range,
                     ["change it with: set \(name.text) = 50%"], id: .wrongUnit)
    }

    private func effective(_ name: Name) throws -> Assumption {
        let a = Assumption.resolve(name.text, in: model)!
        guard a.hasEffect(in: model) else {
            throw refuse("'\(name.text)' has no effect in this model (\(Assumption.whyNoEffect(a, in: model)))", name.range,
                         ["see the assumptions that do with: show assumptions"], id: .wrongUnit)
        }
        return a
    }

    /// How a value must be written (MODEL.md §2): a rate with `%` (a bare number is refused with the
    /// percentage it most likely meant); a scale as a fraction or a percentage; money as £ or a bare number of
    /// £m; a metric's trend or level as a bare number in its own units.
    func checkUnit(_ a: Assumption, _ q: Quantity) throws {
        let id = a.id(in: model)
        switch a.field {
        case .cost:
            if q.unit == .percent { throw refuse("an enabler's cost is money, not a percentage", q.range, ["write it like £25m"], id: .wrongUnit) }
        case .trend, .level:
            if q.unit != .bare {
                throw refuse("'\(id)' is in the metric's own units: write a bare number, not \(q.unit == .money ? "money" : "a percentage")", q.range, [], id: .wrongUnit)
            }
        case .probability:
            if q.unit == .money { throw refuse("'\(id)' is a probability, not money", q.range, ["write it like 40% or 0.4"], id: .wrongUnit) }
            if !(0...1).contains(q.value) { throw refuse("a probability must lie between 0% and 100%", q.range, [], id: .wrongUnit) }
        case .streamAmount:
            if q.unit == .percent { throw refuse("'\(id)' is money, not a percentage", q.range, ["write it like £14m"], id: .wrongUnit) }
        case .returnScale, .effectScale:
            if q.unit == .money { throw refuse("'\(id)' is a scale, not money", q.range, ["write it as a fraction like 1.2 or a percentage like 120%"], id: .wrongUnit) }
        case .allocationGrowth, .inflation, .efficiency, .demandGrowth, .cashable, .pressure, .streamGrowth:
            if q.unit == .money {
                throw refuse("'\(id)' is a rate, not money", q.range, ["write it as a percentage like 3%"], id: .wrongUnit)
            }
            if q.unit == .bare { throw Refusal.rateWithoutPercent(assumption: id, typed: q.value).diagnostic(q.range) }
            if a.field == .cashable, !(0...1).contains(q.value) {
                throw refuse("a cashable share must lie between 0% and 100%", q.range, [], id: .wrongUnit)
            }
        }
    }

    /// Adds a lever statement to the current scenario, refusing it (and changing nothing) when the current
    /// scenario is baseline or when it would leave a prevention budget negative. At most two engine runs: the
    /// scenario before (kept from the statement before, or run) and after (kept for what follows). Returns
    /// what a finance lead would want flagged.
    @discardableResult
    func addLever(_ statement: Statement) throws -> [Caution] {
        guard currentName != "baseline" else {
            throw refuse("the baseline cannot be changed", statement.range,
                         ["start a scenario first: scenario new NAME (it starts from the baseline)"])
        }
        let lever = try self.lever(for: statement)
        let warning = noEffectWarning(lever)
        let beforePlan = currentPlanCached
        var afterPlan = beforePlan
        afterPlan.apply(lever, compiled)
        let before = currentRun
        let after = project(afterPlan)  // the session's workspace now holds this run: refuseUnsplittable reads it
        let figures = after.income + after.spend + after.balance + after.cumulative + after.metrics.flatMap(\.values)
        if figures.contains(where: { !$0.isFinite || abs($0) >= 1e15 }) {
            throw refuse("this would make the results too large to mean anything (beyond £1e15m or not finite)", statement.range,
                         ["check the amount or value: money is in £m, rates are fractions or percentages"], id: .notFinite)
        }
        try refuseUnsplittable(lever, statement)
        // `project` left this run in the session's workspace.
        if let r = Session.preventionBelowZero(compiled, workspace) {
            let available = (r.place.map { before.places[$0].categories } ?? before.categories)[r.category].budget[r.year]
            throw Refusal.preventionBelowZero(category: model.categories[r.category].id, place: r.place.map { model.places[$0].id },
                                              year: model.yearLabel(r.year + 1), left: r.left, available: available,
                                              outturn: r.outturn).diagnostic(statement.range)
        }
        if let warning { emit(.diagnostic(Diagnostic(.changesNothing, "\(statement.text): \(warning)", nil, severity: .warning))) }
        record(Snapshot(change: .appended(scenario: currentName, statement: statement, lever: lever, wasStale: current.stale),
                        before: currentName, after: currentName, what: statement.text))
        let i = scenarioIndex[currentName]!
        scenarios[i].statements.append(statement)
        scenarios[i].levers.append(lever)
        scenarios[i].stale = true
        planCache[currentName] = (scenarios[i].levers.count, afterPlan, after)
        var said = cautions(before: before, after: after, lever, plan: beforePlan)
        // It costs a run of its own: only where the confirmation is shown (a table, not a replay).
        if options.format == .table, !muted, let tapering = diminishingReturns(lever, plan: beforePlan, before: before, after: after) {
            said.append(tapering)
        }
        // A bare number is £m (LANGUAGE.md): say so, since '2' may have been meant as 2%.
        if case let .lever(syntax) = statement.kind {
            switch syntax {
            case let .shift(amount, _, _, _, _) where amount.unit == .bare, let .invest(amount, _, _, _, _) where amount.unit == .bare:
                said.insert(.bareAmount(value: amount.value), at: 0)
            default: break
            }
        }
        return said
    }

    /// The first prevention line, place (nil without places) and year (0-based) whose budget (Fp + X) or
    /// outturn (F + X) is below -1e-9 in a scenario's own run, read from the workspace that holds the run:
    /// what MODEL.md §3 refuses a statement for.
    static func preventionBelowZero(_ compiled: CompiledModel, _ ws: Workspace)
        -> (category: Int, place: Int?, year: Int, left: Double, outturn: Bool)? {
        let model = compiled.model, T = compiled.years, P = compiled.placeCount, C = compiled.categoryCount
        for c in model.categories.indices where model.categories[c].kind == .prevention {
            for p in 0..<P {
                let place = model.places.isEmpty ? nil : p
                for t in 0..<T {
                    let k = (p * C + c) * T + t
                    if ws.placeBudget[k] < -1e-9 { return (c, place, t, ws.placeBudget[k], false) }
                    if ws.placeOutturn[k] < -1e-9 { return (c, place, t, ws.placeOutturn[k], true) }
                }
            }
        }
        return nil
    }

    /// A flow with nothing to split by (MODEL.md §2): the source's F is 0 in every place in a year of its
    /// period, or the named place has no prevention base. Reads the session's workspace, which holds the run
    /// of the plan with the lever.
    func refuseUnsplittable(_ lever: Lever, _ statement: Statement) throws {
        guard case .flow(let flow) = lever else { return }
        if let place = flow.place, flow.from == .prevention || flow.to == .prevention, compiled.preventionBase[place] <= 0 {
            throw refuse("\(model.places[place].id) has no prevention base to split the money among its programmes", statement.range,
                         ["name one prevention programme instead of 'prevention'"])
        }
        // With `in PLACE` all of the amount goes to that place: there is nothing to split across places, so
        // a line with no cost there takes the money like any other (MODEL.md §2 refuses only a split of 0).
        guard flow.place == nil, model.places.count > 1 else { return }
        for year in flow.years {
            if Engine.sideCost(compiled, flow.splitSide, place: flow.place, year - 1, workspace) == 0, flow.amount != 0 {
                let name: String
                switch flow.splitSide { case .prevention: name = "prevention"; case .category(let c): name = model.categories[c].id }
                throw refuse("'\(name)' has no efficient cost\(flow.place.map { " in \(model.places[$0].id)" } ?? " in any place") in \(model.yearLabel(year)) to split this money by",
                             statement.range, ["move money from or into a line that has a budget there"])
            }
        }
    }

    /// Why a lever acts in no year, if it does not: a one-year model with no period given, or a per-year
    /// assumption set only in the first year, which the equations (docs/MODEL.md §3) never read. The statement is still
    /// accepted (the model says what it means), with a warning on standard error so nothing is silent.
    func noEffectWarning(_ lever: Lever) -> String? {
        // A stream's amount is the one per-year assumption read in year 1 (MODEL.md §1: its entry 1 is year 1).
        if case let .assumption(a, _, y) = lever, let y, y == 1..<2, a.isPerYear, a.field != .streamAmount {
            return "changes nothing: \(a.id(in: model)) acts from the second year, and \(model.yearLabel(1)) is already under way"
        }
        if case let .outturn(a, _, _, y) = lever, let y, y == 1..<2, a.isPerYear, a.field != .streamAmount {
            return "changes nothing: \(a.id(in: model)) acts from the second year, and \(model.yearLabel(1)) is already under way"
        }
        // The standard is judged from the second year (growth against the year before, MODEL.md §3).
        if case let .rule(_, y) = lever, y == 1..<2 {
            return "changes nothing: the mental health investment standard is judged from the second year (its growth on \(model.yearLabel(1)))"
        }
        if let years = lever.years, years.isEmpty {
            return "changes nothing: without a period a lever acts from the second year, and the model has only \(model.yearLabel(1))"
        }
        return nil
    }

    /// Money into a programme whose effect on a metric nears the metric's ceiling (MODEL.md §4: the effect
    /// saturates smoothly) buys less of it for each extra £: said when half the money would buy 70% or more of
    /// the statement's effect in some year (straight-line effects give 50%; 70% is the effect at 90% of its
    /// ceiling), for the metric and year where it
    /// bends most. Money the statement moves to other lines through `returns` keeps growing in a straight line,
    /// so this is what a trainer's room should hear before reading a large sum's savings.
    func diminishingReturns(_ lever: Lever, plan: Plan, before: Projection, after: Projection) -> Caution? {
        guard case .flow(let flow) = lever, flow.amount > 0 else { return nil }
        let into: Set<String>
        switch flow.to {
        case .category(let c): into = [model.categories[c].id]
        case .prevention: into = Set(model.categories.filter { $0.kind == .prevention }.map(\.id))
        }
        let bending = model.metrics.indices.filter { k in
            (model.metrics[k].ceiling ?? 0) > 0 && model.metrics[k].responses.contains { into.contains($0.id) }
        }
        guard !bending.isEmpty else { return nil }
        var half = flow
        half.amount /= 2
        var halfPlan = plan
        halfPlan.apply(.flow(half), compiled)
        let halfRun = project(halfPlan)
        var worst: (k: Int, t: Int, share: Double)?
        for k in bending {
            for t in 0..<model.years {
                let whole = after.metrics[k].values[t] - before.metrics[k].values[t]
                let part = halfRun.metrics[k].values[t] - before.metrics[k].values[t]
                // A change too small to show (two decimals) is not judged.
                guard abs(whole) >= 0.005 else { continue }
                let share = part / whole
                if share >= 0.7, share <= 1.5, share > (worst?.share ?? 0) { worst = (k, t, share) }
            }
        }
        guard let worst else { return nil }
        return .diminishingReturns(metric: model.metrics[worst.k].id, year: model.yearLabel(worst.t + 1), halfShare: worst.share)
    }

    /// What a lever statement just did that a finance lead would want flagged, in words (the statement stands:
    /// the model takes any number, but these rarely mean what was intended): a value set outside the
    /// assumption's uncertainty range, and a budget the statement took below zero.
    func cautions(before: Projection, after: Projection, _ lever: Lever, plan: Plan? = nil) -> [Caution] {
        var out: [Caution] = []
        // The value a `set` or an `outturn` gives (an outturn 'N% of plan' is that share of the plan's value).
        var given: (a: Assumption, value: Double, years: Range<Int>?, outturn: Bool)?
        if case let .assumption(a, value, years) = lever { given = (a, value, years, false) }
        if case let .outturn(a, value, ofPlan, years) = lever {
            let t = (years?.lowerBound ?? 1) - 1
            // 'N% of plan' is of the scenario's own plan value (a `set` before it counts), as the engine reads it.
            let params = plan?.params ?? compiled.defaultParams
            let planned = params[compiled.offset(of: a) + (a.isPerYear ? t : 0)]
            given = (a, ofPlan ? value * planned : value, years, true)
            // A rate written as a share (outturn efficiency = 60%) where the plan's is a few %: most likely
            // 'N% of plan' was meant, which the statement reads quite differently.
            let id = a.id(in: model)
            if !ofPlan, a.valueKind == .rate, value >= 0.2, value <= 2, abs(planned) < 0.2 * value,
               let u = model.uncertainty.first(where: { $0.assumption == id }) {
                let centre = a.isPerYear ? planned : 0
                if value > centre + u.high + 1e-12 { out.append(.ofPlanMeant(assumption: id, value: value)) }
            }
        }
        if let (a, value, years, outturn) = given {
            let t = (years?.lowerBound ?? 1) - 1
            // From year 1 over several years: year 1 is not moved (a period of year 1 alone is noEffectWarning's).
            if let years, years.lowerBound == 1, years.count > 1, a.isPerYear, a.field != .streamAmount {
                out.append(.firstYearUnmoved(assumption: a.id(in: model), underWay: model.yearLabel(1), from: model.yearLabel(2)))
            }
            // An outturn is a stress on purpose (savings delivered at 60% of plan): only an impossible one is flagged.
            if !outturn, let u = model.uncertainty.first(where: { $0.assumption == a.id(in: model) }) {
                // Per-year assumptions are drawn as offsets from the model's own values.
                let centre = a.isPerYear ? compiled.defaultParams[compiled.offset(of: a) + t] : 0
                let (lo, hi) = (centre + u.low, centre + u.high)
                if value < lo - 1e-12 || value > hi + 1e-12 {
                    out.append(.outsideRange(assumption: a.id(in: model), value: value, low: lo, high: hi,
                                             kind: a.valueKind, year: a.isPerYear ? model.yearLabel(t + 1) : nil))
                }
            }
            // The one system rate falls on every treatment line: say so, and that the risk register is unchanged.
            // Only for a shortfall: an outturn at or above plan delivers what was planned or more.
            let planned = (plan?.params ?? compiled.defaultParams)[compiled.offset(of: a) + (a.isPerYear ? t : 0)]
            if outturn, a.id(in: model) == "efficiency", value < planned - 1e-12 {
                out.append(.outturnOfEveryLine(lines: model.categories.filter { $0.kind == .treatment }.count, risks: !model.risks.isEmpty))
            }
            // MODEL.md §3 clamps each line's rate to [−50%, 50%] a year: a rate beyond that is not what is applied.
            if a.id(in: model) == "efficiency", abs(value) > 0.5, !out.contains(.ofPlanMeant(assumption: "efficiency", value: value)) {
                out.append(.beyondClamp(value: value))
            }
        }
        // A budget below zero that the statement made: the system's first, then each place's, line by line.
        func first(_ now: [Projection.CategoryLine], _ was: [Projection.CategoryLine]) -> (c: Int, t: Int)? {
            for c in now.indices {
                if let t = now[c].budget.indices.first(where: { now[c].budget[$0] < -0.005 && was[c].budget[$0] >= -0.005 }) { return (c, t) }
            }
            return nil
        }
        if let (c, t) = first(after.categories, before.categories) {
            out.append(.budgetBelowZero(category: model.categories[c].id, place: nil, year: model.yearLabel(t + 1), budget: after.categories[c].budget[t]))
        } else if compiled.hasPlaces {
            for place in model.places.indices {
                guard let (c, t) = first(after.places[place].categories, before.places[place].categories) else { continue }
                out.append(.budgetBelowZero(category: model.categories[c].id, place: model.places[place].id, year: model.yearLabel(t + 1),
                                            budget: after.places[place].categories[c].budget[t]))
                break
            }
        }
        return out
    }

}
