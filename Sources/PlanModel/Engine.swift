/// The engine: MODEL.md §2–§4, deterministic, no allocation inside a run. Every equation runs once per
/// place on that place's share of the money; the system figures are the sums over places. This file holds
/// the run and its money (§2–§3); Engine+Metrics.swift, the metrics (§4).
public enum Engine {
    /// Runs the model for a plan, writing every result into `ws`. `params`, when given, replaces the
    /// plan's outturn values (Monte Carlo, sensitivity and variance probes pass a drawn copy); the plan
    /// values (budgets, contracts, a lever's percentages) are always the plan's.
    public static func run(_ m: CompiledModel, _ plan: Plan, params: UnsafePointer<Double>? = nil, into ws: Workspace) {
        plan.outturnParams.withUnsafeBufferPointer { outturn in
            plan.params.withUnsafeBufferPointer { planned in
                plan.levels.withUnsafeBufferPointer { levels in
                    // With no outturn statement and no drawn values, the outturn is the plan: F is Fp.
                    run(m, plan, params: params ?? outturn.baseAddress!, planParams: planned.baseAddress!,
                        outturnIsPlan: params == nil && plan.outturns.isEmpty, levels: levels.baseAddress!, ws)
                }
            }
        }
    }

    /// Runs the model for one or (in SIMD lanes) several draws at once: `params` holds each draw's
    /// outturn values. Each lane's results are bit for bit those of a run of that draw alone.
    static func run<V: Lane>(_ m: CompiledModel, _ plan: Plan, draws params: UnsafePointer<V>, into ws: LaneWorkspace<V>) {
        plan.params.withUnsafeBufferPointer { planned in
            plan.levels.withUnsafeBufferPointer { levels in
                run(m, plan, params: params, planParams: planned.baseAddress!, outturnIsPlan: false, levels: levels.baseAddress!, ws)
            }
        }
    }

    private static func run<V: Lane>(_ m: CompiledModel, _ plan: Plan, params p: UnsafePointer<V>, planParams pp: UnsafePointer<Double>,
                                     outturnIsPlan: Bool, levels L: UnsafePointer<Double>, _ ws: LaneWorkspace<V>) {
        let T = m.years, E = m.enablerCount
        let lf = ws.lf, F = ws.efficient
        // Monte Carlo runs one plan many times: what depends on the statements and the plan values alone
        // (Lf, M, q, Fp, the money flows, plan income) is computed once; draws move the outturn only.
        let reuseLevels = ws.samePlan && ws.leversDone
        let reuseFlows = reuseLevels

        // §2 effective levels: Lf[e,t] = L[e, t − lag] when that year exists, else 1.
        if !reuseLevels {
            var changed = false
            for e in 0..<E {
                let lag = m.lag[e]
                for t in 0..<T {
                    lf[e * T + t] = t - lag >= 0 ? L[e * T + t - lag] : 1
                    if lf[e * T + t] != 1 { changed = true }
                }
            }
            ws.levelsChanged = changed
        }
        // §3 efficient cost F at outturn, with the scenario's enabler levels; and B0 where a metric needs it.
        // With every effective level at 1 the enabler terms are exactly 0 and are skipped.
        efficientCost(m, p, lf, useLevels: ws.levelsChanged, F, all: true)
        // Fp, the same at plan values: budgets and a lever's percentages read it. Where the outturn is the
        // plan (a single run with no `outturn` statement) it is F itself.
        if outturnIsPlan, V.width == 1 {
            ws.planCost = UnsafeMutableRawPointer(F).assumingMemoryBound(to: Double.self)
        } else if !reuseLevels {
            ws.planCost = ws.planEfficient
            efficientCost(m, pp, lf, useLevels: ws.levelsChanged, ws.planEfficient, all: true)
        }
        if !reuseLevels, m.hasInvestmentStandard { planIncome(m, pp, ws) }

        // §2 money flows X from the plan's statements; percentages and splits use Fp.
        if !reuseFlows { flows(m, plan, UnsafePointer(ws.planCost), ws) }
        // Which lines the plan moves: B0 is needed for those alone; Monte Carlo's lanes take the lines it
        // leaves alone through a shorter loop.
        if m.anyB0 { noLeverOutturn(m, plan, p, pp, ws) } else if V.width > 1 { markMoved(m, ws) }
        ws.leversDone = ws.samePlan
        savingsAndLines(m, plan, p, L, ws, sameLevers: reuseFlows)
    }

    /// Plan income per place that the investment standard is measured on (MODEL.md §3): the streams with
    /// `mhisBase` (all of them where none has it), or version 2's income, at plan values.
    private static func planIncome<V: Lane>(_ m: CompiledModel, _ pp: UnsafePointer<Double>, _ ws: LaneWorkspace<V>) {
        let T = m.years, S = m.streamCount
        guard S > 0 else {
            for place in 0..<m.placeCount {
                let income = ws.placePlanIncome + place * T
                for t in 0..<T { income[t] = t == 0 ? m.incomeBase * m.incomeShare[place] : income[t - 1] * (1 + pp[m.pGrowth + t]) }
            }
            return
        }
        let st = ws.planStreams
        streamValues(m, pp, st)
        let anyBase = (0..<S).contains { m.streamMhisBase[$0] == 1 }
        for place in 0..<m.placeCount {
            let income = ws.placePlanIncome + place * T
            for t in 0..<T {
                var sum = 0.0
                for s in 0..<S where !anyBase || m.streamMhisBase[s] == 1 { sum += m.streamShare[s * m.placeCount + place] * st[s * T + t] }
                income[t] = sum
            }
        }
    }

    /// Each income stream's money by year (MODEL.md §3): a base growing by S.growth, or each year's S.amount.
    @inline(__always)
    static func streamValues<W: Lane>(_ m: CompiledModel, _ p: UnsafePointer<W>, _ st: UnsafeMutablePointer<W>) {
        let T = m.years
        for s in 0..<m.streamCount {
            let values = p + m.pStream + s * T, row = st + s * T
            if m.streamHasBase[s] == 1 {
                for t in 0..<T { row[t] = t == 0 ? W(m.streamBase[s]) : row[t - 1] * (1 + values[t]) }
            } else {
                for t in 0..<T { row[t] = values[t] }
            }
        }
    }

    /// X from the statements (percentages of, and splits by, the plan's efficient cost Fp), then M and q,
    /// then the effective money XM = X·m and XMQ = XM·q.
    private static func flows<V: Lane>(_ m: CompiledModel, _ plan: Plan, _ F: UnsafePointer<Double>, _ ws: LaneWorkspace<V>) {
        let T = m.years, C = m.categoryCount, E = m.enablerCount, P = m.placeCount
        let lf = ws.lf, X = ws.flow, once = ws.placeNonRecurrentMoney
        for i in 0..<(P * C * T) { X[i] = V(0) }
        for i in 0..<(P * T) { once[i] = 0 }
        /// Both sides move `amount` in place p in year t; one-off money is counted for the underlying position.
        func place(_ flow: FlowGroup, _ p: Int, _ t: Int, _ amount: Double) {
            move(m, flow, p, t, V(amount), X)
            if flow.nonRecurrent { once[p * T + t] += amount }
        }
        for flow in plan.flows {
            for t in 0..<T where flow.amounts[t] != 0 {
                let amount = flow.amounts[t]
                if let p = flow.place {
                    place(flow, p, t, flow.isPercent ? amount * sideCost(m, flow.splitSide, p, t, F) : amount)
                    continue
                }
                if P == 1 {
                    place(flow, 0, t, flow.isPercent ? amount * sideCost(m, flow.splitSide, 0, t, F) : amount)
                    continue
                }
                // Without a place, the year's amount splits across places by the source's Fp that year.
                var total = 0.0
                for q in 0..<P { total += sideCost(m, flow.splitSide, q, t, F) }
                let a = flow.isPercent ? amount * total : amount
                for q in 0..<P {
                    let share = total != 0 ? sideCost(m, flow.splitSide, q, t, F) / total : m.incomeShare[q]
                    place(flow, q, t, a * share)
                }
            }
        }
        // §3 prevention multiplier M[s] and §4 equity multiplier q[s].
        let M = ws.multiplier, q = ws.equity
        for t in 0..<T {
            var mv = 1.0, qv = 1.0
            for e in 0..<E {
                let d = lf[e * T + t] - 1
                mv *= 1 + m.enPrevention[e] * d
                qv *= 1 + m.enEquity[e] * d
            }
            M[t] = max(0, mv)
            q[t] = qv
        }
        // Money as it works: XM[j,s] = X[j,s]·m_j[s] (M for prevention lines, else 1), and XMQ = XM·q for
        // metrics with equity. Savings and metric responses are convolutions of these with their kernels.
        // Convolutions read a row only from its first year with money (`firstMoney`), so only that much is written.
        let XM = ws.effective, XMQ = ws.effectiveEquity
        for place in 0..<P {
            for c in 0..<C {
                let row = place * C + c
                let x = X + row * T, xm = XM + row * T, xmq = XMQ + row * T
                var first = 0
                while first < T && !x[first].isNonzeroInSomeLane { first += 1 }
                ws.firstMoney[row] = first
                if first == T { continue }
                let prevention = m.isPrevention[c] == 1
                for s in first..<T {
                    let w = prevention ? x[s] * M[s] : x[s]
                    xm[s] = w
                    xmq[s] = w * q[s]
                }
            }
        }
    }

    /// Both sides of a flow move `amount` in place p in year t (a shift's source loses what its target gains).
    @inline(__always)
    private static func move<V: Lane>(_ m: CompiledModel, _ flow: FlowGroup, _ p: Int, _ t: Int, _ amount: V, _ X: UnsafeMutablePointer<V>) {
        if let from = flow.from { addToSide(m, from, p, t, -amount, X) }
        addToSide(m, flow.to, p, t, amount, X)
    }

    /// §3 savings, treatment and prevention lines, income, the two positions; then §4 metrics.
    private static func savingsAndLines<V: Lane>(_ m: CompiledModel, _ plan: Plan, _ p: UnsafePointer<V>,
                                                 _ L: UnsafePointer<Double>, _ ws: LaneWorkspace<V>, sameLevers: Bool) {
        let T = m.years, C = m.categoryCount, E = m.enablerCount, P = m.placeCount
        let F = ws.efficient, X = ws.flow, XM = ws.effective
        // §3 savings S[c,p,t] = Σ_j to_j[c] Σ_s X[j,p,s] r_j kernel_j[t−s] m_j[s].
        let S = ws.placeSavings
        // S is zero wherever no return's money reached it: it is cleared only when this run or the last
        // one has such money (a baseline's Monte Carlo has none, and clears nothing in its draws).
        var returnsMoney = false
        for r in 0..<m.returnCount {
            for place in 0..<P where ws.firstMoney[place * C + m.retCat[r]] < T { returnsMoney = true }
        }
        if m.anyDrives {
            for k in 0..<m.metricCount where m.driveCategory[k] >= 0 {
                for place in 0..<P where fundedMetric(k, place, m, ws) { returnsMoney = true }
            }
        }
        if returnsMoney || ws.savingsWritten { for i in 0..<(P * C * T) { S[i] = V(0) } }
        ws.savingsWritten = returnsMoney
        for r in 0..<m.returnCount {
            let j = m.retCat[r]
            // Row j of grossSavings: what j's extra money saves across all its lines (payback reads it).
            let gross = ws.grossSavings + j * T
            for t in 0..<T { gross[t] = V(0) }
            let scale = p[m.pReturn + j], kernel = m.retKernel + r * T
            for place in 0..<P where ws.firstMoney[place * C + j] < T {
                // Years before the money starts add exactly ±0 to sums that are never −0: skipped.
                let w = XM + (place * C + j) * T, conv = ws.placeConv, first = ws.firstMoney[place * C + j]
                convolve(w, kernel, from: first, to: T) { t, sum in
                    conv[t] = sum * scale
                    gross[t] += conv[t]
                }
                for k in m.retToStart[r]..<m.retToStart[r + 1] {
                    let saved = S + (place * C + m.retToCat[k]) * T, share = m.retToShare[k]
                    for t in first..<T { saved[t] += share * conv[t] }
                }
            }
        }
        // §3 and §4: a metric that drives a line turns the activity its programmes avoid into that line's
        // savings at its unit cost (one quantity, saturating with the metric's effect), after the returns.
        if m.anyDrives {
            let programme = ws.scratch
            // Payback's rows (grossSavings) take each programme's part of what a driven line saves, pro rata to
            // its part of the metric's programme term before saturation. Rows of programmes without returns
            // are cleared here (the returns' loop cleared the others).
            for k in 0..<m.metricCount where m.driveCategory[k] >= 0 {
                for r in m.respStart[k]..<m.respStart[k + 1] where !(0..<m.returnCount).contains(where: { m.retCat[$0] == m.respCat[r] }) {
                    for t in 0..<T { ws.grossSavings[m.respCat[r] * T + t] = V(0) }
                }
            }
            let money = ws.effective
            for k in 0..<m.metricCount where m.driveCategory[k] >= 0 {
                let c = m.driveCategory[k], scale = m.driveSign[k] * m.driveCost[k]
                for place in 0..<P where fundedMetric(k, place, m, ws) {
                    let mp = k * P + place
                    programmeTerm(k, place, m, p, ws, into: programme)
                    let saved = S + (place * C + c) * T
                    for t in 0..<T { saved[t] += V.saturated(m.mWeight[mp] * programme[t], ceiling: m.mCeiling[mp]) * scale }
                    for r in m.respStart[k]..<m.respStart[k + 1] {
                        let j = m.respCat[r], first = ws.firstMoney[place * C + j]
                        guard first < T else { continue }
                        let perMillion = m.respPerMillion[r] * p[m.pEffect + j], gross = ws.grossSavings + j * T
                        let source = (m.mEquity[k] == 1 ? ws.effectiveEquity : money) + (place * C + j) * T
                        convolve(source, m.respKernel + r * T, from: first, to: T) { t, sum in
                            let whole = V.saturated(m.mWeight[mp] * programme[t], ceiling: m.mCeiling[mp]) * scale
                            gross[t] += V.choose(nonzero: programme[t], whole * (perMillion * sum) / programme[t], else: V(0))
                        }
                    }
                }
            }
        }
        // §3 enabler costs: the change against plan, c_e[t]·L − plan_e, with c_e[1] = plan_e.
        for e in 0..<E {
            let planned = m.enPlan[e], actual = p[m.pCost + e], level = L + e * T, cost = ws.enablerCost + e * T
            for t in 0..<T { cost[t] = (t == 0 ? V(planned) : actual) * level[t] - planned }
        }
        // §3 treatment and prevention lines, then income, spend and the two positions, per place and year:
        // the engine's hottest loop. A year's lines are taken in model order, so its spend, payments and
        // freed capacity are summed in registers as they come (the same sums, in the same order, as adding
        // up the lines afterwards), then the enablers' costs.
        let hold = plan.policy == .holdBudgets, lines = ws.systemLines, Fp = UnsafePointer(ws.planCost)
        ws.holdBudgets = hold
        let enablerCost = ws.enablerCost, isPrevention = m.isPrevention, variable = m.variable, maxUnmet = m.maxUnmet
        let budget = ws.placeBudget, outturn = ws.placeOutturn, unmet = ws.placeUnmet, released = ws.released
        let payment = ws.placePayment
        let streamCount = m.streamCount, st = ws.streams
        if streamCount > 0 { streamValues(m, p, st) }
        // §9: each provider's balance starts from its own planned position; the gaps of the lines it delivers
        // are added as they come.
        let providers = m.hasProviders, orgBalance = ws.organisationBalance
        if providers { for i in 0..<(m.organisationCount * T) { orgBalance[i] = V(m.planPosition[i]) } }
        for place in 0..<P {
            let w = m.incomeShare[place], pt = place * T, moved = ws.moved + place * C
            let income = ws.placeIncome + pt, balance = ws.placeBalance + pt, icb = ws.placeIcbBalance + pt
            for t in 0..<T {
                if streamCount > 0 {
                    // Income by stream: each place's share of each stream, in model order; what does not recur beside it.
                    var sum = V(0), once = V(0)
                    for s in 0..<streamCount {
                        let x = m.streamShare[s * P + place] * st[s * T + t]
                        sum += x
                        if m.streamRecurrent[s] == 0 { once += x }
                    }
                    income[t] = sum
                    ws.placeNonRecurrent[pt + t] = once
                } else {
                    income[t] = t == 0 ? V(m.incomeBase * w) : income[t - 1] * (1 + p[m.pGrowth + t])
                }
                var spent = V(0), paid = V(0), freed = V(0)
                var o = place &* C &* T &+ t
                for c in 0..<C {
                    if V.width > 1 && !lines && !hold && moved[c] == 0 {
                        // Monte Carlo's lanes under meet-demand, a line the plan leaves alone (X = +0 and S = +0:
                        // the baseline's lines, mostly): the figures below with those zeros put in. Demand is
                        // max(0, F + 0) and is met; nothing is unmet, and what is freed is ±0, which leaves the
                        // year's sum as it was (it starts at +0). (Under hold-budgets a draw above the plan's
                        // budget Fp can leave demand unmet, so every line takes the full loop.)
                        // Nothing is stored: Monte Carlo reads the outturn of moved lines alone (activity
                        // terms), and S is already 0 where no return's money goes. Single runs keep every
                        // line's detail and take the loop below (carried there, this branch cost them 2-3%).
                        // The budget is Fp + 0 and what is delivered F + 0: a prevention line is paid what it
                        // costs, a treatment line its budget plus the variable share of the difference.
                        let f = F[o] + V(0)
                        if isPrevention[c] == 1 {
                            spent += f; paid += f
                        } else {
                            let out = V.greatest(V(0), f), b = V(Fp[o] + 0), pay = b + variable[c] * (out - b)
                            spent += out; paid += pay
                            if providers { deliver(m, place * C + c, t, pay - out, orgBalance) }
                        }
                        o &+= T
                        continue
                    }
                    // The budget: the plan's efficient cost plus the scenario's money.
                    let b = Fp[o] + X[o]
                    if isPrevention[c] == 1 {
                        // The ICB pays what the programmes cost: no demand, no savings, nothing unmet or freed.
                        let cost = F[o] + X[o]
                        outturn[o] = cost; S[o] = V(0)
                        if lines { budget[o] = b; payment[o] = cost; unmet[o] = V(0); released[o] = V(0) }
                        spent += cost; paid += cost
                    } else {
                        let cashable = p[m.pCashable + c]
                        let demand = V.greatest(V(0), F[o] - cashable * S[o] + V.greatest(X[o], V(0)))
                        let out = hold ? V.greatest(V.least(demand, V.greatest(b, V(0))), (1 - maxUnmet[c]) * demand) : demand
                        let short = demand - out, kept = (1 - cashable) * S[o], pay = b + variable[c] * (out - b)
                        outturn[o] = out
                        if lines { budget[o] = b; payment[o] = pay; unmet[o] = short; released[o] = kept }
                        spent += out; paid += pay; freed += kept - short
                        if providers { deliver(m, place * C + c, t, pay - out, orgBalance) }
                    }
                    o &+= T
                }
                var k = t
                for _ in 0..<E { let cost = w * enablerCost[k]; spent += cost; paid += cost; k &+= T }
                ws.placeSpend[pt + t] = spent
                ws.freed[pt + t] = freed
                balance[t] = income[t] - spent
                icb[t] = income[t] - paid
            }
        }
        if P > 1 { sumPlaces(m, ws) }
        organisations(m, ws)
        riskAdjusted(m, plan, p, ws)
        for t in 0..<T {
            ws.cumulative[t] = (t == 0 ? V(0) : ws.cumulative[t - 1]) + ws.balance[t]
            ws.icbCumulative[t] = (t == 0 ? V(0) : ws.icbCumulative[t - 1]) + ws.icbBalance[t]
        }
        metrics(m, p, ws, sameLevers: sameLevers)
    }

    /// `body(t, Σ_{s = first … t} w[s]·kernel[t − s])` for t in first ..< T, each sum starting from 0 and
    /// adding its terms in ascending s. Two years at a time: their sums share the loads of w and run as two
    /// independent chains of additions, with half the short, hard-to-predict inner loops.
    @inline(__always)
    static func convolve<V: Lane>(_ w: UnsafePointer<V>, _ kernel: UnsafePointer<Double>, from first: Int, to T: Int,
                                  _ body: (Int, V) -> Void) {
        var t = first
        while t &+ 1 < T {
            var a = V(0), b = V(0)
            var s = first
            while s <= t {
                let x = w[s]
                a += x * kernel[t &- s]
                b += x * kernel[t &+ 1 &- s]
                s &+= 1
            }
            b += w[t &+ 1] * kernel[0]
            body(t, a)
            body(t &+ 1, b)
            t &+= 2
        }
        if t < T {
            var a = V(0)
            var s = first
            while s <= t { a += w[s] * kernel[t &- s]; s &+= 1 }
            body(t, a)
        }
    }

    /// A single run's (`V` is `Double`) convolution for a horizon of at most 8 years: lane t is
    /// Σ_{s = first … t} w[s]·kernel[t − s], the sum `convolve` gives, for every year at once. Each s adds a
    /// vector of 8 years, w[s] times the kernel shifted by s (`CompiledModel.respShifted`): year t gets
    /// the same terms in the same order, then w[s]·0 for each s > t, which is ±0 and leaves a sum that is
    /// never −0 (it starts at +0) as it was. Lanes before `first` are +0.
    @inline(__always)
    static func convolved(_ w: UnsafePointer<Double>, shifted: UnsafePointer<Double>, from first: Int, to T: Int) -> SIMD8<Double> {
        var sums = SIMD8<Double>(repeating: 0)
        var s = first
        while s < T {
            sums += SIMD8(repeating: w[s]) * UnsafeRawPointer(shifted + s &* 8).load(as: SIMD8<Double>.self)
            s &+= 1
        }
        return sums
    }

    /// Whether some response of metric k has money in the place.
    @inline(__always)
    static func fundedMetric<V: Lane>(_ k: Int, _ place: Int, _ m: CompiledModel, _ ws: LaneWorkspace<V>) -> Bool {
        let T = m.years, row = place * m.categoryCount
        var r = m.respStart[k]
        while r < m.respStart[k + 1] && ws.firstMoney[row + m.respCat[r]] == T { r &+= 1 }
        return r < m.respStart[k + 1]
    }

    /// Metric k's programme sum in a place before k_p and saturation: Σ_j perMillion·e_j·(money ∗ kernel), year
    /// by year (MODEL.md §4), into `out`.
    static func programmeTerm<V: Lane>(_ k: Int, _ place: Int, _ m: CompiledModel, _ p: UnsafePointer<V>, _ ws: LaneWorkspace<V>,
                                       into out: UnsafeMutablePointer<V>) {
        let T = m.years, C = m.categoryCount
        let money = m.mEquity[k] == 1 ? ws.effectiveEquity : ws.effective
        for t in 0..<T { out[t] = V(0) }
        for r in m.respStart[k]..<m.respStart[k + 1] {
            let j = m.respCat[r], first = ws.firstMoney[place * C + j]
            guard first < T else { continue }
            let perMillion = m.respPerMillion[r] * p[m.pEffect + j]
            convolve(money + (place * C + j) * T, m.respKernel + r * T, from: first, to: T) { t, sum in out[t] += perMillion * sum }
        }
    }

    /// A line's provider gap in place and year, shared among the providers that deliver it (MODEL.md §9).
    @inline(__always)
    private static func deliver<V: Lane>(_ m: CompiledModel, _ row: Int, _ t: Int, _ gap: V, _ balance: UnsafeMutablePointer<V>) {
        let T = m.years
        var k = m.delStart[row]
        while k < m.delStart[row + 1] { balance[m.delOrg[k] * T + t] += m.delShare[k] * gap; k &+= 1 }
    }

    /// §9: the system is its organisations. The system's balance adds the providers' own planned positions
    /// (after the sum over places); each commissioner holds its places' ICB positions.
    private static func organisations<V: Lane>(_ m: CompiledModel, _ ws: LaneWorkspace<V>) {
        let T = m.years, P = m.placeCount, O = m.organisationCount
        guard O > 0 else { return }
        if m.hasProviders {
            for t in 0..<T {
                var b = P == 1 ? ws.placeBalance[t] : ws.balance[t]
                for o in 0..<O where m.isProvider[o] == 1 { b = b + m.planPosition[o * T + t] }
                ws.balance[t] = b
            }
        }
        if m.hasCommissioners {
            for o in 0..<O where m.isProvider[o] == 0 {
                for t in 0..<T {
                    var b = V(0)
                    for p in 0..<P where m.placeCommissioner[p] == o { b += ws.placeIcbBalance[p * T + t] }
                    ws.organisationBalance[o * T + t] = b
                }
            }
        }
    }

    /// §9: the expected positions with the risk register, Σ σ·π·i on top of each balance: the system's always,
    /// the ICB's for an entry on a commissioner or on no one, an organisation's for its own entries (and a
    /// commissioner's income share h_o of those on no one). π is the run's (a draw may move R.probability).
    private static func riskAdjusted<V: Lane>(_ m: CompiledModel, _ plan: Plan, _ p: UnsafePointer<V>, _ ws: LaneWorkspace<V>) {
        let T = m.years, O = m.organisationCount
        for t in 0..<T { ws.riskAdjusted[t] = ws.balance[t]; ws.icbRiskAdjusted[t] = ws.icbBalance[t] }
        for i in 0..<(O * T) { ws.organisationRiskAdjusted[i] = ws.organisationBalance[i] }
        for entry in plan.risks {
            let pi = entry.parameter.map { p[$0] } ?? V(entry.probability)
            let onICB = entry.organisation.map { m.isProvider[$0] == 0 } ?? true
            for t in 0..<T where entry.impact[t] != 0 {
                let x = entry.sign * pi * entry.impact[t]
                ws.riskAdjusted[t] += x
                if onICB { ws.icbRiskAdjusted[t] += x }
                if let o = entry.organisation {
                    ws.organisationRiskAdjusted[o * T + t] += x
                } else {
                    for o in 0..<O where m.isProvider[o] == 0 { ws.organisationRiskAdjusted[o * T + t] += x * m.commissionerShare[o] }
                }
            }
        }
    }

    /// The system's money: each result summed over places, in place order.
    private static func sumPlaces<V: Lane>(_ m: CompiledModel, _ ws: LaneWorkspace<V>) {
        let T = m.years, C = m.categoryCount, P = m.placeCount
        for i in 0..<(ws.systemLines ? C * T : 0) {
            var b = V(0), o = V(0), u = V(0), s = V(0), y = V(0)
            for place in 0..<P {
                let k = place * C * T + i
                b += ws.placeBudget[k]; o += ws.placeOutturn[k]; u += ws.placeUnmet[k]
                s += ws.placeSavings[k]; y += ws.placePayment[k]
            }
            ws.budget[i] = b; ws.outturn[i] = o; ws.unmet[i] = u; ws.savings[i] = s; ws.payment[i] = y
        }
        for t in 0..<T {
            var inc = V(0), sp = V(0), bal = V(0), icb = V(0)
            for place in 0..<P {
                inc += ws.placeIncome[place * T + t]; sp += ws.placeSpend[place * T + t]
                bal += ws.placeBalance[place * T + t]; icb += ws.placeIcbBalance[place * T + t]
            }
            ws.income[t] = inc; ws.spend[t] = sp; ws.balance[t] = bal; ws.icbBalance[t] = icb
        }
    }

    /// F[c,p,t] (MODEL.md §3), with the run's lagged levels or, for B0, every level at 1.
    static func efficientCost<V: Lane>(_ m: CompiledModel, _ p: UnsafePointer<V>, _ lf: UnsafePointer<Double>,
                                       useLevels: Bool, _ F: UnsafeMutablePointer<V>, all: Bool) {
        let T = m.years, C = m.categoryCount
        for place in 0..<m.placeCount {
            for c in 0..<C where all || m.needsB0[c] == 1 {
                let row = place * C + c
                let growth = 1 + (p[m.pDemand + c] + m.growthDelta[row])
                let treatment = m.isPrevention[c] == 0, pressure = m.pPressure + c * T
                var value = V(m.base[row])
                F[row * T] = value
                for t in 1..<max(T, 1) {
                    // Cost growth: inflation plus the line's pressure (0 unless the model gives one).
                    value = value * (growth * (1 + p[m.pInflation + t] + p[pressure + t]))
                    if treatment {
                        var eps = p[m.pEfficiency + t]
                        if useLevels {
                            for k in m.effStart[c]..<m.effStart[c + 1] { eps = eps + m.effValue[k] * (lf[m.effEnabler[k] * T + t] - 1) }
                        }
                        value = value * (1 - V.least(V(0.5), V.greatest(V(-0.5), eps)))
                    }
                    F[row * T + t] = value
                }
            }
        }
    }

    /// `moved[row]`: 1 where the plan moves line `row` in this run (some enabler level differs from 1, or
    /// money or savings reach the line), else 0. An unmoved line has X = +0 and S = +0 in every year.
    private static func markMoved<V: Lane>(_ m: CompiledModel, _ ws: LaneWorkspace<V>) {
        let T = m.years, C = m.categoryCount, P = m.placeCount, moved = ws.moved
        if ws.levelsChanged {
            for row in 0..<(P * C) { moved[row] = 1 }
            return
        }
        for row in 0..<(P * C) { moved[row] = ws.firstMoney[row] < T ? 1 : 0 }
        for r in 0..<m.returnCount {
            for place in 0..<P where ws.firstMoney[place * C + m.retCat[r]] < T {
                for k in m.retToStart[r]..<m.retToStart[r + 1] { moved[place * C + m.retToCat[k]] = 1 }
            }
        }
        for k in 0..<(m.anyDrives ? m.metricCount : 0) where m.driveCategory[k] >= 0 {
            for place in 0..<P where fundedMetric(k, place, m, ws) { moved[place * C + m.driveCategory[k]] = 1 }
        }
    }

    /// B0: the outturn with no flows and every level at 1, under the same assumptions (plan and outturn) and
    /// policy: a treatment line's demand is max(0, F0) against a budget of Fp0, so meet-demand pays the demand
    /// and hold-budgets may leave some unmet where the outturn runs above the plan; a prevention line's is F0.
    /// With every effective level at 1 the run's own F and Fp are those, and are not computed again.
    ///
    /// Only for the lines the plan moves in this run (`moved`): with every level at 1, a line that gets no
    /// money and no savings has outturn B0 exactly, so its activity term is ±0, which changes no sum (a
    /// metric's value is never −0), and neither B0 nor the term is worked out for it.
    private static func noLeverOutturn<V: Lane>(_ m: CompiledModel, _ plan: Plan, _ p: UnsafePointer<V>, _ pp: UnsafePointer<Double>,
                                                _ ws: LaneWorkspace<V>) {
        let T = m.years, C = m.categoryCount, P = m.placeCount, moved = ws.moved
        markMoved(m, ws)
        let F = ws.levelsChanged ? ws.noLever : ws.efficient
        if ws.levelsChanged { efficientCost(m, p, ws.lf, useLevels: false, ws.noLever, all: false) }
        let Fp: UnsafePointer<Double>
        if ws.levelsChanged {
            efficientCost(m, pp, ws.lf, useLevels: false, ws.planNoLever, all: false)
            Fp = UnsafePointer(ws.planNoLever)
        } else {
            Fp = UnsafePointer(ws.planCost)
        }
        let hold = plan.policy == .holdBudgets
        for place in 0..<P {
            for c in 0..<C where m.needsB0[c] == 1 && moved[place * C + c] == 1 {
                let row = place * C + c, treatment = m.isPrevention[c] == 0
                for t in 0..<T {
                    let i = row * T + t
                    guard treatment else { ws.noLever[i] = F[i]; continue }
                    let demand = V.greatest(V(0), F[i])
                    ws.noLever[i] = hold ? V.greatest(V.least(demand, V(Swift.max(Fp[i], 0))), (1 - m.maxUnmet[c]) * demand) : demand
                }
            }
        }
    }

    /// The efficient cost of a side in place p, year t: a category's F, or the sum over prevention categories.
    @inline(__always)
    static func sideCost<V: Lane>(_ m: CompiledModel, _ side: Side, _ p: Int, _ t: Int, _ F: UnsafePointer<V>) -> V {
        let T = m.years, C = m.categoryCount
        switch side {
        case .category(let c): return F[(p * C + c) * T + t]
        case .prevention:
            var sum = V(0)
            for k in 0..<m.preventionCount { sum += F[(p * C + m.preventionCats[k]) * T + t] }
            return sum
        }
    }

    @inline(__always)
    static func addToSide<V: Lane>(_ m: CompiledModel, _ side: Side, _ p: Int, _ t: Int, _ amount: V, _ X: UnsafeMutablePointer<V>) {
        let T = m.years, C = m.categoryCount
        switch side {
        case .category(let c): X[(p * C + c) * T + t] += amount
        case .prevention:
            let K = m.preventionCount
            for k in 0..<K { X[(p * C + m.preventionCats[k]) * T + t] += amount * m.preventionShare[p * K + k] }
        }
    }
}

extension Engine {
    /// The efficient cost F of a side in year t (0-based) after the last run in `ws`: of one place, or
    /// (place nil) summed over places.
    /// At plan values (Fp): what a lever's percentages and splits read (MODEL.md §2).
    public static func sideCost(_ m: CompiledModel, _ side: Side, place: Int?, _ t: Int, _ ws: Workspace) -> Double {
        if let place { return sideCost(m, side, place, t, UnsafePointer(ws.planCost)) }
        var sum = 0.0
        for p in 0..<m.placeCount { sum += sideCost(m, side, p, t, UnsafePointer(ws.planCost)) }
        return sum
    }
}
