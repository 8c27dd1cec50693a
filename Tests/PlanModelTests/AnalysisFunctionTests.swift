import Testing
import TestSupport
@testable import PlanModel

/// seek's search and explain variance's attribution as functions of a compiled model and a plan.
@Suite struct AnalysisFunctionTests {
    let model = try! ModelLoader.load(json: Fixtures.text(models + "tiny.json"))

    @Test func largestAndSmallestFindTheEdgeOfWhatIsAccepted() {
        for edge in [0, 1, 37, 255, 256, 257, 999, 1000] {
            #expect(LeverSearch.search(count: 1000, goal: .largest) { .init(accepted: $0 <= edge) } == .found(edge))
            #expect(LeverSearch.search(count: 1000, goal: .smallest) { .init(accepted: $0 >= edge) } == .found(edge))
        }
        #expect(LeverSearch.search(count: 1000, goal: .largest) { _ in .init(accepted: false) } == .notFound)
    }

    @Test func optimumFindsTheBestAcceptedPoint() {
        // A single peak at 613, and nothing above 700 accepted.
        let outcome = LeverSearch.search(count: 100_000, goal: .optimum) { k in .init(accepted: k <= 70_000, objective: -abs(Double(k - 61_337))) }
        #expect(outcome == .found(61_337))
        let capped = LeverSearch.search(count: 100_000, goal: .optimum) { k in .init(accepted: k <= 50_000, objective: -abs(Double(k - 61_337))) }
        #expect(capped == .found(50_000))
    }

    @Test func aJudgeThatStopsCancelsTheSearch() {
        var calls = 0
        let outcome = LeverSearch.search(count: 1000, goal: .largest) { k in calls += 1; return calls > 10 ? nil : .init(accepted: k < 5) }
        #expect(outcome == .cancelled)
        #expect(calls == 11)
    }

    /// Each probe is the plan with the lever applied, bit for bit, though the probe plan is reset in place.
    @Test func probesEqualFreshPlans() {
        let c = CompiledModel(model)
        let start = Plan(c, levers: [.flow(Flow(amount: 1, isPercent: false, from: .category(0), to: .category(1), years: 2..<4))])
        var last = 0.0
        let lever = { (v: Double) -> Lever in
            last = v
            return .flow(Flow(amount: v, isPercent: false, from: .category(0), to: .category(1), years: 1..<4))
        }
        let ws = Workspace(c), fresh = Workspace(c)
        var seen = 0
        let outcome = LeverSearch.run(c, start, grid: LeverSearch.Grid(low: 0, high: 5, step: 0.01), goal: .largest, lever: lever, workspace: ws) { plan, ws in
            var expected = start
            expected.apply(lever(last), c)
            #expect(plan == expected)
            Engine.run(c, expected, into: fresh)
            #expect((0..<3).allSatisfy { ws.balance[$0] == fresh.balance[$0] })
            seen += 1
            return .init(accepted: last <= 2.5)
        }
        #expect(outcome == .found(250))
        #expect(seen > 5)
    }

    /// The attribution finds the demand growth that makes the projection equal the actual.
    @Test func varianceIsAttributedToTheAssumptionThatMakesIt() throws {
        let c = CompiledModel(model)
        let a = try #require(Assumption.resolve("acute.demand-growth", in: model))
        let plan = Plan(c)
        var moved = plan
        moved.apply(.assumption(a, value: 0.02, years: nil), c)
        let ws = Workspace(c)
        Engine.run(c, moved, into: ws)
        let actual = ws.balance[2]
        let rows = try #require(VarianceAttribution.rows(c, plan, actual: actual, workspace: ws, value: { $0.balance[2] }, cancelled: { false }))
        #expect(rows.count == 1)
        #expect(rows[0].id == "acute.demand-growth")
        #expect(abs(try #require(rows[0].explains) - 0.02) < 1e-9)
        #expect(rows[0].within == true)
        #expect(VarianceAttribution.rows(c, plan, actual: actual, workspace: ws, value: { $0.balance[2] }, cancelled: { true }) == nil)
    }
}
