import Dispatch
import Synchronization

// One Monte Carlo run (MonteCarlo.swift holds what callers see): its passes over the draws, the blocks of
// draws run together, and what each thread counts and collects.

/// One Monte Carlo run's state. Each draw's results are a row: the series that get percentiles (balance,
/// ICB balance, each metric, then the underlying balance, year by year: Q of them) then each place's balance.
final class Runner: @unchecked Sendable {
    let compiled: CompiledModel, plan: Plan, uncertainty: UncertaintyPlan
    let n: Int, seed: UInt64, threads: Int, lanes: Bool, windowBytes: Int
    let T: Int, M: Int, P: Int, Q: Int, rowLength: Int
    /// Rows counted for P(balance ≥ 0) beyond the system's and the ICB's: each place's, each organisation's,
    /// then the system's before mitigations.
    let R: Int
    /// The entry numbers of the risk register's draws (whether each entry happens): apart from the assumptions'.
    static let riskEntries = 0x4000_0000
    /// Draws 0 ..< kept are held in memory, series by series: `held[s * kept + d]`.
    let kept: Int
    /// Draws are handed to the threads in chunks of this many (pass 1's chunks start at multiples of it).
    static let chunk = 256
    let held: UnsafeMutablePointer<Double>
    let memory: MonteCarlo.Memory
    /// What each thread counts and collects, apart from the others'.
    fileprivate let states: [ThreadState]

    init(_ compiled: CompiledModel, _ plan: Plan, draws n: Int, seed: UInt64, options: MonteCarlo.Options, memory: MonteCarlo.Memory) {
        self.compiled = compiled; self.plan = plan; self.n = n; self.seed = seed
        uncertainty = UncertaintyPlan(compiled, plan)
        T = compiled.years; M = compiled.metricCount; P = compiled.placeCount
        Q = (3 + M) * T; R = P + compiled.organisationCount + 1; rowLength = Q + R * T
        let cores = options.threads > 0 ? options.threads : System.cores
        threads = max(1, min(cores, n / Runner.chunk))
        lanes = options.lanes
        windowBytes = options.windowBytes
        kept = min(n, max(1024, options.keptBytes / (8 * Q)))
        self.memory = memory
        held = memory.prepare(compiled, values: Q * kept, threads: threads, lanes: lanes)
        let tally = 2 * T + R * T + 1
        let series = Q
        states = (0..<threads).map { _ in ThreadState(tally: tally, series: series) }
    }

    func summary(progress: (Double) -> Void, interrupted: () -> Bool) -> MonteCarlo.Summary? {
        let work = Double(n + 2 * (n - kept)), ranks = Quantiles.ranks(n: n, MonteCarlo.quantiles)
        let B = Buckets.count, Q = self.Q
        // Pass 1: the kept draws, every series stored, and each series' smallest and largest value.
        let base = held, kept = self.kept
        guard forEachDraw(0..<kept, progress: { progress(Double($0) / work) }, interrupted: interrupted, { thread, block in
            self.tally(thread, block)
            // Each chunk's draws are staged per series in the thread's own buffer, then each series' run is
            // copied to its place in one move: 80 scattered streams of eight values each block missed the
            // cache on almost every store.
            let state = self.states[thread], C = Runner.chunk, stage = state.stage(series: Q), at = block.first % C
            if let row = block.lanes {
                // A whole block of lanes: each series' values stored eight at a time, its extremes lane by lane.
                let los = state.laneLo, his = state.laneHi, pieces = block.width / 8
                for s in 0..<Q {
                    // The extremes held in registers across the pieces (stores to the stage could alias them).
                    var lo = los[s], hi = his[s]
                    for h in 0..<pieces {
                        let v = row[s * pieces + h]
                        UnsafeMutableRawPointer(stage + s * C + at + 8 * h).storeBytes(of: v, as: SIMD8<Double>.self)
                        lo = lo.replacing(with: v, where: v .< lo)
                        hi = hi.replacing(with: v, where: v .> hi)
                    }
                    los[s] = lo; his[s] = hi
                }
            } else {
                let los = state.lo, his = state.hi
                for s in 0..<Q {
                    let out = stage + s * C + at
                    var lo = los[s], hi = his[s]
                    for l in 0..<block.count {
                        let v = block[s, l]
                        out[l] = v
                        lo = min(lo, v); hi = max(hi, v)
                    }
                    los[s] = lo; his[s] = hi
                }
            }
            let end = block.first + block.count
            if end % C == 0 || end == kept {
                let start = (end - 1) / C * C
                for s in 0..<Q { (base + s * kept + start).update(from: stage + s * C, count: end - start) }
            }
        }) else { return nil }
        let buckets = (0..<Q).map { s in
            Buckets(lo: states.map { min($0.lo[s], $0.laneLo[s].min()) }.min()!,
                    hi: states.map { max($0.hi[s], $0.laneHi[s].max()) }.max()!)
        }
        if kept == n {
            // Every draw is in memory: count, locate and collect from it, series by series.
            let values = eachSeries { thread, s, values in
                let state = self.states[thread]
                return Quantiles.select(values, buckets[s], MonteCarlo.quantiles, ranks: ranks, counts: &state.counting,
                                        index: state.index(capacity: kept))
            }
            progress(1)
            return assemble(values, passes: 1)
        }
        // Pass 2: count each series' values per bucket, the buckets spanning what the kept draws showed, and
        // keep the values in the buckets around where the kept draws put each percentile.
        let window = self.window(buckets, ranks)
        let cap = windowBytes / 8 / threads
        for state in states {
            state.counts = .allocate(capacity: Q * B); state.counts!.initialize(repeating: 0, count: Q * B)
            state.near = [[Double]](repeating: [], count: Q)
        }
        guard forEachDraw(kept..<n, progress: { progress(Double(self.n + $0 - kept) / work) }, interrupted: interrupted, { thread, block in
            self.tally(thread, block)
            let state = self.states[thread], c = state.counts!
            for s in 0..<Q {
                let counts = c + s * B, bucket = buckets[s], near = window + s * B
                for l in 0..<block.count {
                    let v = block[s, l], b = bucket.index(v)
                    counts[b] += 1
                    if near[b] != 0, state.nearCount < cap { state.near[s].append(v); state.nearCount += 1 }
                }
            }
        }) else { window.deallocate(); return nil }
        let located = eachSeries { thread, s, values in
            var total = [Int](repeating: 0, count: B)
            buckets[s].count(values, into: &total, index: self.states[thread].index(capacity: kept))
            for state in self.states { for b in 0..<B { total[b] += Int(state.counts![s * B + b]) } }
            return Located(buckets[s], total, ranks)
        }
        // Every target bucket kept on the way, and nothing left out for want of room: no third pass.
        let covered = states.allSatisfy { $0.nearCount < cap }
            && (0..<Q).allSatisfy { s in located[s].targets.allSatisfy { window[s * B + $0] != 0 } }
        window.deallocate()
        for state in states { state.bins = located.map { $0.targets.map { _ in [] } } }
        if covered {
            for state in states {
                for s in 0..<Q where !located[s].targets.isEmpty {
                    for v in state.near[s] { if let i = located[s].slot(of: v) { state.bins[s][i].append(v) } }
                }
            }
        } else {
            // Pass 3: the draws again, keeping only the values in the buckets where the percentiles fall.
            guard forEachDraw(kept..<n, progress: { progress(Double(2 * self.n + $0 - 2 * kept) / work) }, interrupted: interrupted, { thread, block in
                let state = self.states[thread]
                for s in 0..<Q where !located[s].targets.isEmpty {
                    for l in 0..<block.count {
                        let v = block[s, l]
                        if let i = located[s].slot(of: v) { state.bins[s][i].append(v) }
                    }
                }
            }) else { return nil }
        }
        for state in states { state.near = [] }
        // Each series' percentiles: the kept values in its target buckets, with those collected beyond them.
        let values = eachSeries { thread, s, values -> [Double] in
            var inBuckets = located[s].targets.indices.map { i in self.states.flatMap { $0.bins[s][i] } }
            let index = self.states[thread].index(capacity: kept)
            for (i, v) in values.enumerated() { index[i] = UInt16(buckets[s].index(v)) }
            located[s].collect(values, index: index, into: &inBuckets)
            return located[s].quantiles(n: self.n, MonteCarlo.quantiles, inBuckets)
        }
        progress(1)
        return assemble(values, passes: covered ? 2 : 3)
    }

    /// Per series and bucket, 1 where pass 2 should keep the values: the buckets holding the kept draws'
    /// ranks within ±δ of each percentile's, δ as wide as `windowBytes` allows (the buckets of lo and hi
    /// hold one value each and need none kept).
    private func window(_ buckets: [Buckets], _ ranks: [Int]) -> UnsafeMutablePointer<UInt8> {
        let B = Buckets.count, Q = self.Q, kept = self.kept, n = self.n
        let window = UnsafeMutablePointer<UInt8>.allocate(capacity: Q * B)
        window.initialize(repeating: 0, count: Q * B)
        // Each of the ≤ 2 windows per quantile spans a share 2δ of the remaining draws.
        let budget = Double(windowBytes / 8), spans = Double(Q * MonteCarlo.quantiles.count) * 2
        let delta = min(0.5, budget / (spans * Double(max(1, n - kept))))
        guard windowBytes > 0 else { return window }
        _ = eachSeries { thread, s, values -> Bool in
            var counts = [Int](repeating: 0, count: B)
            buckets[s].count(values, into: &counts, index: self.states[thread].index(capacity: kept))
            for r in ranks {
                let f = Double(r) / Double(max(1, n - 1))
                let low = max(0, Int(((f - delta) * Double(kept)).rounded(.down)))
                let high = min(kept - 1, Int(((f + delta) * Double(kept)).rounded(.up)))
                var below = 0, b = 0
                while b < B, below + counts[b] <= low { below += counts[b]; b += 1 }
                while b < B, below <= high {
                    if buckets[s].only(b) == nil { window[s * B + b] = 1 }
                    below += counts[b]; b += 1
                }
            }
            return true
        }
        return window
    }

    /// Counts of balance ≥ 0 and the rest for a block of draws, into the thread's tally.
    @inline(__always)
    private func tally(_ thread: Int, _ block: Block) {
        let c = states[thread].tally
        if let row = block.lanes {
            // Eight draws at once: lanes at or above 0 counted from each comparison's mask.
            @inline(__always) func count(_ m: SIMDMask<SIMD8<Int64>>) -> Int {
                Int(SIMD8<Int64>(repeating: 0).replacing(with: 1, where: m).wrappedSum())
            }
            let pieces = block.width / 8
            for h in 0..<pieces {
                var every = SIMDMask<SIMD8<Int64>>(repeating: true)
                for t in 0..<T { every .&= .!(row[t * pieces + h] .< 0) }
                c[2 * T + R * T] += count(every)
                for t in 0..<(2 * T) { c[t] += count(row[t * pieces + h] .>= 0) }
                for i in 0..<(R * T) { c[2 * T + i] += count(row[(Q + i) * pieces + h] .>= 0) }
            }
            return
        }
        for l in 0..<block.count {
            var every = true
            for t in 0..<T where block[t, l] < 0 { every = false }
            if every { c[2 * T + R * T] += 1 }
        }
        for t in 0..<(2 * T) { for l in 0..<block.count where block[t, l] >= 0 { c[t] += 1 } }
        for i in 0..<(R * T) { for l in 0..<block.count where block[Q + i, l] >= 0 { c[2 * T + i] += 1 } }
    }

    private func assemble(_ q: [[Double]], passes: Int) -> MonteCarlo.Summary {
        var c = [Int](repeating: 0, count: 2 * T + R * T + 1)
        for state in states { for i in c.indices { c[i] += state.tally[i] } }
        let share = { (i: Int) in Double(c[i]) / Double(self.n) }
        let percentiles = { (first: Int) in (0..<MonteCarlo.quantiles.count).map { k in (0..<self.T).map { q[first + $0][k] } } }
        return MonteCarlo.Summary(
            draws: n, pBalanced: (0..<T).map(share), pIcbBalanced: (0..<T).map { share(T + $0) },
            balancedEveryYear: share(2 * T + R * T),
            pPlaceBalanced: (0..<P).map { p in (0..<T).map { share(2 * T + p * T + $0) } },
            pOrganisationBalanced: (0..<(R - P - 1)).map { o in (0..<T).map { share(2 * T + (P + o) * T + $0) } },
            pBalancedBeforeMitigations: (0..<T).map { share(2 * T + (R - 1) * T + $0) },
            balance: percentiles(0), icbBalance: percentiles(T),
            metrics: (0..<M).map { percentiles((2 + $0) * T) }, underlying: percentiles((2 + M) * T), passes: passes)
    }

    /// `body(thread, s, values)` for each series that gets percentiles, with its kept values; the threads share the series.
    private func eachSeries<R>(_ body: @escaping (Int, Int, UnsafeBufferPointer<Double>) -> R) -> [R] {
        var out = [R?](repeating: nil, count: Q)
        let all = held, kept = self.kept, Q = self.Q, next = Counter()
        out.withUnsafeMutableBufferPointer { results in
            // Series are taken one at a time by whichever thread is free: a thread that starts late (waking
            // a parked worker takes a while) leaves the others none of its share to wait for.
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                while true {
                    let s = next.value.add(1, ordering: .relaxed).oldValue
                    if s >= Q { return }
                    results[s] = body(thread, s, UnsafeBufferPointer(start: all + s * kept, count: kept))
                }
            }
        }
        return out.map { $0! }
    }

    /// Runs the draws in `range` on every thread, in chunks taken in turn, and calls `body(thread, block)`
    /// with each block of draws run together. False when interrupted.
    private func forEachDraw(_ range: Range<Int>, progress: (Int) -> Void, interrupted: () -> Bool,
                             _ body: (Int, Block) -> Void) -> Bool {
        guard !range.isEmpty else { return true }
        let chunk = Runner.chunk, chunks = (range.count + chunk - 1) / chunk
        let next = Counter(), stop = StopFlag()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            if lanes {
                drawLoop(memory.lanes[thread], thread, range, chunk, chunks, next, stop, progress, interrupted, body)
            } else {
                drawLoop(memory.scalars[thread], thread, range, chunk, chunks, next, stop, progress, interrupted, body)
            }
        }
        return !stop.isSet
    }

    private func drawLoop<V: Lane>(_ ws: LaneWorkspace<V>, _ thread: Int, _ range: Range<Int>, _ chunk: Int, _ chunks: Int,
                                   _ next: Counter, _ stop: StopFlag, _ progress: (Int) -> Void, _ interrupted: () -> Bool,
                                   _ body: (Int, Block) -> Void) {
        // The workspace may have run another plan before: what depends on the statements is computed afresh.
        ws.samePlan = true
        ws.leversDone = false
        ws.systemLines = false
        let base = plan.outturnParams, width = V.width, u = uncertainty
        let params = UnsafeMutablePointer<V>.allocate(capacity: base.count)
        let rows = UnsafeMutablePointer<V>.allocate(capacity: rowLength)
        defer { params.deallocate(); rows.deallocate() }
        for i in 0..<base.count { params[i] = V(base[i]) }
        let addedTo = u.addedTo
        let values = UnsafeRawPointer(rows).assumingMemoryBound(to: Double.self)
        var correlated = [V](repeating: V(0), count: u.count)
        while true {
            let c = next.value.add(1, ordering: .relaxed).oldValue
            if c >= chunks || stop.isSet { return }
            if interrupted() { stop.set(); return }
            if thread == 0 { progress(c * chunk) }
            let start = range.lowerBound + c * chunk, end = min(range.upperBound, start + chunk)
            var d = start
            while d < end {
                let count = min(width, end - d)
                // Each draw starts from the plan's parameters: the positions the last draw added to are
                // restored (the others it touched, it replaced, and this draw replaces them again).
                for i in addedTo { params[i] = V(base[i]) }
                // Lane l draws d + l; a short last block repeats its last draw in the spare lanes.
                let draws = V.draws(seed: seed, first: d, count: count)
                if u.cholesky != nil {
                    u.correlated(draws, into: &correlated)
                    for k in 0..<u.count { u.apply(k, correlated[k], into: params) }
                } else {
                    for k in 0..<u.count { u.apply(k, V.value(u, k, draws), into: params) }
                }
                Engine.run(compiled, plan, draws: params, into: ws)
                gather(ws, draws, params, into: rows)
                body(thread, Block(values: values, width: width, first: d, count: count))
                d += count
            }
        }
    }

    /// Copies the series of a run into a row of lanes (series s, lane l at `s * width + l` as Doubles).
    @inline(__always)
    private func gather<V: Lane>(_ ws: LaneWorkspace<V>, _ draws: V.Draws, _ params: UnsafePointer<V>, into row: UnsafeMutablePointer<V>) {
        for t in 0..<T {
            row[t] = ws.balance[t]
            row[T + t] = ws.icbBalance[t]
        }
        for i in 0..<(M * T) { row[2 * T + i] = ws.metricValues[i] }
        // The underlying balance (MODEL.md §9): less the income that does not recur, plus one-off money.
        let underlying = (2 + M) * T, streams = compiled.streamCount > 0
        for t in 0..<T {
            var value = ws.balance[t]
            if streams { for p in 0..<P { value = value - ws.placeNonRecurrent[p * T + t] } }
            var once = 0.0, support = 0.0
            for p in 0..<P { once += ws.placeNonRecurrentMoney[p * T + t] }
            for o in 0..<compiled.organisationCount where compiled.isProvider[o] == 1 { support += compiled.support[o * T + t] }
            row[underlying + t] = value + once - support
        }
        for i in 0..<(P * T) { row[Q + i] = ws.placeBalance[i] }
        let O = R - P - 1, before = Q + (R - 1) * T
        for i in 0..<(O * T) { row[Q + P * T + i] = ws.organisationBalance[i] }
        for t in 0..<T { row[before + t] = ws.balance[t] }
        // §9 and §7: each register entry happens with its probability (the drawn one where R.probability is
        // uncertain), for all its years or not at all; one that happens reaches the system, the ICB where it
        // lands on a commissioner or no one, its organisation (or each commissioner by h_o), the underlying
        // position if it recurs, and, if it is a risk, the system before mitigations. Places carry no risks.
        for (r, entry) in plan.risks.enumerated() {
            let pi = entry.parameter.map { params[$0] } ?? V(entry.probability)
            let happened = V.greatest(V(0), pi - V.uniform(Runner.riskEntries + r, draws))
            let onICB = entry.organisation.map { compiled.isProvider[$0] == 0 } ?? true
            for t in 0..<T where entry.impact[t] != 0 {
                let x = V.choose(nonzero: happened, V(entry.sign * entry.impact[t]), else: V(0))
                row[t] += x
                if onICB { row[T + t] += x }
                if entry.recurrent { row[underlying + t] += x }
                if entry.kind == .risk { row[before + t] += x }
                if let o = entry.organisation {
                    row[Q + (P + o) * T + t] += x
                } else {
                    for o in 0..<O where compiled.isProvider[o] == 0 { row[Q + (P + o) * T + t] += x * compiled.commissionerShare[o] }
                }
            }
        }
    }
}

/// The results of draws run together: series s of the draw `first + l` is `self[s, l]`.
private struct Block {
    let values: UnsafePointer<Double>
    let width: Int, first: Int, count: Int
    @inline(__always) subscript(s: Int, l: Int) -> Double { values[s * width + l] }
    /// The series as rows of eight-lane pieces (series s, piece h at `s * width / 8 + h`), when a whole
    /// block of lanes ran together (else nil).
    @inline(__always) var lanes: UnsafePointer<SIMD8<Double>>? {
        width % 8 == 0 && count == width ? UnsafeRawPointer(values).assumingMemoryBound(to: SIMD8<Double>.self) : nil
    }
}


/// One thread's counts, touched by that thread alone while the draws run (each its own allocation).
fileprivate final class ThreadState: @unchecked Sendable {
    /// Balance ≥ 0 (T), ICB balance ≥ 0 (T), each place's balance ≥ 0 (P·T), balanced every year (1).
    let tally: UnsafeMutablePointer<Int>
    let tallyCount: Int
    /// One series' values per bucket while its percentiles are selected (kept between series).
    var counting: [Int] = []
    /// Pass 2: values per series and bucket, `[s * Buckets.count + b]`.
    var counts: UnsafeMutablePointer<Int32>?
    /// Pass 3: [series][target bucket] the values that fell there.
    var bins: [[[Double]]] = []
    /// Pass 2: [series] the values in the buckets near the expected percentiles, and how many in all.
    var near: [[Double]] = []
    var nearCount = 0
    /// Pass 1: each series' smallest and largest value, of the draws taken one at a time and of those taken
    /// a whole block of lanes at a time (eight lanes by eight).
    let lo: UnsafeMutablePointer<Double>, hi: UnsafeMutablePointer<Double>
    let laneLo: UnsafeMutablePointer<SIMD8<Double>>, laneHi: UnsafeMutablePointer<SIMD8<Double>>
    /// Each kept value's bucket, for the series being selected.
    private var indices: UnsafeMutablePointer<UInt16>?
    /// Pass 1: the chunk being run, series by series (`Runner.chunk` values each).
    private var staged: UnsafeMutablePointer<Double>?

    init(tally count: Int, series: Int) {
        tallyCount = count
        tally = .allocate(capacity: count)
        tally.initialize(repeating: 0, count: count)
        lo = .allocate(capacity: series); lo.initialize(repeating: .infinity, count: series)
        hi = .allocate(capacity: series); hi.initialize(repeating: -.infinity, count: series)
        laneLo = .allocate(capacity: series); laneLo.initialize(repeating: SIMD8(repeating: .infinity), count: series)
        laneHi = .allocate(capacity: series); laneHi.initialize(repeating: SIMD8(repeating: -.infinity), count: series)
    }

    func stage(series: Int) -> UnsafeMutablePointer<Double> {
        if staged == nil { staged = .allocate(capacity: series * Runner.chunk) }
        return staged!
    }

    func index(capacity: Int) -> UnsafeMutablePointer<UInt16> {
        if indices == nil { indices = .allocate(capacity: max(1, capacity)) }
        return indices!
    }

    deinit {
        tally.deallocate(); lo.deallocate(); hi.deallocate(); laneLo.deallocate(); laneHi.deallocate()
        counts?.deallocate(); indices?.deallocate(); staged?.deallocate()
    }
}
