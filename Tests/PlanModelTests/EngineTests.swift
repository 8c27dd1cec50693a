import Foundation
import Testing
import TestSupport
@testable import PlanModel

/// The equations of MODEL.md §2–§4 on a tiny model (Models/tiny.json), every number worked out by hand.
@Suite struct EngineTests {
    let model = try! ModelLoader.load(json: Fixtures.text(models + "tiny.json"))

    /// shift £2m from acute to prev in y2..y3; disable dig in y2. Worked by hand:
    ///   L[dig] = 1, 0, 1; lag 1 → Lf = 1, 1, 0.
    ///   ε[acute,2] = 0 + 0.1·(1−1) = 0;  ε[acute,3] = 0.1 + 0.1·(0−1) = 0.
    ///   F[acute] = 50, 50·1.1 = 55, 55;   F[prev] = 10, 11, 11.
    ///   X[acute] = 0, −2, −2;  X[prev] = 0, 2, 2.   M = 1, 1, 1 + 0.5·(0−1) = 0.5.
    ///   S[acute,3] = X[prev,2]·kernel[1]·M[2] + X[prev,3]·kernel[0]·M[3] = 2·1·1 + 2·0·0.5 = 2.
    ///   demand[acute] = 50, 55, 55 − 0.5·2 = 54;  budget = 50, 53, 53.
    ///   meet-demand: outturn = demand; released[acute,3] = 0.5·2 = 1.
    ///   enabler cost = 4·(L − 1) = 0, −4, 0.
    ///   spend = 60, 55 + 13 − 4 = 64, 54 + 13 = 67;  income = 100, 110, 110;  balance = 40, 46, 43.
    func levers(_ m: CompiledModel) -> [Lever] {
        [.flow(Flow(amount: 2, isPercent: false, from: .category(0), to: .category(1), years: 2..<4)),
         .level(enabler: 0, value: 0, years: 2..<3)]
    }

    @Test func moneyUnderMeetDemand() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: levers(c)))
        expectClose(p.income, [100, 110, 110])
        expectClose(p.categories[0].budget, [50, 53, 53])
        expectClose(p.categories[0].outturn, [50, 55, 54])
        expectClose(p.categories[0].savings, [0, 0, 2])
        expectClose(p.categories[0].unmet, [0, 0, 0])
        expectClose(p.categories[1].outturn, [10, 13, 13])
        expectClose(p.categories[1].savings, [0, 0, 0])
        expectClose(p.enablers[0].cost, [0, -4, 0])
        expectClose(p.enablers[0].level, [1, 0, 1])
        expectClose(p.spend, [60, 64, 67])
        expectClose(p.balance, [40, 46, 43])
        expectClose(p.cumulative, [40, 86, 129])
        #expect(p.deficitYears.isEmpty)
    }

    /// hold-budgets: outturn = min(demand, budget⁺): acute 50, min(55, 53) = 53, min(54, 53) = 53;
    /// unmet = 0, 2, 1; spend = 60, 53 + 13 − 4 = 62, 66; balance = 40, 48, 44.
    @Test func moneyUnderHoldBudgets() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: levers(c) + [.policy(.holdBudgets)]))
        expectClose(p.categories[0].outturn, [50, 53, 53])
        expectClose(p.categories[0].unmet, [0, 2, 1])
        expectClose(p.balance, [40, 48, 44])
    }

    /// Metric m: base 10, trend 1 a year.
    ///   programme = 0.1·Σ X[prev,s]·kernel·M[s] = 0, 0.1·2 = 0.2, 0.1·(2·1 + 2·0.5) = 0.3.
    ///   enabler = 2·(Lf − 1) = 0, 0, −2.    capacity = 0.5·Σ(released − unmet) = 0, 0, 0.5.
    ///   B0[acute] = F with every level 1: 50, 55, 55·0.9 = 49.5; activity = 0.01·(B − B0) = 0, 0, 0.045.
    ///   value = 10, 11 + 0.2 = 11.2, 12 + 0.3 − 2 + 0.5 + 0.045 = 10.845.
    ///   target 10.5 in 2025 (y3), better higher: 10.845 ≥ 10.5, met.
    @Test func metricTerms() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: levers(c)))
        expectClose(p.metrics[0].values, [10, 11.2, 10.845])
        #expect(p.metrics[0].met == true)
    }

    /// A percentage shift takes its share of the source's F: 10% of acute = 5.5 in y2 and y3.
    /// Under hold-budgets the capacity term counts unmet demand against released capacity.
    @Test func percentShiftUsesEfficientCost() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: [.flow(Flow(amount: 0.1, isPercent: true, from: .category(0), to: .prevention, years: 2..<4))]))
        // With no enabler change F[acute] = 50, 55, 55·0.9 = 49.5: the shift is 5.5 then 4.95.
        expectClose(p.extra[0], [0, -5.5, -4.95])
        expectClose(p.extra[1], [0, 5.5, 4.95])
        // Disabling dig in y2 (Lf = 0 in y3) cancels y3's efficiency: F[acute,3] = 55, so 10% is 5.5,
        // whichever order the statements were typed in.
        let disable = Lever.level(enabler: 0, value: 0, years: 2..<3)
        let shift = Lever.flow(Flow(amount: 0.1, isPercent: true, from: .category(0), to: .prevention, years: 3..<4))
        expectClose(Projection(c, Plan(c, levers: [shift, disable])).extra[0], [0, 0, -5.5])
        expectClose(Projection(c, Plan(c, levers: [disable, shift])).extra[0], [0, 0, -5.5])
    }

    /// return-scale scales S only; a scalar assumption set replaces the value.
    @Test func returnScaleAndAssumptions() {
        let c = CompiledModel(model)
        let scale = Assumption.resolve("prev.return-scale", in: model)!
        let p = Projection(c, Plan(c, levers: levers(c) + [.assumption(scale, value: 2, years: nil)]))
        expectClose(p.categories[0].savings, [0, 0, 4])
        expectClose(p.metrics[0].values[1], 11.2)
        let growth = Assumption.resolve("allocation-growth", in: model)!
        let q = Projection(c, Plan(c, levers: [.assumption(growth, value: 0.2, years: 3..<4)]))
        expectClose(q.income, [100, 110, 132])
    }

    /// ε is clamped to [−0.5, 0.5]: efficiency 0.9 in y3 becomes 0.5, so F[acute,3] = 55·0.5 = 27.5.
    @Test func efficiencyIsClamped() {
        let c = CompiledModel(model)
        let eff = Assumption.resolve("efficiency", in: model)!
        let p = Projection(c, Plan(c, levers: [.assumption(eff, value: 0.9, years: 3..<4)]))
        expectClose(p.categories[0].outturn, [50, 55, 27.5])
    }
}

func expectClose(_ a: [Double], _ b: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) where abs(x - y) > 1e-9 * max(1, abs(y)) {
        Issue.record("\(a) is not \(b)", sourceLocation: sourceLocation)
        return
    }
}

func expectClose(_ a: Double, _ b: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose([a], [b], sourceLocation: sourceLocation)
}

/// This target's model files, inside the repository.
let models = "Tests/PlanModelTests/Models/"

/// Monte Carlo reuses what depends on the statements alone: the results must be bit-identical to full runs.
@Suite struct HoistingTests {
    @Test(arguments: [false, true])
    func repeatedRunsOfOnePlanMatchFreshRuns(percent: Bool) throws {
        let model = try ModelLoader.load(json: Fixtures.text(models + "tiny.json"))
        let c = CompiledModel(model)
        let plan = Plan(c, levers: [
            .flow(Flow(amount: percent ? 0.05 : 2, isPercent: percent, from: .category(0), to: .prevention, years: 2..<4)),
            .level(enabler: 0, value: 0.5, years: 2..<3)])
        let reused = Workspace(c)
        reused.samePlan = true
        for draw in 0..<5 {
            var params = plan.params
            params[c.offset(of: Assumption.resolve("inflation", in: model)!) + 1] = 0.01 * Double(draw)
            params[c.offset(of: Assumption.resolve("acute.demand-growth", in: model)!)] = 0.02 * Double(draw)
            let fresh = Workspace(c)
            params.withUnsafeBufferPointer { p in
                Engine.run(c, plan, params: p.baseAddress!, into: reused)
                Engine.run(c, plan, params: p.baseAddress!, into: fresh)
            }
            #expect(Projection(c, plan, finished: reused) == Projection(c, plan, finished: fresh), "draw \(draw)")
        }
    }
}
