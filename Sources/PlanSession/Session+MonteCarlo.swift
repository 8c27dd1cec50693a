import Dispatch
import PlanModel
import PlanRender
import PlanSupport

/// `montecarlo`: how sure we can be.
extension Session {
    struct MonteCarloResult {
        var draws: Int
        var pBalanced: [Double]
        var balancedEveryYear: Double
        var balance: [[Double]]          // [percentile][year] for P10, P50, P90
        var pIcbBalanced: [Double] = []
        var icbBalance: [[Double]] = []
        var pPlaceBalanced: [[Double]] = []  // [place][year]
        var metrics: [[[Double]]]        // [metric][percentile][year]
        var cancelled: Bool
    }

    /// Draws of `plan` (the current scenario's unless given).
    func runMonteCarlo(draws n: Int, seed: UInt64, plan given: Plan? = nil) -> MonteCarloResult {
        let plan = given ?? currentPlanCached
        let u = UncertaintyPlan(compiled, plan)
        let T = model.years, M = model.metrics.count, P = model.places.count
        let series = T * (2 + M + P)
        // samples[s * n + d]: series s (balance years, ICB balance years, metric-years, place balance years) for draw d.
        // The buffer is kept between runs: allocating and first touching megabytes cost more than the draws.
        var samples = drawBuffer
        drawBuffer = []
        if samples.count < series * n { samples = [Double](repeating: 0, count: series * n) }
        defer { drawBuffer = samples.count <= 16_000_000 ? samples : [] }  // keep at most 128 MB
        var balancedDraws = 0
        let threads = n >= 512 ? 2 : 1
        let compiled = self.compiled, host = self.host
        var cancelled = false
        samples.withUnsafeMutableBufferPointer { out in
            let outBase = out.baseAddress!
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: threads * 8)
            counts.initialize(repeating: 0, count: threads * 8)
            let stop = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
            stop.initialize(to: false)
            defer { counts.deallocate(); stop.deallocate() }
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                let ws = Workspace(compiled)
                ws.samePlan = true
                var params = plan.params
                params.withUnsafeMutableBufferPointer { pb in
                    plan.params.withUnsafeBufferPointer { base in
                        let p = pb.baseAddress!
                        // A contiguous block of draws per thread: interleaved draws would share cache lines.
                        var d = thread * n / threads
                        let end = (thread + 1) * n / threads
                        while d < end {
                            if d % 256 == 0 {
                                if host.interrupted { stop.pointee = true }
                                if thread == 0 { host.progress("montecarlo", fraction: Double(d * threads) / Double(n)) }
                            }
                            if stop.pointee { break }
                            for i in 0..<base.count { p[i] = base[i] }
                            for k in 0..<u.count { u.apply(k, u.draw(k, seed: seed, draw: d), into: p) }
                            Engine.run(compiled, plan, params: UnsafePointer(p), into: ws)
                            var balanced = true
                            for t in 0..<T {
                                outBase[t * n + d] = ws.balance[t]
                                if ws.balance[t] < 0 { balanced = false }
                            }
                            for t in 0..<T { outBase[(T + t) * n + d] = ws.icbBalance[t] }
                            for i in 0..<(M * T) { outBase[(2 * T + i) * n + d] = ws.metricValues[i] }
                            for i in 0..<(P * T) { outBase[((2 + M) * T + i) * n + d] = ws.placeBalance[i] }
                            if balanced { counts[thread * 8] += 1 }
                            d += 1
                        }
                    }
                }
            }
            cancelled = stop.pointee
            balancedDraws = (0..<threads).reduce(0) { $0 + counts[$1 * 8] }
        }
        host.progress("", fraction: 1)
        if cancelled {
            return MonteCarloResult(draws: n, pBalanced: [], balancedEveryYear: 0, balance: [], metrics: [], cancelled: true)
        }
        func share(_ s: Int) -> Double {
            var c = 0
            for d in 0..<n where samples[s * n + d] >= 0 { c += 1 }
            return Double(c) / Double(n)
        }
        let pBalanced = (0..<T).map { share($0) }
        let pIcb = (0..<T).map { share(T + $0) }
        let pPlaces = (0..<P).map { p in (0..<T).map { share((2 + M + p) * T + $0) } }
        let quantiles = [0.1, 0.5, 0.9]
        var sorted = [[Double]](repeating: [Double](repeating: 0, count: 3), count: series)
        // Each series is selected on its own, so the two cores share them.
        sorted.withUnsafeMutableBufferPointer { results in
            samples.withUnsafeMutableBufferPointer { all in
                let base = all.baseAddress!, out = results.baseAddress!
                DispatchQueue.concurrentPerform(iterations: threads) { thread in
                    var s = thread
                    while s < series {
                        out[s] = Percentile.selectAscending(UnsafeMutableBufferPointer(start: base + s * n, count: n), quantiles)
                        s += threads
                    }
                }
            }
        }
        let balance = (0..<3).map { q in (0..<T).map { sorted[$0][q] } }
        let icb = (0..<3).map { q in (0..<T).map { sorted[T + $0][q] } }
        let metrics = (0..<M).map { m in (0..<3).map { q in (0..<T).map { sorted[2 * T + m * T + $0][q] } } }
        return MonteCarloResult(draws: n, pBalanced: pBalanced, balancedEveryYear: Double(balancedDraws) / Double(n),
                                balance: balance, pIcbBalanced: pIcb, icbBalance: icb, pPlaceBalanced: pPlaces,
                                metrics: metrics, cancelled: cancelled)
    }

    // montecarlo [N] [seed N]
    func monteCarlo(draws n: Int, seed: UInt64) throws {
        let r = runMonteCarlo(draws: n, seed: seed)
        if r.cancelled {
            acknowledgeInterrupt()
            throw refuse("montecarlo interrupted; nothing changed", nil)
        }
        let labels = model.yearLabels
        if options.format == .json {
            var s = "{\"kind\":\"montecarlo\",\"scenario\":\(JSONText.quote(currentName)),\"draws\":\(n),\"seed\":\(seed),"
            s += "\"years\":[" + labels.map(JSONText.quote).joined(separator: ",") + "],\"pBalanced\":\(JSONText.numbers(r.pBalanced)),"
            s += "\"pIcbBalanced\":\(JSONText.numbers(r.pIcbBalanced)),"
            s += "\"pBalancedEveryYear\":\(JSONText.number(r.balancedEveryYear)),"
            s += "\"balance\":{\"p10\":\(JSONText.numbers(r.balance[0])),\"p50\":\(JSONText.numbers(r.balance[1])),\"p90\":\(JSONText.numbers(r.balance[2]))},"
            s += "\"icbBalance\":{\"p10\":\(JSONText.numbers(r.icbBalance[0])),\"p50\":\(JSONText.numbers(r.icbBalance[1])),\"p90\":\(JSONText.numbers(r.icbBalance[2]))},"
            s += "\"metrics\":{" + model.metrics.enumerated().map { k, m in
                "\(JSONText.quote(m.id)):{\"p10\":\(JSONText.numbers(r.metrics[k][0])),\"p50\":\(JSONText.numbers(r.metrics[k][1])),\"p90\":\(JSONText.numbers(r.metrics[k][2]))}"
            }.joined(separator: ",") + "}"
            if !model.places.isEmpty {
                s += ",\"places\":{" + model.places.enumerated().map { "\(JSONText.quote($1.id)):{\"pBalanced\":\(JSONText.numbers(r.pPlaceBalanced[$0]))}" }.joined(separator: ",") + "}"
            }
            s += "}"
            write(s)
            return
        }
        var sections = [ReportTable.Section("Balance", [
            .init("P(balance ≥ 0)", unit: "%", r.pBalanced.map { $0 * 100 }, decimals: 0),
            .init("P10", unit: "£m", r.balance[0]), .init("P50", unit: "£m", r.balance[1]), .init("P90", unit: "£m", r.balance[2]),
            .init("P(ICB balance ≥ 0)", unit: "%", r.pIcbBalanced.map { $0 * 100 }, decimals: 0)]
            + model.places.enumerated().map { .init("P(\($1.id) ≥ 0)", unit: "%", r.pPlaceBalanced[$0].map { $0 * 100 }, decimals: 0) })]
        // Metrics whose percentiles all agree (nothing uncertain moves them) are named in one line, not tabled.
        var settled: [String] = []
        for (k, m) in model.metrics.enumerated() {
            let spread = zip(r.metrics[k][0], r.metrics[k][2]).map { abs($1 - $0) }.max() ?? 0
            if spread < 1e-9 * max(1, r.metrics[k][1].map(abs).max() ?? 0) { settled.append(m.id); continue }
            let d = r.metrics[k][1].map(abs).max() ?? 0 >= 100 ? 1 : 2
            sections.append(.init(m.name + (m.unit.isEmpty ? "" : " (\(m.unit))"), [
                .init("P10", unit: "", r.metrics[k][0], decimals: d), .init("P50", unit: "", r.metrics[k][1], decimals: d),
                .init("P90", unit: "", r.metrics[k][2], decimals: d)]))
        }
        let verdict = "Verdict: balanced every year in \(NumberFormat.fixed(r.balancedEveryYear * 100, decimals: 0))% of \(n) draws (seed \(seed))"
        var footer = [verdict]
        let plan = project(currentPlanCached).balance
        footer.append("The plan as simulated (no assumption drawn) gives \(NumberFormat.money(plan[plan.count - 1], decimals: 1)) in \(labels[labels.count - 1]); "
                      + "the draws follow each assumption's uncertainty, whose mode may differ from the plan's value (show assumptions).")
        if !settled.isEmpty { footer.append("No spread (no uncertain assumption moves them): " + settled.joined(separator: ", ")) }
        let table = ReportTable(title: "Monte Carlo, scenario \(currentName): \(n) draws of \(UncertaintyPlan(compiled, currentPlanCached).count) uncertain assumptions",
                                years: labels, sections: sections, footer: footer)
        guard options.format == .table else { write(render(table)); return }
        let fan = FanChart(title: "Balance (£m): where eight draws in ten fall", years: labels, p10: r.balance[0], p50: r.balance[1],
                           p90: r.balance[2], width: options.width, style: options.style)
        write(render(table) + "\n" + fan.render())
    }
}

/// Percentiles by linear interpolation between order statistics (the common "type 7" definition).
enum Percentile {
    /// Several quantiles in ascending order: each search starts where the previous one left off, since
    /// after selecting the k-th smallest everything from k on is at least as large.
    static func selectAscending(_ v: UnsafeMutableBufferPointer<Double>, _ qs: [Double]) -> [Double] {
        var from = 0
        return qs.map { q in
            let r = select(v, q, from: from)
            from = Int((Double(v.count - 1) * q).rounded(.down))
            return r
        }
    }

    /// The q-quantile of `v` by quickselect (reorders `v`): the k-th smallest, and the next one for interpolation.
    /// `from`: elements before it are already known to be no larger than the answer.
    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ q: Double, from: Int = 0) -> Double {
        guard !v.isEmpty else { return .nan }
        let h = Double(v.count - 1) * q
        let k = Int(h.rounded(.down))
        var lo = min(from, k), hi = v.count - 1
        while lo < hi {
            let pivot = v[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        let kth = v[k]
        guard k + 1 < v.count, h > Double(k) else { return kth }
        var next = Double.infinity
        for i in (k + 1)..<v.count where v[i] < next { next = v[i] }
        return kth + (h - Double(k)) * (next - kth)
    }

    static func of(sortedValues v: [Double], _ q: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let h = Double(v.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, v.count - 1)
        return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
    }
}
