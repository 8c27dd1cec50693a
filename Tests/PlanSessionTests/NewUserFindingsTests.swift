import Testing
@testable import PlanSession
@testable import PlanModel
import TestSupport

/// What two new users (a finance lead, a trainer) stumbled on in 0.3.0, each pinned where it was mended.
@Suite struct NewUserFindingsTests {
    /// A range written 'from A to B', or a place after the period, is named as such.
    @Test func theUsualSlipsInAPeriodAreNamed() {
        var (s, host) = makeSession()
        #expect(run(s, "shift 2% of acute to prevention from 2027/28 to 2029/30") == .failed)
        #expect(host.err.contains("unexpected 'to' after the statement") && host.err.contains("'in 2027/28..2029/30'"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "shift 2% of acute to prevention from 2027/28 in west-essex") == .failed)
        #expect(host.err.contains("the place comes before the period"), "\(host.err)")
    }

    /// With two successor ICBs, `show icb-balance` says the rows are theirs together and gives each one's.
    @Test func theICBsPositionNamesEachICB() {
        let (s, host) = makeSession()
        #expect(run(s, "show icb-balance") == .ok)
        #expect(host.out.contains("The ICBs' position together, scenario baseline"))
        #expect(host.out.contains("central-east balance (£m)") && host.out.contains("essex balance (£m)"), "\(host.out)")
    }

    /// compare shows counts in the thousands as whole numbers, as simulate does; rates keep two decimals.
    @Test func compareShowsCountsAsWholeNumbers() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift 1% of acute to prevention from 2027/28\ncompare baseline a") == .ok)
        #expect(host.out.contains("6,046   6,197") && !host.out.contains("6,046.00"), "\(host.out)")
        #expect(host.out.contains("63.10"))
    }

    /// A metric's cumulative chart says what a running sum of yearly changes means; money's does not need to.
    @Test func aMetricsCumulativeChartSaysHowToReadIt() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift 1% of acute to prevention from 2027/28\nchart waiting-list cumulative") == .ok)
        #expect(host.out.contains("'chart waiting-list change' instead"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift 1% of acute to prevention from 2027/28\nchart balance cumulative") == .ok)
        #expect(!host.out.contains("instead"))
    }

    /// Monte Carlo says that places carry no register entries, so their chances can exceed their ICB's.
    @Test func monteCarloSaysPlacesLeaveOutTheRegister() {
        let (s, host) = makeSession()
        #expect(run(s, "montecarlo 500") == .ok)
        #expect(host.out.contains("A place's P(≥ 0) leaves out the risk register"), "\(host.out)")
        #expect(host.out.contains("P(≥ 0), no mitigations (%)"))
    }

    /// Something that cannot be read where a file would be written (here: nothing readable) is named, not
    /// offered 'replace'.
    @Test func anUnreadableTargetIsNamedNotOfferedReplace() {
        let (s, host) = makeSession()
        host.unreadable.insert(s.resolve("folder"))
        #expect(run(s, "export csv \"folder\"") == .failed)
        #expect(host.err.contains("cannot write 'folder'") && !host.err.contains("exists and is different"), "\(host.err)")
    }

    /// The report is a web page: a name promising another format is refused before anything is drawn.
    @Test func aReportNamedPDFIsRefused() {
        let (s, host) = makeSession()
        #expect(run(s, "report \"board.pdf\"") == .failed)
        #expect(host.err.contains("report writes an HTML page, not .pdf") && host.err.contains("report \"board.html\""), "\(host.err)")
        #expect(host.files.isEmpty)
    }

    /// A savings rate beyond the 50% a year the model applies at most (MODEL.md §3 clamps it) stands, but is
    /// flagged; an outturn stress such as 60% of plan is not.
    @Test func aSavingsRateBeyondTheClampIsFlagged() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\nset efficiency = 120%") == .ok)
        #expect(host.out.contains("is beyond what the model applies"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\noutturn efficiency = 4000% of plan") == .ok)
        #expect(host.out.contains("is beyond what the model applies"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\noutturn efficiency = 60% of plan") == .ok)
        #expect(!host.out.contains("is beyond what the model applies"), "\(host.out)")
    }

    /// A seek whose answer is £0 says that any of the lever breaks the condition, with nothing to apply.
    @Test func aSeekThatFindsNothingSaysSo() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nseek largest shift from acute to prevention from 2027/28 such that balance >= 0.2 in 2028/29") == .ok)
        #expect(host.out.contains("Found: £0: the condition holds only with none of this lever"), "\(host.out)")
        #expect(!host.out.contains("to apply it"))
    }

    /// A bare amount in a shift is £m, and the confirmation says so (it may have been meant as a share).
    @Test func aBareAmountIsReadAsMillionsAndSaysSo() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift 2 of acute to prevention") == .ok)
        #expect(host.out.contains("2 is read as £2m; write 2% for a share of the budget"), "\(host.out)")
    }

    /// A script that stops at an error names the lines it did not run; nothing is skipped silently.
    @Test func aStoppedScriptNamesWhatItDidNotRun() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshfit 2% of acute to prevention\n# a note\nsimulate\nshow levers\n") == .failed)
        #expect(host.err.contains("t.scenario stopped at line 2: lines 4 to 5 not run"), "\(host.err)")
        let (s2, host2) = makeSession()
        #expect(run(s2, "scenario new a\nshfit 2% of acute; simulate\nshow levers\n") == .failed)
        #expect(host2.err.contains("t.scenario stopped at line 2: the rest of line 2 and line 3 not run"), "\(host2.err)")
    }

    /// 'N% of plan' is of the scenario's own plan value: after a `set`, an outturn beyond the clamp is flagged
    /// (the caution read the model's value once, and missed it).
    @Test func anOutturnIsJudgedAgainstTheScenariosPlan() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nset efficiency = 50%\noutturn efficiency = 250% of plan") == .ok)
        #expect(host.out.contains("a savings rate of 125% is beyond what the model applies"), "\(host.out)")
    }

    /// An assert whose bound is a hundred times away from every value of its metric warns that the unit may be
    /// wrong (people against thousands); the assert is still judged.
    @Test func anAssertInTheWrongUnitWarns() {
        var (s, host) = makeSession()
        #expect(run(s, "assert waiting-list < 141000 in 2027/28") == .ok)
        #expect(host.err.contains("far from 141000: check the bound is in thousand people"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "assert waiting-list < 141 in 2027/28") == .ok)
        #expect(!host.err.contains("far from"))
    }

    /// With --keep-going, a failed 'scenario new' says where the statements after it go.
    @Test func keepGoingPastAFailedScenarioNewSaysWhereStatementsGo() {
        let (s, host) = makeSession()
        s.options.keepGoing = true
        #expect(run(s, "scenario new a\nscenario new a\nshift 1% of acute to prevention\n") == .failed)
        #expect(host.err.contains("'scenario new a' failed: the statements that follow go to 'a'"), "\(host.err)")
    }

    /// Step mode echoes each statement for the room wrapped at words, not broken mid-word by the terminal.
    @Test func stepModeEchoesStatementsWrappedAtWords() {
        let (s, host) = makeSession()
        s.options.step = true
        let long = "seek largest shift from acute to prevention.falls from 2027/28 such that balance >= -20 every year"
        #expect(run(s, "scenario new demo\n" + long + "\n") == .ok)
        let echoed = host.out.split(separator: "\n").drop { !$0.hasPrefix("demo> seek") }.prefix(2)
        #expect(echoed.count == 2 && echoed.allSatisfy { $0.count <= 80 }, "\(host.out)")
        // The first line is a prefix of the statement that ends at a word; the second continues indented.
        let first = String(echoed.first!.dropFirst("demo> ".count))
        #expect(long.hasPrefix(first) && long.dropFirst(first.count).hasPrefix(" "), "\(first)")
        #expect(echoed.last!.hasPrefix("    "))
    }

    /// From a tour of LANGUAGE.md v3: a year written 2027/2028 and a level after the period are named as such.
    @Test func aLongYearAndALateLevelAreNamed() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest 1m in acute in 2027/2028") == .failed)
        #expect(said(host.err).contains("'2027/2028' is not how a year is written") && host.err.contains("write a financial year as 2027/28"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\nenable digital from 2027/28 at 50%") == .failed)
        #expect(said(host.err).contains("an enabler's level comes before the period: '… at 50% from 2027/28'"), "\(host.err)")
    }

    /// Monte Carlo's CSV carries every figure its JSON does (the ICBs' and the underlying percentiles); the
    /// terminal's table keeps to 80 columns.
    @Test func monteCarloCSVHasEveryPercentile() {
        var (s, host) = makeSession(format: .csv)
        #expect(run(s, "montecarlo 500") == .ok)
        #expect(host.out.contains("ICB P10") && host.out.contains("ICB P90") && host.out.contains("Underlying P10") && host.out.contains("Underlying P90"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "montecarlo 500") == .ok)
        #expect(!host.out.contains("ICB P10"))
    }

    /// From a tour of the prompt: an export named for another format is refused, as report's is.
    @Test func anExportNamedForAnotherFormatIsRefused() {
        let (s, host) = makeSession()
        #expect(run(s, "export xlsx \"x.csv\"") == .failed)
        #expect(said(host.err).contains("export xlsx writes an Excel workbook, not .csv") && host.files["x.csv"] == nil, "\(host.err)")
        #expect(run(s, "export csv \"x.csv\"") == .ok)
    }
}
