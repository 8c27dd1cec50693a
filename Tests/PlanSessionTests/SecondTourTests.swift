import Testing
@testable import PlanSession
@testable import PlanLanguage
@testable import PlanRender
import TestSupport

/// What a West Essex finance lead, a public health consultant and a tester found trying 0.3.0 as new users
/// (2026-12-08), each pinned where it was mended.
@Suite struct SecondTourTests {
    /// A system that balances while its trusts do not has not met the objective: the line says so, and how many.
    @Test func theObjectiveLineCountsTheBodiesInDeficit() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new cip\nset efficiency = 6.5%\noutturn efficiency = 60% of plan\nsimulate") == .ok)
        let text = said(host.out)
        #expect(text.contains("Objective, balanced every year: met by the system, NOT by 8 of 10 organisations in deficit (below)"), "\(text)")
        #expect(text.contains("Organisations in deficit: enht (2027/28 to 2030/31)"))
        // The board report's summary names them too, beside a system 'in deficit in 0 of 5 years'.
        #expect(run(s, "report \"r.html\" cip") == .ok)
        let page = String(decoding: host.files["r.html"] ?? [], as: UTF8.self)
        #expect(page.contains("8 of 10 organisations, each of which must break even on its own, are in deficit in some year: East and North Hertfordshire NHS Trust,"))
    }

    /// `outturn efficiency = 60%` makes the rate 60% itself; the caution gives the statement that was more likely meant.
    @Test func aShareWithoutOfPlanGetsTheHint() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\noutturn efficiency = 60%") == .ok)
        #expect(said(host.out).contains("caution: this makes efficiency 60% itself; for 60% of what the plan assumes, write: outturn efficiency = 60% of plan"), "\(host.out)")
        #expect(!said(host.out).contains("beyond what the model applies"))
        let (t, other) = makeSession()
        #expect(run(t, "scenario new a\noutturn efficiency = 60% of plan\noutturn efficiency = 2.5%") == .ok)
        #expect(!said(other.out).contains("of what the plan assumes"))
    }
}
