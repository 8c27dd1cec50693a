import PlanSupport
import Foundation
import Testing
import PlanLanguage
import PlanModel
@testable import PlanSession

/// Explain, Monte Carlo, sensitivity and seek on the built-in model.
@Suite struct AnalysisTests {
    let script = """
    scenario new push
    shift 2% of acute to prevention from 2027/28
    disable digital from 2028/29
    invest £5m in prevention.ageing-well
    set inflation = 3% in 2028/29
    enable workforce at 120%
    """

    func shares(_ text: String, target: String = "balance") -> (total: Double, shares: [String: Double]) {
        let (s, host) = makeSession(format: .json)
        run(s, text)
        host.out = ""
        run(s, "explain \(target)")
        let line = host.out
        let total = Double(line.between("\"total\":", ",")!)!
        var shares: [String: Double] = [:]
        for part in line.components("{\"statement\":").dropFirst() {
            let statement = part.between("\"", "\"")!
            shares[statement] = Double(part.between("\"share\":", "}")!)!
        }
        return (total, shares)
    }

    @Test func explainSharesSumToTotalAndIgnoreOrder() {
        let a = shares(script)
        #expect(abs(a.shares.values.reduce(0, +) - a.total) <= 1e-9 * max(1, abs(a.total)))
        #expect(a.shares.count == 5)
        var lines = script.split(separator: "\n").map(String.init)
        lines = [lines[0]] + lines[1...].reversed()
        let b = shares(lines.joined(separator: "\n"))
        #expect(abs(a.total - b.total) < 1e-9)
        for (k, v) in a.shares { #expect(abs(v - b.shares[k]!) < 1e-9, "\(k)") }
    }

    /// With 12 statements explain is exact, and its shares equal Shapley values computed here by brute force
    /// over every coalition, each run through the session's own engine.
    @Test func explainIsExactAt12Statements() {
        let statements = ["shift 2% of acute to prevention from 2027/28", "disable digital from 2028/29", "invest £5m in prevention.ageing-well",
                          "set inflation = 3% in 2028/29", "enable workforce at 120%", "invest £3m in community in west-essex",
                          "shift £2m from prescribing to prevention.lifestyles", "enable data-and-insight at 150% from 2029/30",
                          "set acute.demand-growth = 3.5%", "invest 1% in primary-care from 2028/29", "set policy = hold-budgets",
                          "shift £1m from continuing-care to prevention.mental-health in east-north-herts"]
        let (s, host) = makeSession(format: .json)
        run(s, "scenario new many\n" + statements.joined(separator: "\n"))
        host.out = ""
        run(s, "explain balance")
        #expect(host.out.contains("\"exact\":true"))
        let levers = s.current.levers
        let n = levers.count
        #expect(n == 12)
        var value = [Double](repeating: 0, count: 1 << n)
        for mask in 0..<(1 << n) {
            value[mask] = s.project(levers.indices.filter { mask & (1 << $0) != 0 }.map { levers[$0] }).balance[s.model.years - 1]
        }
        func factorial(_ k: Int) -> Double { (1...max(1, k)).reduce(1.0) { $0 * Double($1) } }
        for (i, statement) in statements.enumerated() {
            var share = 0.0
            for mask in 0..<(1 << n) where mask & (1 << i) == 0 {
                let size = mask.nonzeroBitCount
                share += factorial(size) * factorial(n - size - 1) / factorial(n) * (value[mask | (1 << i)] - value[mask])
            }
            let part = host.out.components("{\"statement\":\"\(statement)\"").dropFirst().first ?? ""
            let reported = Double(part.between("\"share\":", "}") ?? "") ?? .nan
            #expect(abs(reported - share) <= 1e-9 * max(1, abs(share)), "\(statement): \(reported) vs \(share)")
        }
        // And the table says so in words.
        let (t, text) = makeSession(format: .table)
        run(t, "scenario new many\n" + statements.joined(separator: "\n") + "\nexplain balance")
        #expect(text.out.contains("(Shapley shares, exact: all 4096 subsets of the 12 statements were run)"))
    }

    /// The built-in model's guard rails: under hold-budgets no seek can leave urgent care or continuing care
    /// demand unmet (maxUnmet 0), and acute never more than its cap.
    @Test func holdBudgetsSeekKeepsGuardRails() {
        let (s, host) = makeSession(format: .json)
        run(s, "scenario new held\nset policy = hold-budgets")
        for seek in ["seek largest shift from acute to prevention from 2027/28 between 0 and 400 such that balance >= -60 every year",
                     "seek largest shift from urgent-care to prevention from 2027/28 between 0 and 100 such that balance >= -80 every year ignoring rules",
                     "seek largest shift from continuing-care to prevention from 2027/28 between 0 and 100 such that balance >= -80 every year ignoring rules"] {
            host.out = ""
            run(s, seek)
            #expect(host.out.contains("\"found\":true"), "\(seek): \(host.out.prefix(200)) \(host.err)")
            for line in ["urgent-care", "continuing-care"] {
                // Every occurrence: the system's line and each place's.
                let parts = host.out.components("\"\(line)\":{").dropFirst()
                #expect(!parts.isEmpty)
                for part in parts {
                    let unmet = part.between("\"unmet\":[", "]") ?? "x"
                    #expect(unmet.split(separator: ",").allSatisfy { Double($0) == 0 }, "\(seek): \(line) unmet \(unmet)")
                }
            }
        }
    }

    /// Every metric of the built-in model has a spread in Monte Carlo by the last year.
    @Test func everyMetricIsUncertain() {
        let (s, host) = makeSession(format: .json)
        run(s, "montecarlo 2000")
        let metrics = host.out.between("\"metrics\":{", "}}") ?? ""
        var count = 0
        for part in metrics.components("\"p10\":[").dropFirst() {
            let p10 = Double(part.prefix { $0 != "]" }.split(separator: ",").last!)!
            let p90 = Double(part.between("\"p90\":[", "]")!.split(separator: ",").last!)!
            #expect(p90 - p10 > 0 || p10 - p90 > 0, "a metric without spread: \(part.prefix(60))")
            count += 1
        }
        #expect(count == s.model.metrics.count)
    }

    @Test func explainMetricAgainstParent() {
        let (s, host) = makeSession()
        #expect(run(s, script + "\nscenario new more from push\ninvest £2m in prevention.lifestyles\nexplain smoking-prevalence vs push") == .ok, "\(host.err)")
        #expect(host.out.contains("invest £2m in prevention.lifestyles"))
        #expect(run(s, "explain balance vs baseline") == .ok)
        #expect(run(s, "scenario use push; explain balance vs more") == .failed)
    }

    @Test func monteCarloIsDeterministicAndSeeded() {
        func mc(_ seed: Int) -> String {
            let (s, host) = makeSession(format: .json)
            run(s, "montecarlo 1000 seed \(seed)")
            return host.out
        }
        #expect(mc(3) == mc(3))
        #expect(mc(3) != mc(4))
        #expect(mc(3).hasPrefix("{\"kind\":\"montecarlo\",\"scenario\":\"baseline\",\"draws\":1000,\"seed\":3"))
    }

    @Test func sensitivityIsSortedBySwing() {
        let (s, host) = makeSession(format: .json)
        run(s, "sensitivity balance")
        let swings = host.out.components("\"swing\":").dropFirst().map { Double($0.prefix { $0 != "}" })! }
        #expect(!swings.isEmpty)
        #expect(swings == swings.sorted(by: >))
    }

    @Test func seekBoundaryMeetsAndOneStepFurtherBreaks() {
        let (s, host) = makeSession(format: .json)
        run(s, "scenario new x")
        run(s, "seek largest invest in prevention.lifestyles between 0 and 200 such that balance >= -100 in 2030/31")
        let value = Double(host.out.between("\"value\":", ",")!)!
        #expect(host.out.contains("\"found\":true"))
        host.out = ""
        run(s, "invest £\(value)m in prevention.lifestyles; assert balance >= -100 in 2030/31")
        #expect(host.err.isEmpty, "\(host.err)")
        run(s, "undo")
        let next = (value * 100 + 1).rounded() / 100
        #expect(run(s, "invest £\(next)m in prevention.lifestyles; assert balance >= -100 in 2030/31") == .failed)
    }

    @Test func seekSaysPlainlyWhenNothingWorks() {
        let (s, host) = makeSession()
        run(s, "scenario new x; seek largest invest in community between 0 and 10 such that balance >= 1000 every year")
        #expect(host.out.contains("No value of invest in community from £0.00m to £10.00m meets the condition"))
    }
}

extension String {
    func between(_ a: String, _ b: String) -> String? {
        guard let r = range(of: a) else { return nil }
        let rest = self[r.upperBound...]
        guard let e = rest.range(of: b) else { return nil }
        return String(rest[..<e.lowerBound])
    }

    func components(_ separator: String) -> [String] { components(separatedBy: separator) }
}

/// seek judges its probes in place in the workspace; assert judges a copied projection. Both must agree.
@Suite struct ConditionReadingTests {
    @Test func aFinishedRunAndItsProjectionAgreeOnEveryCondition() throws {
        let (s, _) = makeSession()
        let conditions = [
            "balance >= 0 every year", "balance >= -30 every year", "icb-balance >= -5 in 2027/28", "rules hold",
            "smoking-prevalence <= 11 in 2030/31", "waiting-list <= 200 every year", "balance in west-essex >= -10 every year",
            "acute <= 1500 in 2028/29", "healthy-life-expectancy meets target",
        ]
        let plans: [[String]] = [[], ["shift 2% of acute to prevention from 2027/28"], ["shift £60m from mental-health to acute from y2"],
                                 ["invest £40m in prevention in west-essex from y3", "disable digital from y4"]]
        var checked = 0, held = 0
        for statements in plans {
            var plan = Plan(s.compiled)
            for text in statements {
                guard case .statement(let st) = Parser.parseAll(SourceFile(name: "t", text: text), vocabulary: s.vocabulary).first else {
                    Issue.record("could not parse \(text)"); continue
                }
                plan.apply(try s.lever(for: st), s.compiled)
            }
            let ws = Workspace(s.compiled)
            Engine.run(s.compiled, plan, into: ws)
            let projection = Projection(s.compiled, plan, finished: ws), run = FinishedRun(s.compiled, ws, standardOff: plan.standardOff)
            #expect(projection.breaksARule == run.breaksARule)
            for text in conditions {
                guard case .statement(let st) = Parser.parseAll(SourceFile(name: "t", text: "assert " + text), vocabulary: s.vocabulary).first,
                      case .assert(let terms) = st.kind else { Issue.record("could not parse \(text)"); continue }
                let condition = try Condition(terms: terms, model: s.model)
                #expect(condition.holds(projection) == condition.holds(run), "\(text) after \(statements)")
                #expect(condition.holds(projection) == (condition.failure(projection) == nil))
                checked += 1
                if condition.holds(run) { held += 1 }
            }
        }
        #expect(checked == conditions.count * plans.count)
        #expect(held > 0 && held < checked, "the conditions should hold in some runs and fail in others (\(held) of \(checked) held)")
    }
}
