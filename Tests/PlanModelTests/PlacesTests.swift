import Foundation
import Testing
import TestSupport
@testable import PlanModel

/// Version 2 of the equations (MODEL.md §2–§4) on a two-place model (Models/two-places.json), worked by hand:
/// places, payment and the providers' gap, maxUnmet, and mean and sum metrics.
@Suite struct PlacesTests {
    let model = try! ModelLoader.load(json: Fixtures.text(models + "two-places.json"))

    /// shift £2m from acute to prev in north, y2..y3. north: s = w = 0.6, acute share 0.5, growth delta 0.1.
    ///   F[acute,north] = 25, 25·1.1·1.1 = 30.25, 30.25·1.1·0.9 = 29.9475;  F[acute,south] = 25, 27.5, 24.75.
    ///   X[acute,north] = 0, −2, −2;  S[acute,north] = 0, 0, 2 (kernel 0, 1).
    ///   demand[acute,north] = 25, 30.25, 29.9475 − 0.5·2 = 28.9475;  budget = 25, 28.25, 27.9475.
    ///   payment = budget + 0.3·(outturn − budget) = 25, 28.85, 28.2475;  gap = payment − outturn = 0, −1.4, −0.7.
    func shift() -> [Lever] {
        [.flow(Flow(amount: 2, isPercent: false, from: .category(0), to: .category(1), years: 2..<4, place: 0))]
    }

    @Test func placesCarryTheirShareAndTheShiftMakesAProviderGap() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: shift()))
        let base = Projection(c, Plan(c))
        let north = p.places[0].categories[0]
        expectClose(north.outturn, [25, 30.25, 28.9475])
        expectClose(north.budget, [25, 28.25, 27.9475])
        expectClose(north.payment, [25, 28.85, 28.2475])
        expectClose(north.providerGap, [0, -1.4, -0.7])
        expectClose(p.places[1].categories[0].outturn, [25, 27.5, 24.75])
        expectClose(p.places[0].income, [60, 66, 66])
        expectClose(p.income, [100, 110, 110])
        // The ICB pays the variable share of the difference; the system pays the whole extra outturn.
        expectClose(zip(p.icbBalance, base.icbBalance).map { $0 - $1 }, [0, -0.6, -0.3])
        expectClose(zip(p.balance, base.balance).map { $0 - $1 }, [0, -2, -1])
        // balance = icbBalance + Σ providerGap.
        for t in 0..<3 { #expect(abs(p.balance[t] - p.icbBalance[t] - p.categories.map { $0.providerGap[t] }.reduce(0, +)) < 1e-9) }
    }

    /// hold-budgets with maxUnmet 0.02: outturn = max(min(demand, budget⁺), 0.98·demand).
    ///   t2: max(28.25, 29.645) = 29.645, unmet 0.605;  t3: max(27.9475, 28.36855) = 28.36855, unmet 0.57895.
    @Test func unmetDemandIsCapped() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: shift() + [.policy(.holdBudgets)]))
        expectClose(p.places[0].categories[0].outturn, [25, 29.645, 28.36855])
        expectClose(p.places[0].categories[0].unmet, [0, 0.605, 0.57895])
    }

    /// m (mean): north base 12, trend 1 + 0.5, k = 1/0.6: programme 0.1·2/0.6 in y2 and 0.1·(2 + 2)/0.6 in y3
    /// (kernel [1] holds), capacity 0.5·1/0.6 and activity 0.01·(28.9475 − 29.9475)/0.6 in y3:
    /// 12, 13.8333…, 16.4833…; south 10, 11, 12; system = 0.6·north + 0.4·south = 11.2, 12.7, 14.69.
    /// count (sum): bases 60 and 40, trends 6 and 4, programme 2·2 and 2·4 in north: system 100, 114, 128.
    @Test func meanAndSumMetricsAggregate() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c, levers: shift()))
        expectClose(p.places[0].metrics[0], [12, 12 + 1.5 + 0.2 / 0.6, 15 + 0.4 / 0.6 + 0.5 / 0.6 - 0.01 / 0.6])
        expectClose(p.places[1].metrics[0], [10, 11, 12])
        expectClose(p.metrics[0].values, [11.2, 12.7, 14.69])
        expectClose(p.metrics[0].gap!, [2, 1.5 + 0.2 / 0.6 + 1, 4.15 + 0.2 / 0.6])
        expectClose(p.metrics[1].values, [100, 114, 128])
        #expect(p.metrics[1].gap == nil)
    }

    /// E.cost is the actual cost: an overrun at level 1 reaches both balances from year 2.
    @Test func enablerOverrunReachesTheBalance() {
        let c = CompiledModel(model)
        var plan = Plan(c)
        plan.apply(.assumption(Assumption(field: .cost, index: 0), value: 6, years: nil), c)
        let p = Projection(c, plan), base = Projection(c, Plan(c))
        expectClose(p.enablers[0].cost, [0, 2, 2])
        expectClose(zip(p.balance, base.balance).map { $0 - $1 }, [0, -2, -2])
        expectClose(zip(p.icbBalance, base.icbBalance).map { $0 - $1 }, [0, -2, -2])
    }

    /// A model file round-trips through `model save` byte for byte, places and new keys included.
    @Test func placesRoundTrip() throws {
        let saved = ModelWriter.json(model)
        let again = try ModelLoader.load(json: saved)
        #expect(ModelWriter.json(again) == saved)
        #expect(again.places.count == 2)
        #expect(again.categories[0].maxUnmet == 0.02)
    }

    /// A kernel shorter than the horizon holds its last entry; a longer horizon runs the arrays' last entries.
    @Test func shortArraysHoldTheirLastEntry() {
        var m = model
        m.years = 6
        let c = CompiledModel(m)
        let p = Projection(c, Plan(c))
        // growth [0, 0.1, 0] holds 0 from year 3: income stays 110.
        expectClose(p.income, [100, 110, 110, 110, 110, 110])
        #expect(p.breaches.isEmpty)
    }
}
