// The engine's second half, MODEL.md §4: each run's metrics, worked out after its money (Engine.swift,
// §2–§3), per place from the programme money's responses, the enablers, freed capacity and activity, then
// the system's figures.

extension Engine {
    /// MODEL.md §4: value = clamp(base + trend·(t−1) + programme + enabler + capacity + activity, min, max),
    /// per place; the system value is the population-weighted mean (or the sum) of the places'.
    ///
    /// `sameLevers`: this run's levels, money and moved lines are the last run's (Monte Carlo's later draws of
    /// a plan), so each metric and place is plain (nothing but base and trend) or not as it was then.
    @inline(never)
    static func metrics<V: Lane>(_ m: CompiledModel, _ p: UnsafePointer<V>, _ ws: LaneWorkspace<V>, sameLevers: Bool) {
        let T = m.years, P = m.placeCount
        for k in 0..<m.metricCount {
            // A single run's metric with no capacity or activity term, no enabler term (every level at 1) and
            // no money in its responses' categories is plain (base and trend alone, as `metric` would find):
            // without the call (a baseline's metrics, mostly; the call cost three places' baseline runs 6%).
            let bare = V.width == 1 && m.mCapacity[k] == 0 && m.actStart[k] == m.actStart[k + 1]
                && !(ws.levelsChanged && m.menStart[k] < m.menStart[k + 1])
            for place in 0..<P {
                if bare && !funded(k, place, m, ws) {
                    let mp = k * P + place
                    plain(m, mp, base(k, mp, m, p), trend(k, mp, m, p), ws.placeMetricValues + mp * T)
                    continue
                }
                metric(k, place, m, p, ws, sameLevers: sameLevers)
            }
            if P > 1 {
                let sum = m.mSum[k] == 1, gaps = ws.systemLines
                for t in 0..<T {
                    var total = V(0), lo = V(Double.infinity), hi = V(-Double.infinity)
                    for place in 0..<P {
                        let v = ws.placeMetricValues[(k * P + place) * T + t]
                        total += sum ? v : m.populationShare[place] * v
                        if gaps { lo = V.least(lo, v); hi = V.greatest(hi, v) }
                    }
                    ws.metricValues[k * T + t] = total
                    // Monte Carlo reads no gaps between places.
                    if gaps { ws.metricGap[k * T + t] = sum ? V(0) : hi - lo }
                }
            }
        }
    }

    /// Whether some response of metric k has money in the place.
    @inline(__always)
    private static func funded<V: Lane>(_ k: Int, _ place: Int, _ m: CompiledModel, _ ws: LaneWorkspace<V>) -> Bool {
        let T = m.years, row = place * m.categoryCount
        var r = m.respStart[k]
        while r < m.respStart[k + 1] && ws.firstMoney[row + m.respCat[r]] == T { r &+= 1 }
        return r < m.respStart[k + 1]
    }

    /// Metric k in one place, every year. A function of its own, not inlined: its loops need every register,
    /// and inside the loops over metrics and places the compiler kept their state on the stack instead
    /// (two thirds of a single run's stores were such spills).
    @inline(never)
    private static func metric<V: Lane>(_ k: Int, _ place: Int, _ m: CompiledModel, _ p: UnsafePointer<V>,
                                        _ ws: LaneWorkspace<V>, sameLevers: Bool) {
        let T = m.years, C = m.categoryCount, P = m.placeCount
        let mp = k * P + place
        let trend = Engine.trend(k, mp, m, p)
        if V.width > 1 && sameLevers && ws.plainMetric[mp] == 1 {
            // Plain in the first draw, so plain in this one: without finding it out again.
            plain(m, mp, Engine.base(k, mp, m, p), trend, ws.placeMetricValues + mp * T)
            return
        }
        let programme = ws.scratch, levelsChanged = ws.levelsChanged
        let capacity = m.mCapacity[k]
        let money = m.mEquity[k] == 1 ? ws.effectiveEquity : ws.effective
        let weight = m.mWeight[mp], ceiling = m.mCeiling[mp]
        var r = m.respStart[k], funded = false
        if V.width == 1 && m.shortHorizon {
            // A single run with a short horizon: every year at once, in one vector (`convolved`). Lanes before
            // the money starts add perMillion·(+0) = ±0, which leaves the programme's +0 as it was.
            var years = SIMD8<Double>(repeating: 0)
            while r < m.respStart[k + 1] {
                let j = m.respCat[r]
                let first = ws.firstMoney[place * C + j]
                if first < T {
                    funded = true
                    let w = UnsafeRawPointer(money + (place * C + j) * T).assumingMemoryBound(to: Double.self)
                    let perMillion = m.respPerMillion[r] * p[m.pEffect + j][lane: 0]
                    years += SIMD8(repeating: perMillion) * convolved(w, shifted: m.respShifted + r * 64, from: first, to: T)
                }
                r += 1
            }
            if funded { UnsafeMutableRawPointer(programme).storeBytes(of: years, as: SIMD8<Double>.self) }
        }
        while r < m.respStart[k + 1] {
            let j = m.respCat[r]
            let first = ws.firstMoney[place * C + j]
            if first < T {
                if !funded { for t in 0..<T { programme[t] = V(0) } }
                funded = true
                let w = money + (place * C + j) * T, kernel = m.respKernel + r * T
                let perMillion = m.respPerMillion[r] * p[m.pEffect + j]
                // As for savings: the years before the money starts add exactly ±0.
                convolve(w, kernel, from: first, to: T) { t, sum in programme[t] += perMillion * sum }
            }
            r += 1
        }
        // Constants of this metric and place, read once: the output buffer could alias them. `freed`: released
        // capacity less unmet demand, summed over the place's lines (by the lines loop).
        let out = ws.placeMetricValues + mp * T, lf = ws.lf, freedRow = ws.freed + place * T
        let menValue = m.menValue, menEnabler = m.menEnabler, actCat = m.actCat, actValue = m.actValue
        let outturn = ws.placeOutturn + place * C * T, noLever = ws.noLever + place * C * T, moved = ws.moved + place * C
        let base = Engine.base(k, mp, m, p), scale = m.mEnablerScale[mp], lo = m.mMin[mp], hi = m.mMax[mp]
        let enStart = m.menStart[k], enEnd = m.menStart[k + 1], actStart = m.actStart[k], actEnd = m.actStart[k + 1]
        // In Monte Carlo's lanes under meet-demand, freed capacity is +0 in every year of a place whose lines
        // the plan leaves alone (each line frees ±0): the capacity term then adds ±0, which changes no sum.
        var weightedCapacity = weight * capacity
        if V.width > 1 && weightedCapacity != 0 && !levelsChanged && !ws.holdBudgets {
            var c = 0
            while c < C && moved[c] == 0 { c &+= 1 }
            if c == C { weightedCapacity = 0 }
        }
        // Activity terms only where the plan moves some line of the metric's activity.
        var i = actStart
        while i < actEnd && moved[actCat[i]] == 0 { i &+= 1 }
        let firstActivity = i
        let isPlain = !funded && !(levelsChanged && enStart < enEnd) && weightedCapacity == 0 && firstActivity == actEnd
        if V.width > 1 { ws.plainMetric[mp] = isPlain ? 1 : 0 }
        if isPlain {
            plain(m, mp, base, trend, out)
            return
        }
        if V.width == 1 && m.shortHorizon {
            // A single run with a short horizon: the loop below for 8 years at once, lane t for year t, the
            // same operations in the same order in each lane. Lanes from T on read the rows after (each buffer
            // read here has 8 entries to spare) and are written over the start of the next metric's row,
            // which is worked out after this one; the last row has 8 entries to spare.
            typealias Years = SIMD8<Double>
            func row<W>(_ values: UnsafePointer<W>) -> Years { UnsafeRawPointer(values).loadUnaligned(as: Years.self) }
            func least(_ a: Years, _ b: Years) -> Years { a.replacing(with: b, where: b .< a) }
            func greatest(_ a: Years, _ b: Years) -> Years { a.replacing(with: b, where: b .>= a) }
            var value = Years(repeating: base[lane: 0]) + Years(repeating: trend[lane: 0]) * Years(0, 1, 2, 3, 4, 5, 6, 7)
            if funded {
                var effect = Years(repeating: weight) * row(programme)
                if ceiling != .infinity { for t in 0..<8 { effect[t] = Double.saturated(effect[t], ceiling: ceiling) } }
                value += effect
            }
            i = enStart
            if levelsChanged {
                while i < enEnd { value = value + Years(repeating: scale * menValue[i]) * (row(lf + menEnabler[i] &* T) - 1); i &+= 1 }
            }
            if weightedCapacity != 0 { value += Years(repeating: weightedCapacity) * row(freedRow) }
            i = firstActivity
            while i < actEnd {
                let c = actCat[i]
                if moved[c] == 1 { value += Years(repeating: weight * actValue[i]) * (row(outturn + c &* T) - row(noLever + c &* T)) }
                i &+= 1
            }
            UnsafeMutableRawPointer(out).storeBytes(of: least(Years(repeating: hi), greatest(Years(repeating: lo), value)), as: Years.self)
            return
        }
        for t in 0..<T {
            var value = base + trend * Double(t)
            // Without money the programme term is ±0, which changes no sum (base is never −0).
            if funded { value += V.saturated(weight * programme[t], ceiling: ceiling) }
            i = enStart
            if levelsChanged {
                while i < enEnd { value = value + scale * menValue[i] * (lf[menEnabler[i] &* T &+ t] - 1); i &+= 1 }
            }
            // A metric without a capacity term adds ±0 here, which changes no sum.
            if weightedCapacity != 0 { value += weightedCapacity * freedRow[t] }
            i = firstActivity
            while i < actEnd {
                let c = actCat[i]
                if moved[c] == 1 {
                    let k = c &* T &+ t
                    value += weight * actValue[i] * (outturn[k] - noLever[k])
                }
                i &+= 1
            }
            out[t] = V.least(V(hi), V.greatest(V(lo), value))
        }
    }

    /// Metric k's starting level in a place (row mp): the place's base plus the assumption M.level (scaled by
    /// s_p for a sum metric, as the trend is).
    @inline(__always)
    private static func base<V: Lane>(_ k: Int, _ mp: Int, _ m: CompiledModel, _ p: UnsafePointer<V>) -> V {
        m.mBase[mp] + p[m.pLevel + k] * m.mTrendScale[mp]
    }

    /// Metric k's trend in a place (row mp): the drawn or planned trend, scaled and shifted for the place.
    @inline(__always)
    private static func trend<V: Lane>(_ k: Int, _ mp: Int, _ m: CompiledModel, _ p: UnsafePointer<V>) -> V {
        p[m.pTrend + k] * m.mTrendScale[mp] + m.mTrendDelta[mp]
    }

    /// A metric in a place with nothing but its base and trend (a baseline's metrics, mostly): the loop of
    /// `metric` without its tests, the same figures.
    @inline(__always)
    private static func plain<V: Lane>(_ m: CompiledModel, _ mp: Int, _ base: V, _ trend: V, _ out: UnsafeMutablePointer<V>) {
        let lo = m.mMin[mp], hi = m.mMax[mp]
        for t in 0..<m.years { out[t] = V.least(V(hi), V.greatest(V(lo), base + trend * Double(t))) }
    }
}
