/// The five-year engine: MODEL.md §2–§4, deterministic, no allocation inside a run.
public enum Engine {
    /// Runs the model for a plan, writing every result into `ws`. `params`, when given, replaces the
    /// plan's assumption vector (Monte Carlo and sensitivity pass a drawn copy).
    public static func run(_ m: CompiledModel, _ plan: Plan, params: UnsafePointer<Double>? = nil, into ws: Workspace) {
        plan.params.withUnsafeBufferPointer { own in
            plan.levels.withUnsafeBufferPointer { levels in
                run(m, plan, params: params ?? own.baseAddress!, levels: levels.baseAddress!, ws)
            }
        }
    }

    private static func run(_ m: CompiledModel, _ plan: Plan, params p: UnsafePointer<Double>,
                            levels L: UnsafePointer<Double>, _ ws: Workspace) {
        let T = m.years, C = m.categoryCount, E = m.enablerCount
        let lf = ws.lf, F = ws.efficient, X = ws.flow
        // Monte Carlo runs one plan many times: what depends on the statements alone (Lf, M, q, and the
        // money flows when none is a percentage of F) is computed on the first run only.
        let reuseLevels = ws.samePlan && ws.leversDone
        let reuseFlows = reuseLevels && !plan.flows.contains { $0.isPercent }

        // §2 effective levels: Lf[e,t] = L[e, t − lag] when that year exists, else 1.
        if !reuseLevels {
            for e in 0..<E {
                let lag = m.lag[e]
                for t in 0..<T { lf[e * T + t] = t - lag >= 0 ? L[e * T + t - lag] : 1 }
            }
        }
        // §3 efficient cost F, with the scenario's enabler levels; and B0 where a metric needs it.
        efficientCost(m, p, lf, useLevels: true, F)
        if m.anyB0 { noLeverOutturn(m, p, ws) }

        // §2 money flows X from the plan's statements; percentages are shares of this run's F.
        if !reuseFlows { flows(m, plan, F, ws) }
        ws.leversDone = ws.samePlan
        savingsAndLines(m, plan, p, L, ws)
    }

    /// X from the statements, then M and q, then the effective money XM = X·m and XMQ = XM·q.
    private static func flows(_ m: CompiledModel, _ plan: Plan, _ F: UnsafeMutablePointer<Double>, _ ws: Workspace) {
        let T = m.years, C = m.categoryCount, E = m.enablerCount
        let lf = ws.lf, X = ws.flow
        for i in 0..<(C * T) { X[i] = 0 }
        for flow in plan.flows {
            for year in flow.years {
                let t = year - 1
                var a = flow.amount
                if flow.isPercent { a *= sideCost(m, flow.from ?? flow.to, t, F) }
                if let from = flow.from { addToSide(m, from, t, -a, X) }
                addToSide(m, flow.to, t, a, X)
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
        let XM = ws.effective, XMQ = ws.effectiveEquity
        for j in 0..<C {
            let prevention = m.isPrevention[j] == 1
            var any = 0
            for s in 0..<T {
                let w = prevention ? X[j * T + s] * M[s] : X[j * T + s]
                XM[j * T + s] = w
                XMQ[j * T + s] = w * q[s]
                if X[j * T + s] != 0 { any = 1 }
            }
            ws.hasMoney[j] = any
        }
    }

    /// §3 savings, the lines, income and balance, then §4 metrics.
    private static func savingsAndLines(_ m: CompiledModel, _ plan: Plan, _ p: UnsafePointer<Double>,
                                        _ L: UnsafePointer<Double>, _ ws: Workspace) {
        let T = m.years, C = m.categoryCount, E = m.enablerCount
        let F = ws.efficient, X = ws.flow, XM = ws.effective
        // §3 savings S[c,t] = Σ_j to_j[c] Σ_s X[j,s] r_j kernel_j[t−s] m_j[s].
        let S = ws.savings
        for i in 0..<(C * T) { S[i] = 0 }
        for r in 0..<m.returnCount {
            let j = m.retCat[r]
            // Row j of grossSavings: what j's extra money saves across all its lines (payback reads it).
            let conv = ws.grossSavings + j * T
            guard ws.hasMoney[j] != 0 else { for t in 0..<T { conv[t] = 0 }; continue }
            let scale = p[m.pReturn + j]
            let w = XM + j * T, kernel = m.retKernel + r * T
            for t in 0..<T {
                var sum = 0.0
                for s in 0...t { sum += w[s] * kernel[t - s] }
                conv[t] = sum * scale
            }
            for k in m.retToStart[r]..<m.retToStart[r + 1] {
                let c = m.retToCat[k], share = m.retToShare[k]
                for t in 0..<T { S[c * T + t] += share * conv[t] }
            }
        }
        // §3 treatment and prevention lines.
        let budget = ws.budget, outturn = ws.outturn, unmet = ws.unmet, released = ws.released
        let hold = plan.policy == .holdBudgets
        for c in 0..<C {
            if m.isPrevention[c] == 1 {
                for t in 0..<T {
                    let i = c * T + t
                    budget[i] = F[i] + X[i]; outturn[i] = budget[i]; unmet[i] = 0; S[i] = 0; released[i] = 0
                }
                continue
            }
            let cashable = p[m.pCashable + c]
            for t in 0..<T {
                let i = c * T + t
                let demand = max(0, F[i] - cashable * S[i] + max(X[i], 0))
                budget[i] = F[i] + X[i]
                outturn[i] = hold ? min(demand, max(budget[i], 0)) : demand
                unmet[i] = demand - outturn[i]
                released[i] = (1 - cashable) * S[i]
            }
        }
        // §3 income, enabler costs, spend, balance.
        let income = ws.income, spend = ws.spend, balance = ws.balance, cumulative = ws.cumulative
        for t in 0..<T {
            income[t] = t == 0 ? m.incomeBase : income[t - 1] * (1 + p[m.pGrowth + t])
            var total = 0.0
            for c in 0..<C { total += outturn[c * T + t] }
            for e in 0..<E {
                let cost = p[m.pCost + e] * (L[e * T + t] - 1)
                ws.enablerCost[e * T + t] = cost
                total += cost
            }
            spend[t] = total
            balance[t] = income[t] - total
            cumulative[t] = (t == 0 ? 0 : cumulative[t - 1]) + balance[t]
        }
        metrics(m, p, ws)
    }

    /// F[c,t] (MODEL.md §3), with the run's lagged levels or, for B0, every level at 1.
    static func efficientCost(_ m: CompiledModel, _ p: UnsafePointer<Double>, _ lf: UnsafePointer<Double>,
                              useLevels: Bool, _ F: UnsafeMutablePointer<Double>) {
        let T = m.years
        for c in 0..<m.categoryCount where useLevels || m.needsB0[c] == 1 {
            let growth = 1 + p[m.pDemand + c]
            let treatment = m.isPrevention[c] == 0
            var value = m.base[c]
            F[c * T] = value
            for t in 1..<max(T, 1) {
                value *= growth * (1 + p[m.pInflation + t])
                if treatment {
                    var eps = p[m.pEfficiency + t]
                    if useLevels {
                        for k in m.effStart[c]..<m.effStart[c + 1] { eps += m.effValue[k] * (lf[m.effEnabler[k] * T + t] - 1) }
                    }
                    value *= 1 - min(0.5, max(-0.5, eps))
                }
                F[c * T + t] = value
            }
        }
    }

    /// B0: the outturn with no flows and every level at 1, under the same assumptions and policy.
    /// With X = 0 and S = 0, demand is max(0, F0) and both policies pay it in full.
    private static func noLeverOutturn(_ m: CompiledModel, _ p: UnsafePointer<Double>, _ ws: Workspace) {
        let T = m.years
        efficientCost(m, p, ws.lf, useLevels: false, ws.noLever)
        for c in 0..<m.categoryCount where m.isPrevention[c] == 0 && m.needsB0[c] == 1 {
            for t in 0..<T { ws.noLever[c * T + t] = max(0, ws.noLever[c * T + t]) }
        }
    }

    /// The efficient cost of a side in year t: a category's F, or the sum over prevention categories.
    @inline(__always)
    static func sideCost(_ m: CompiledModel, _ side: Side, _ t: Int, _ F: UnsafePointer<Double>) -> Double {
        switch side {
        case .category(let c): return F[c * m.years + t]
        case .prevention:
            var sum = 0.0
            for k in 0..<m.preventionCount { sum += F[m.preventionCats[k] * m.years + t] }
            return sum
        }
    }

    @inline(__always)
    static func addToSide(_ m: CompiledModel, _ side: Side, _ t: Int, _ amount: Double, _ X: UnsafeMutablePointer<Double>) {
        switch side {
        case .category(let c): X[c * m.years + t] += amount
        case .prevention:
            for k in 0..<m.preventionCount { X[m.preventionCats[k] * m.years + t] += amount * m.preventionShare[k] }
        }
    }

    /// MODEL.md §4: value = clamp(base + trend·(t−1) + programme + enabler + capacity + activity, min, max).
    private static func metrics(_ m: CompiledModel, _ p: UnsafePointer<Double>, _ ws: Workspace) {
        let T = m.years
        // Released capacity less unmet demand, summed over lines: the same for every metric.
        let freed = ws.freed
        for t in 0..<T {
            var sum = 0.0
            for c in 0..<m.categoryCount { sum += ws.released[c * T + t] - ws.unmet[c * T + t] }
            freed[t] = sum
        }
        let programme = ws.scratch
        for k in 0..<m.metricCount {
            let trend = p[m.pTrend + k], ceiling = m.mCeiling[k], capacity = m.mCapacity[k]
            let money = m.mEquity[k] == 1 ? ws.effectiveEquity : ws.effective
            for t in 0..<T { programme[t] = 0 }
            var r = m.respStart[k]
            while r < m.respStart[k + 1] {
                let j = m.respCat[r]
                if ws.hasMoney[j] != 0 {
                    let w = money + j * T, kernel = m.respKernel + r * T, perMillion = m.respPerMillion[r]
                    for t in 0..<T {
                        var sum = 0.0
                        for s in 0...t { sum += w[s] * kernel[t - s] }
                        programme[t] += perMillion * sum
                    }
                }
                r += 1
            }
            for t in 0..<T {
                var value = m.mBase[k] + trend * Double(t)
                value += min(ceiling, max(-ceiling, programme[t]))
                var i = m.menStart[k]
                while i < m.menStart[k + 1] { value += m.menValue[i] * (ws.lf[m.menEnabler[i] * T + t] - 1); i += 1 }
                value += capacity * freed[t]
                i = m.actStart[k]
                while i < m.actStart[k + 1] {
                    let c = m.actCat[i]
                    value += m.actValue[i] * (ws.outturn[c * T + t] - ws.noLever[c * T + t])
                    i += 1
                }
                ws.metricValues[k * T + t] = min(m.mMax[k], max(m.mMin[k], value))
            }
        }
    }
}

extension Engine {
    /// The efficient cost F of a side in year t (0-based) after the last run in `ws`.
    public static func sideCost(_ m: CompiledModel, _ side: Side, _ t: Int, _ ws: Workspace) -> Double {
        sideCost(m, side, t, UnsafePointer(ws.efficient))
    }
}
