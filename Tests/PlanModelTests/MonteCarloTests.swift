import Foundation
import Testing
@testable import PlanModel

/// Type-7 percentiles by sorting: what bucket selection must give exactly.
func sortedPercentile(_ values: [Double], _ q: Double) -> Double {
    let v = values.sorted()
    return Quantiles.value(n: v.count, q) { v[$0] }
}

@Suite struct QuantileTests {
    /// Bucket selection gives the percentiles of a full sort, bit for bit: ties, point masses at the ends
    /// (a clamped metric), one value, and values spread over many orders of magnitude.
    @Test func bucketSelectionMatchesSorting() {
        var rng = SplitMix(seed: 9)
        let qs = [0.0, 0.1, 0.5, 0.9, 1.0]
        for n in [1, 2, 3, 10, 101, 1000, 5000] {
            let shapes: [[Double]] = [
                (0..<n).map { _ in Double(rng.next() % 50) / 7 },
                (0..<n).map { _ in min(3, max(-1, Double(Int64(bitPattern: rng.next() % 1000)) / 100 - 2)) },
                (0..<n).map { _ in Double(rng.next() >> 11) * 0x1.0p-53 * pow(10, Double(rng.next() % 12)) - 5 },
                [Double](repeating: 4.25, count: n),
            ]
            for values in shapes {
                let got = values.withUnsafeBufferPointer { Quantiles.of($0, qs) }
                #expect(got == qs.map { sortedPercentile(values, $0) }, "n \(n)")
            }
        }
    }
}

/// Monte Carlo's figures do not depend on threads, SIMD lanes or how many draws fit in memory.
@Suite struct MonteCarloTests {
    static func plan(_ c: CompiledModel) -> Plan {
        let model = c.model
        let acute = model.categories.firstIndex { $0.id == "acute" }!
        let digital = model.enablers.firstIndex { $0.id == "digital" }!
        return Plan(c, levers: [
            .flow(Flow(amount: 0.02, isPercent: true, from: .category(acute), to: .prevention, years: 2..<6)),
            .flow(Flow(amount: 5, isPercent: false, from: nil, to: .category(acute), years: 3..<6, place: model.places.isEmpty ? nil : 1)),
            .level(enabler: digital, value: 0, years: 3..<6)])
    }

    @Test func sameFiguresOnAnyThreadsWithOrWithoutLanes() throws {
        let c = CompiledModel(try ModelLoader.load(json: DefaultModel.json))
        let plan = Self.plan(c)
        // 1,001 draws: spare lanes in the last block; 1,024 kept draws at most so that three passes run.
        let n = 1001
        let reference = MonteCarlo.run(c, plan, draws: n, seed: 42, options: .init(threads: 1, lanes: false))!
        #expect(reference.passes == 1)
        for options in [MonteCarlo.Options(threads: 1, lanes: true), .init(threads: 2, lanes: true),
                        .init(threads: 2, lanes: false), .init(threads: 3, lanes: true)] {
            #expect(MonteCarlo.run(c, plan, draws: n, seed: 42, options: options) == reference, "\(options)")
        }
        // Beyond the kept draws (1,024 here): counted with the values near each percentile kept on the way
        // (two passes), or with a third pass when there is no room for them or they miss.
        let big = 3000
        let kept = MonteCarlo.run(c, plan, draws: big, seed: 7, options: .init(threads: 2))!
        #expect(kept.passes == 1)
        for (options, passes) in [(MonteCarlo.Options(threads: 2, keptBytes: 1), 2), (.init(threads: 2, keptBytes: 1, windowBytes: 0), 3),
                                  (.init(threads: 1, keptBytes: 1, windowBytes: 800), 3), (.init(threads: 3, lanes: false, keptBytes: 1), 2)] {
            var streamed = MonteCarlo.run(c, plan, draws: big, seed: 7, options: options)!
            #expect(streamed.passes == passes, "\(options)")
            streamed.passes = 1
            #expect(streamed == kept, "\(options)")
        }
    }

    /// Against the plainest computation: each draw run alone by the scalar engine, every value kept and sorted.
    /// The built-in model has correlations (a Gaussian copula over the whole matrix: every drawn assumption's
    /// uniform from the copula's entries, z = L·n, u = Φ(z) where a correlation joins it to another) and a risk
    /// register (each entry happens when its uniform falls below its probability, for all its years).
    @Test func matchesDrawByDrawRuns() throws {
        let c = CompiledModel(try ModelLoader.load(json: DefaultModel.json))
        #expect(!c.model.correlations.isEmpty && !c.model.risks.isEmpty)
        let plan = Self.plan(c)
        let n = 517, seed: UInt64 = 3, T = c.years
        let u = UncertaintyPlan(c, plan)
        var balance = [[Double]](repeating: [], count: T), icb = balance
        var metrics = [[Double]](repeating: [], count: c.metricCount * T)
        var balanced = [Int](repeating: 0, count: T), every = 0
        let ws = Workspace(c)
        var assumptions: [String] = []
        for id in u.ids where !assumptions.contains(id) { assumptions.append(id) }
        let L = Copula.cholesky(Copula.matrix(c.model, assumptions))!
        let joined = assumptions.map { a in
            c.model.correlations.contains { $0.rho != 0 && (($0.a == a && assumptions.contains($0.b)) || ($0.b == a && assumptions.contains($0.a))) }
        }
        for d in 0..<n {
            let hash = UncertaintyPlan.drawHash(seed: seed, draw: d)
            var uniforms = assumptions.indices.map { UncertaintyPlan.uniform(drawHash: hash, entry: UncertaintyPlan.copulaEntries + $0) }
            let normals = uniforms.map(Copula.quantile)
            for a in assumptions.indices where joined[a] {
                uniforms[a] = Copula.cdf((0...a).reduce(0.0) { $0 + L[a][$1] * normals[$1] })
            }
            var p = plan.params
            p.withUnsafeMutableBufferPointer { p in
                for k in 0..<u.count {
                    let value = UncertaintyPlan.triangular(uniforms[assumptions.firstIndex(of: u.ids[k])!], u.lows[k], u.modes[k], u.highs[k])
                    u.apply(k, value, into: p.baseAddress!)
                }
            }
            p.withUnsafeBufferPointer { Engine.run(c, plan, params: $0.baseAddress!, into: ws) }
            var system = (0..<T).map { ws.balance[$0] }, ownICB = (0..<T).map { ws.icbBalance[$0] }
            for (r, entry) in plan.risks.enumerated() {
                let probability = p.withUnsafeBufferPointer { plan.probability(r, params: $0.baseAddress!) }
                guard UncertaintyPlan.uniform(drawHash: hash, entry: Runner.riskEntries + r) < probability else { continue }
                let onICB = entry.organisation.map { c.isProvider[$0] == 0 } ?? true
                for t in 0..<T where entry.impact[t] != 0 {
                    system[t] += entry.sign * entry.impact[t]
                    if onICB { ownICB[t] += entry.sign * entry.impact[t] }
                }
            }
            for t in 0..<T {
                balance[t].append(system[t]); icb[t].append(ownICB[t])
                if system[t] >= 0 { balanced[t] += 1 }
            }
            if system.allSatisfy({ $0 >= 0 }) { every += 1 }
            for i in 0..<(c.metricCount * T) { metrics[i].append(ws.metricValues[i]) }
        }
        let r = MonteCarlo.run(c, plan, draws: n, seed: seed, options: .init(threads: 2))!
        #expect(r.pBalanced == balanced.map { Double($0) / Double(n) })
        #expect(r.balancedEveryYear == Double(every) / Double(n))
        for (k, q) in MonteCarlo.quantiles.enumerated() {
            #expect(r.balance[k] == balance.map { sortedPercentile($0, q) })
            #expect(r.icbBalance[k] == icb.map { sortedPercentile($0, q) })
            for m in 0..<c.metricCount {
                #expect(r.metrics[m][k] == (0..<T).map { sortedPercentile(metrics[m * T + $0], q) })
            }
        }
    }
}
