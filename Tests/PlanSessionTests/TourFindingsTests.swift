import Testing
@testable import PlanSession
@testable import PlanLanguage
@testable import PlanRender
import TestSupport

/// What a finance lead, a planner and a trainer found trying 0.3.0 as new users (2026-12-07), each pinned
/// where it was mended.
@Suite struct TourFindingsTests {
    /// `help set` names the per-year assumptions as the contract lists them: a line's demand growth and a
    /// metric's trend take no PERIOD (the statement refuses one).
    @Test func helpSetSaysWhichAssumptionsTakeAPeriod() {
        let (s, host) = makeSession()
        #expect(run(s, "help set") == .ok)
        let text = said(host.out)
        #expect(text.contains("(a line's demand growth, a metric's trend or level, a scale, a probability) hold for the whole horizon"), "\(text)")
        #expect(!text.contains("a line's demand growth or pressure"))
        let (t, other) = makeSession()
        #expect(run(t, "scenario new a\nset acute.demand-growth = 6% in 2027/28") == .failed)
        #expect(said(other.err).contains("takes no period"))
    }

    /// The hint to overwrite repeats the statement whole: following it exports the same scenarios.
    @Test func theReplaceHintKeepsTheScenarios() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest £1m in acute\nexport csv \"all.csv\" baseline a") == .ok)
        #expect(run(s, "export csv \"all.csv\" baseline a") == .failed)
        #expect(said(host.err).contains("export csv \"all.csv\" baseline a replace"), "\(host.err)")
        #expect(run(s, "report \"r.html\" a\nreport \"r.html\" a") == .failed)
        #expect(said(host.err).contains("report \"r.html\" a replace"), "\(host.err)")
        #expect(run(s, "export csv \"x.xlsx\" baseline a") == .failed)
        #expect(said(host.err).contains("export csv \"x.csv\" baseline a"), "\(host.err)")
    }

    /// The usual word-order slips get a hint: the period before `non-recurrent`, and before seek's `between`.
    @Test func wordOrderSlipsAreNamed() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest £5m in community non-recurrent in 2027/28") == .failed)
        #expect(said(host.err).contains("the period comes before 'non-recurrent': '… in 2027/28 non-recurrent'"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\nseek smallest efficiency between 3% and 8% from 2027/28 such that balance >= 0 every year") == .failed)
        #expect(said(host.err).contains("the period comes before 'between': 'seek … from 2027/28 between … such that …'"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest £5m in community in 2027/28 non-recurrent") == .ok)
    }

    /// An outturn of the system's savings rate says it falls on every treatment line and that the register
    /// still counts its risks; an outturn of one line's pressure does not.
    @Test func anOutturnOfEfficiencySaysWhereItFalls() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\noutturn efficiency = 60% of plan from 2027/28") == .ok)
        let text = said(host.out)
        #expect(text.contains("efficiency is one rate for all 12 treatment lines"), "\(text)")
        #expect(text.contains("unless set to £0m: risk ID £0m"))
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\noutturn acute.pressure = 1% from 2027/28") == .ok)
        #expect(!host.out.contains("caution"), "\(host.out)")
    }

    /// `show actuals` says which way a spending variance reads; a line under the investment standard shows
    /// each ICB's headroom, blank in year 1 where it is not judged.
    @Test func actualsSignAndTheStandardsHeadroom() {
        var (s, host) = makeSession()
        host.files["a.csv"] = Array("year,place,item,value\n2026/27,west-essex,acute,301.5\n".utf8)
        #expect(run(s, "actuals load \"a.csv\"\nshow actuals") == .ok)
        #expect(said(host.out).contains("and an overspend for a line's spending"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "show mental-health") == .ok)
        #expect(host.out.contains("Savings from investment (£m)"))
        #expect(host.out.contains("Headroom, central-east (£m)         –     1.3"), "\(host.out)")
        #expect(host.out.contains("Headroom, essex (£m)"))
        (s, host) = makeSession(format: .json)
        #expect(run(s, "show mental-health") == .ok)
        #expect(host.out.contains("\"Savings\":[") && host.out.contains("\"Headroom, essex\":[null,"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "show acute") == .ok)
        #expect(!host.out.contains("Headroom"))
    }

    /// `chart … change A B by place` draws B against A place by place; two scenarios without `change`, or
    /// more than two, are refused (it used to draw the first scenario alone, a flat line for 'change').
    @Test func aChartByPlaceOfTwoScenariosDrawsTheChange() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new push\nshift 2% of acute to prevention in west-essex from 2027/28") == .ok)
        host.out = ""
        #expect(run(s, "chart smoking-prevalence change baseline push by place") == .ok)
        #expect(host.out.contains("Adults who smoke by place, scenario push, change against baseline (%)"), "\(host.out)")
        #expect(host.out.contains("-0.7 │"), "west-essex falls by 0.69 points by 2030/31: \(host.out)")
        #expect(run(s, "chart smoking-prevalence baseline push by place") == .failed)
        #expect(said(host.err).contains("chart smoking-prevalence change baseline push by place"), "\(host.err)")
        #expect(run(s, "scenario new other\nchart balance change baseline push other by place") == .failed)
    }

    /// At a pause in step mode a typed statement runs and the pause waits again; a typo in it neither stops
    /// nor fails the demonstration.
    @Test func aStatementTypedAtAPauseRunsThere() {
        let (s, host) = makeSession()
        s.options.step = true
        host.pauseAnswers = [.statement("show pah"), .statement("shoe pah"), .goOn]
        #expect(run(s, "echo \"one\"\npause\necho \"two\"") == .ok)
        #expect(host.out.contains("The Princess Alexandra Hospital NHS Trust (pah, provider)"))
        #expect(host.err.contains("did you mean 'show'?"))
        #expect(host.out.hasSuffix("two\n"), "\(host.out)")
        #expect(!s.hadFailure)
        host.pauseAnswers = [.stop]
        #expect(run(s, "pause\necho \"three\"") == .quit)
        #expect(said(host.err).contains("stopped at line 1 (at the pause): line 2 not run"), "\(host.err)")
    }

    /// The report colours a measure green only when it meets its target every year the target holds, as the
    /// shell's "met" reads: dementia diagnosis, on target from 2029/30 only, is amber.
    @Test func theReportsColoursAgreeWithTheShell() {
        let (s, host) = makeSession()
        #expect(run(s, "report \"r.html\"") == .ok)
        let html = String(decoding: host.files["r.html"] ?? [], as: UTF8.self)
        #expect(html.contains("title=\"A: met in 2030/31, not every year\""), "dementia-diagnosis")
        #expect(!html.contains("title=\"G: met\""))
        #expect(html.contains("green met in every year each applies"))
    }

    /// Views a room reads at 80 columns: compare's sparklines share one scale and are flat where the figures do
    /// not move; Monte Carlo's fan draws zero over the band; sensitivity names are whole where they fit; two
    /// ICBs' balance reads as theirs together; explain cites the evidence for an effect first.
    @Test func viewsTheRoomReads() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new push\nshift 2% of acute to prevention in west-essex from 2027/28\ncompare baseline push on icb-balance eeast") == .ok)
        #expect(host.out.contains("ICBs' balance, together"), "\(host.out)")
        #expect(host.out.contains("0.0     0.0     0.0     0.0     0.0  ▄▄▄▄▄"), "a flat line for no change: \(host.out)")
        #expect(!host.out.contains("▁▂▄▆█"))
        host.out = ""
        #expect(run(s, "montecarlo 500") == .ok)
        #expect(host.out.contains("░│░"), "zero drawn over the band: \(host.out)")
        host.out = ""
        #expect(run(s, "sensitivity balance in 2030/31") == .ok)
        #expect(host.out.contains("learning-disability.demand-growth  ") && !host.out.contains("demand-gr…"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new f\nshift £10m of acute to prevention.falls from 2027/28\nexplain falls-admissions in 2028/29") == .ok)
        let first = host.out.components(separatedBy: "source: ").dropFirst().first ?? ""
        #expect(first.hasPrefix("metrics[falls-admissions].responses"), "\(host.out)")
    }

    /// Smaller slips from the tours: initials find their id; a risk's owner after its probability, and a seek
    /// with nothing to vary, say why; a difference in a percentage reads in points; exports of several scenarios
    /// line up row for row; a cut is not called double running.
    @Test func smallerSlips() {
        var (s, host) = makeSession()
        #expect(run(s, "show hle") == .failed)
        #expect(said(host.err).contains("did you mean 'healthy-life-expectancy'?"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\nrisk r £2m at 50% on pah") == .failed)
        #expect(said(host.err).contains("the owner comes before the period and the probability"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "model horizon 1\nscenario new a\nseek invest in acute such that balance >= 0 every year") == .failed)
        #expect(said(host.err).contains("nothing to seek: the lever changes nothing"), "\(host.err)")
        #expect(host.out.contains("now runs over 1 year, 2026/27\n"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new f\nshift 2% of acute to prevention in west-essex from 2027/28\nexplain smoking-prevalence in west-essex in 2030/31") == .ok)
        #expect(said(host.out).contains("'baseline': -0.69 points"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest £1m in prevention\nexport csv \"two.csv\" baseline a") == .ok)
        let rows = String(decoding: host.files["two.csv"] ?? [], as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
        let keys = { (name: String) in rows.filter { $0.hasPrefix(name + ",") }.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().prefix(2).joined(separator: ",") } }
        #expect(!keys("baseline").isEmpty && keys("baseline") == keys("a"))
        let text = String(decoding: host.files["two.csv"] ?? [], as: UTF8.self)
        #expect(text.contains("a,Income by stream,deficit-support,£m,0,0,0,0,0,non-recurrent"), "\(text)")
        #expect(text.contains("a,Mental health investment standard,\"headroom, essex\",£m,,0.32"))
        (s, host) = makeSession()
        #expect(run(s, "scenario new i\nset inflation = 3% from 2026/27\nset inflation = 3.1%") == .ok)
        #expect(said(host.out).contains("caution: inflation acts from the second year: 2026/27 is already under way, so this moves 2027/28 on"))
        #expect(said(host.out).components(separatedBy: "acts from the second year").count == 2, "only the statement from 2026/27: \(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new c\ninvest -£20m in acute from 2027/28\nsimulate") == .ok)
        #expect(!host.out.contains("double running"), "\(host.out)")
    }

    /// Money past a programme's ceiling is said to buy little more of the outcome (the trainer's £100m into the
    /// falls service avoided no more admissions than £10m, while its returns grew in a straight line).
    @Test func diminishingReturnsAreSaid() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift £10m of acute to prevention.falls from 2027/28") == .ok)
        #expect(said(host.out).contains("caution: diminishing returns: half the money would buy 98% of this statement's effect on falls-admissions"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift £1m of acute to prevention.falls from 2027/28\ninvest £1m in acute") == .ok)
        #expect(!host.out.contains("diminishing"), "\(host.out)")
    }

    /// From the second look at the fixes: an aside at a pause that moves to another scenario leaves the
    /// demonstration in its own; 'places' cannot name a scenario (compare places); an outturn at or above plan
    /// has no shortfall caution; `run` of an undecodable file says none of it ran; cut sensitivity names keep
    /// their last part.
    @Test func secondLookAtTheFixes() {
        var (s, host) = makeSession()
        s.options.step = true
        host.pauseAnswers = [.statement("scenario use baseline"), .goOn]
        #expect(run(s, "scenario new demo\npause\ninvest £1m in acute") == .ok)
        #expect(s.currentScenario == "demo" && host.err.contains("the demonstration goes on in 'demo'"), "\(host.err)")
        #expect(s.unsaved == ["demo"])
        (s, host) = makeSession()
        #expect(run(s, "scenario new places") == .failed)
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\noutturn efficiency = 150% of plan from 2027/28\noutturn efficiency = 100% of plan from 2027/28") == .ok)
        #expect(!host.out.contains("one rate for all"), "\(host.out)")
        (s, host) = makeSession()
        host.files["bad.scenario"] = Array("scenario new a\necho \"ok ".utf8) + [0xE9] + Array("\"\n".utf8)
        #expect(run(s, "run \"bad.scenario\"") == .failed)
        #expect(host.err.contains("nothing in bad.scenario was run"), "\(host.err)")
        #expect(PlanRender.SensitivityView.shortened("prevention.long-term-conditions.effect-scale", 26) == "prevention.l….effect-scale")
        #expect(PlanRender.SensitivityView.shortened("prevention.long-term-conditions.return-scale", 26) == "prevention.l….return-scale")
    }
}
