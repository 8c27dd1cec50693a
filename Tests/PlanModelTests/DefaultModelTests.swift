import Foundation
import Testing
@testable import PlanModel

/// The built-in model (docs/DEFAULT-MODEL.md): every number sourced, places as published, no breach.
@Suite struct DefaultModelTests {
    let model = try! ModelLoader.load(json: DefaultModel.json)

    /// A number at JSON path P is sourced when `sources` has P or an ancestor of it. Paths name array items
    /// with an id by the id (`categories[acute].base`), uncertainty entries by their assumption, map entries
    /// by their key (`places[west-essex].categories[acute].share`) and plain arrays by index.
    static func numberPaths(_ value: JSONValue, _ path: String, parentIsIdList: Bool = false, into out: inout [String]) {
        switch value {
        case .number: out.append(path)
        case .array(let items):
            for (i, item) in items.enumerated() {
                var key = "\(i)"
                if case .object(let members) = item {
                    if case .string(let id)? = members.first(where: { $0.key == "id" })?.value { key = id }
                    if case .string(let a)? = members.first(where: { $0.key == "assumption" })?.value { key = a }
                }
                numberPaths(item, "\(path)[\(key)]", into: &out)
            }
        case .object(let members):
            let isMap = ["returns.to", "efficiency", "responses", "enablers", "activity", "categories", "metrics", "places", "actuals", "organisations"]
                .contains { path.hasSuffix($0) } && !path.isEmpty
            for (key, v) in members where key != "sources" {
                numberPaths(v, path.isEmpty ? key : isMap && !(path == "categories" || path == "metrics") ? "\(path)[\(key)]" : "\(path).\(key)", into: &out)
            }
        default: break
        }
    }

    @Test func everyNumberHasASource() throws {
        let root = try JSONParser.parse(DefaultModel.json)
        var paths: [String] = []
        Self.numberPaths(root, "", into: &paths)
        #expect(paths.count > 500, "expected the whole model's numbers, found \(paths.count)")
        let keys = model.sources.map(\.id)
        let unsourced = paths.filter { p in !keys.contains { p == $0 || p.hasPrefix($0 + ".") || p.hasPrefix($0 + "[") } }
        #expect(unsourced.isEmpty, "numbers without a source: \(unsourced.prefix(20))")
    }

    @Test func theSchemeCatchesANumberAddedWithoutASource() throws {
        var m = model
        m.metrics[0].responses.append(.init(m.categories[0].id, .init(perMillion: 0.5, kernel: [1])))
        m.sources.removeAll { $0.id.hasPrefix("metrics[\(m.metrics[0].id)]") }
        var paths: [String] = []
        Self.numberPaths(try JSONParser.parse(ModelWriter.json(m)), "", into: &paths)
        let keys = m.sources.map(\.id)
        #expect(paths.contains { p in !keys.contains { p == $0 || p.hasPrefix($0 + ".") || p.hasPrefix($0 + "[") } })
    }

    /// docs/DEFAULT-MODEL.md, NHS England allocation tool 2025/26: registered populations and need-weighted shares.
    @Test func placesMatchTheAllocationTool() {
        let published: [(String, Double, Double)] = [("east-north-herts", 637_275, 0.3814), ("south-west-herts", 693_481, 0.4113),
                                                      ("west-essex", 335_862, 0.2073)]
        #expect(model.places.map(\.id) == published.map(\.0))
        for (place, (_, population, share)) in zip(model.places, published) {
            #expect(abs(place.population / population - 1) < 0.01)
            #expect(abs(place.incomeShare! / share - 1) < 0.01)
        }
    }

    @Test func baselineHasNoBreachAndStartsInTheYearUnderWay() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c))
        #expect(p.breaches.isEmpty)
        #expect(model.yearLabel(1) == "2026/27")
        #expect(model.years == 5)
        for id in ["urgent-care", "continuing-care"] {
            #expect(model.categories[model.categoryIndex(id)!].maxUnmet == 0, "\(id) must always meet demand")
        }
        // Mental health may leave some demand unmet under hold-budgets, so a cut there shows harm (C-M5).
        #expect(model.categories[model.categoryIndex("mental-health")!].maxUnmet > 0)
        #expect(model.categories.contains { $0.growsWithIncome })
    }

    /// Over ten years (`model horizon 10`) each programme's cumulative gross return per £1, through its returns
    /// kernel and through the admissions it avoids (`drives`), lies within the NHS return its evidence cites
    /// (docs/DEFAULT-MODEL.md §8): ageing well from 0 (PreFIT: no fracture benefit), the falls service within
    /// the trial's interval (£1,551 saved a patient for about £400, interval including a cost increase), long-term
    /// conditions below the DPP's £1.28 over 20 years.
    @Test func tenYearReturnsStayWithinTheEvidence() {
        let cited: [String: ClosedRange<Double>] = [
            "prevention.best-start": 0.1...0.4, "prevention.communities": 0.4...1.0, "prevention.lifestyles": 0.5...1.2,
            "prevention.ageing-well": 0.0...0.5, "prevention.falls": 0.3...3.9, "prevention.long-term-conditions": 0.6...1.28,
            "prevention.mental-health": 0.2...0.8,
        ]
        var m = model
        m.years = 10
        let c = CompiledModel(m)
        let base = Projection(c, Plan(c))
        var checked = 0
        for (j, cat) in m.categories.enumerated() where cat.kind == .prevention {
            let plan = Plan(c, levers: [.flow(Flow(amount: 1, isPercent: false, from: nil, to: .category(j), years: 1..<2))])
            let p = Projection(c, plan)
            let perPound = zip(p.categories, base.categories).reduce(0.0) { sum, lines in
                sum + zip(lines.0.savings, lines.1.savings).reduce(0.0) { $0 + $1.0 - $1.1 }
            }
            guard let range = cited[cat.id] else { Issue.record("\(cat.id) has no cited range in the test"); continue }
            #expect(range.contains(perPound), "\(cat.id): £\(perPound) back per £1 over ten years, cited \(range)")
            checked += 1
        }
        #expect(checked == 7)
    }
}

/// Issue 24's must-shows on the built-in model, through the engine (docs/check_default_model.py works the
/// same equations independently; ReferenceTests runs it).
@Suite struct DefaultModelV3Tests {
    let model = try! ModelLoader.load(json: DefaultModel.json)

    func organisation(_ id: String) -> Int { model.organisations.firstIndex { $0.id == id }! }

    /// facts-v3 §1b: the trusts' 2025/26 plans excluding deficit support (NHS Oversight Framework Q3 2025/26,
    /// OF0079): ENHT breakeven, WHTH −£3.3m, PAH −£5.3m, HCT −0.2% (of about £139.5m), CLCH 0.0%. From 2026/27
    /// each ICB and each trust must break even on its own, so every planned position is 0 and the underlying
    /// position (without deficit support) is the published plan.
    @Test func plannedPositionsReconcileWithFactsV3() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c))
        let published: [(String, Double, Double)] = [("enht", 0, 0.05), ("whth", -3.3, 0.05), ("pah", -5.3, 0.05),
                                                     ("hct", -0.002 * 139.5, 0.05), ("clch", 0, 0.05)]
        for (id, underlying, tolerance) in published {
            let o = p.organisations[organisation(id)]
            #expect(abs(o.balance[0]) < 1e-9, "\(id) plans to break even in 2026/27, not \(o.balance[0])")
            #expect(abs(o.underlying[0] - underlying) <= tolerance, "\(id): underlying \(o.underlying[0]), published \(underlying)")
        }
        // The footprint's two commissioners break even (a small surplus at most) in every year of the plan.
        for id in ["central-east", "essex"] {
            for (t, b) in p.organisations[organisation(id)].balance.enumerated() {
                #expect(b >= 0 && b < 1, "\(id) in \(model.yearLabel(t + 1)): \(b)")
            }
        }
        #expect(model.organisations.filter { $0.kind == .provider }.map(\.id) == ["enht", "whth", "pah", "hct", "clch", "hpft", "eput", "eeast"])
        // Deficit support tapers to nothing by 2028/29 (MTPF).
        for o in model.organisations where o.kind == .provider {
            for t in 2..<5 { #expect((t < o.support.count ? o.support[t] : o.support.last!) == 0, "\(o.id) still has support in year \(t + 1)") }
        }
    }

    /// The system equals its organisations plus the providers the model does not name, in every year, at
    /// plan and when money moves between them (a shift, savings delivered at 60% of plan, hold-budgets).
    @Test func systemEqualsItsOrganisations() {
        let c = CompiledModel(model)
        let acute = model.categoryIndex("acute")!, efficiency = Assumption.resolve("efficiency", in: model)!
        let plans: [[Lever]] = [
            [],
            [.flow(Flow(amount: 0.02, isPercent: true, from: .category(acute), to: .prevention, years: 2..<6, place: 2))],
            [.outturn(efficiency, value: 0.6, ofPlan: true, years: 2..<6)],
            [.flow(Flow(amount: 20, isPercent: false, from: .category(acute), to: .prevention, years: 2..<6))],
        ]
        for levers in plans {
            let p = Projection(c, Plan(c, levers: levers))
            for t in 0..<model.years {
                let sum = p.organisations.reduce(0.0) { $0 + $1.balance[t] } + p.otherProviders[t]
                #expect(abs(p.balance[t] - sum) < 1e-9 * max(1, abs(p.balance[t])), "\(levers) year \(t + 1): \(p.balance[t]) vs \(sum)")
            }
        }
    }

    /// Uncertainty centred on the plan (F-M4): with 10,000 draws the plan lies within P10–P90 of the system's,
    /// the ICB's and the underlying balance in every year, and the median within a quarter of that width.
    @Test func monteCarloIsCentredOnThePlan() throws {
        let c = CompiledModel(model)
        let plan = Plan(c)
        let p = Projection(c, plan)
        let r = try #require(MonteCarlo.run(c, plan, draws: 10_000, seed: 1, options: .init(threads: 2)))
        let (p10, p50, p90) = (MonteCarlo.quantiles.firstIndex(of: 0.1)!, MonteCarlo.quantiles.firstIndex(of: 0.5)!, MonteCarlo.quantiles.firstIndex(of: 0.9)!)
        for (name, planned, drawn) in [("system", p.balance, r.balance), ("ICB", p.icbBalance, r.icbBalance), ("underlying", p.underlying, r.underlying)] {
            for t in 0..<model.years {
                let width = drawn[p90][t] - drawn[p10][t]
                #expect(drawn[p10][t] <= planned[t] && planned[t] <= drawn[p90][t], "\(name) \(model.yearLabel(t + 1)): plan \(planned[t]) outside P10–P90 \(drawn[p10][t])…\(drawn[p90][t])")
                #expect(abs(drawn[p50][t] - planned[t]) <= width / 4, "\(name) \(model.yearLabel(t + 1)): median \(drawn[p50][t]) vs plan \(planned[t]), width \(width)")
            }
        }
    }

    /// C-B1: prevention aimed at the place with the worst baseline narrows the gap between places on every
    /// metric it moves, and widens none (the review's "2% of acute in West Essex" and a £2m and £20m pot).
    @Test func preventionAimedAtTheWorstPlaceNarrowsTheGap() {
        let c = CompiledModel(model)
        let base = Projection(c, Plan(c))
        let acute = model.categoryIndex("acute")!, westEssex = model.places.firstIndex { $0.id == "west-essex" }!
        let scenarios: [Flow] = [Flow(amount: 0.02, isPercent: true, from: .category(acute), to: .prevention, years: 2..<6, place: westEssex),
                                 Flow(amount: 2, isPercent: false, from: nil, to: .prevention, years: 2..<6, place: westEssex),
                                 Flow(amount: 20, isPercent: false, from: nil, to: .prevention, years: 2..<6, place: westEssex)]
        var narrowed = 0
        for flow in scenarios {
            let p = Projection(c, Plan(c, levers: [.flow(flow)]))
            for (k, metric) in model.metrics.enumerated() {
                guard let after = p.metrics[k].gap, let before = base.metrics[k].gap else { continue }
                let moved = (0..<model.years).contains { abs(p.metrics[k].values[$0] - base.metrics[k].values[$0]) > 1e-9 }
                guard moved else { continue }
                for t in 0..<model.years { #expect(after[t] <= before[t] + 1e-9, "\(metric.id) widens in \(model.yearLabel(t + 1)) under \(flow)") }
                #expect(after[model.years - 1] < before[model.years - 1], "\(metric.id) does not narrow by the last year under \(flow)")
                narrowed += 1
            }
        }
        #expect(narrowed >= 15, "only \(narrowed) metric-scenario pairs moved")
    }

    /// Payback counts what a programme's avoided admissions save (C-M3): each programme's row of gross savings
    /// takes its pro-rata part of the lines its metrics drive, so the rows add up to every line's savings.
    @Test func grossSavingsRowsAddUpToTheLinesSavings() {
        let c = CompiledModel(model)
        let community = model.categoryIndex("community")!, falls = model.categoryIndex("prevention.falls")!
        let ltc = model.categoryIndex("prevention.long-term-conditions")!
        let plans: [[Lever]] = [
            [.flow(Flow(amount: 5, isPercent: false, from: nil, to: .category(falls), years: 2..<6))],
            [.flow(Flow(amount: 0.02, isPercent: true, from: .category(model.categoryIndex("acute")!), to: .prevention, years: 2..<6, place: 2)),
             .flow(Flow(amount: 8, isPercent: false, from: nil, to: .category(community), years: 2..<4)),
             .flow(Flow(amount: 3, isPercent: false, from: nil, to: .category(ltc), years: 3..<6))],
        ]
        for levers in plans {
            let p = Projection(c, Plan(c, levers: levers))
            for t in 0..<model.years {
                let rows = p.grossSavings.reduce(0.0) { $0 + $1[t] }, lines = p.categories.reduce(0.0) { $0 + $1.savings[t] }
                #expect(abs(rows - lines) < 1e-9 * max(1, abs(lines)), "year \(t + 1): rows \(rows), lines \(lines)")
            }
            #expect(p.grossSavings[falls].reduce(0, +) > 0 || levers.count > 1)
        }
        // The falls programme alone: its row holds the acute savings of the admissions it avoids.
        let p = Projection(c, Plan(c, levers: [.flow(Flow(amount: 5, isPercent: false, from: nil, to: .category(falls), years: 2..<6))]))
        let acute = p.categories[model.categoryIndex("acute")!].savings.reduce(0, +)
        #expect(acute > 1 && p.grossSavings[falls].reduce(0, +) > acute)
    }
}
