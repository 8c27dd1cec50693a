import Foundation
import Testing
import PlanLanguage
import PlanModel
@testable import PlanSession
import PlanSupport

@Suite struct SessionTests {
    @Test func baselineCannotBeChanged() {
        let (s, host) = makeSession()
        #expect(run(s, "simulate") == .ok)
        let before = host.out
        #expect(run(s, "shift 2% of acute to prevention") == .failed)
        #expect(host.err.contains("error: t.scenario:1:1: the baseline cannot be changed"))
        #expect(host.err.contains("scenario new NAME"))
        host.out = ""
        run(s, "simulate")
        #expect(host.out == before)
    }

    /// `disable digital` cuts a cost and loses an efficiency: simulate says both, and its figures are the
    /// differences from the same scenario with digital at 100% (own cost, other spend, cumulative balance).
    @Test func simulateSaysWhatAnEnablerDoesToTheMoney() throws {
        let (s, host) = makeSession()
        run(s, "scenario new push; disable digital from 2028/29; simulate")
        let text = host.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let sentence = try #require(text.range(of: "digital at 0% from 2028/29: over 2026/27 to 2030/31 its own cost falls by £60.0m;"))
        let scenario = s.project(s.plan(of: s.current))
        var planned = s.plan(of: s.current)
        for t in 0..<s.model.years { planned.levels[s.model.enablerIndex("digital")! * s.model.years + t] = 1 }
        let baseline = s.project(planned)
        let last = s.model.years - 1
        let lines = (0..<s.model.years).reduce(0) { $0 + scenario.spend[$1] - baseline.spend[$1] } + 60
        let cumulative = scenario.cumulative[last] - baseline.cumulative[last]
        let rest = String(text[sentence.upperBound...])
        #expect(rest.contains("the spending lines' cost rises by \(NumberFormat.money(lines, decimals: 1))"), "\(rest.prefix(300))")
        #expect(rest.contains("the cumulative balance is \(NumberFormat.money(abs(cumulative), decimals: 1)) \(cumulative > 0 ? "better" : "worse") than with digital at 100%"))
        // Nothing is said of enablers the scenario leaves at 100%.
        #expect(!text.contains("workforce at"))
    }

    @Test func undoRestoresByteIdenticalSimulate() {
        let (s, host) = makeSession(format: .json)
        run(s, "scenario new push; shift 2% of acute to prevention from 2027/28")
        host.out = ""; run(s, "simulate"); let before = host.out
        for change in ["disable digital from 2028/29", "set inflation = 4% in 2029/30", "set policy = hold-budgets",
                       "enable workforce at 150%", "invest £5m in prevention.lifestyles", "reset", "scenario new other",
                       "scenario rename push renamed", "scenario drop push", "set acute.demand-growth = 4%"] {
            #expect(run(s, change) == .ok, "\(change): \(host.err)")
            #expect(run(s, "undo") == .ok)
            #expect(s.currentScenario == "push", "after undoing \(change)")
            host.out = ""; run(s, "simulate")
            #expect(host.out == before, "undo after '\(change)'")
        }
        run(s, "disable digital")
        run(s, "undo"); run(s, "redo")
        host.out = ""; run(s, "simulate")
        #expect(host.out != before)
    }

    /// The scenarios called unsaved are exactly those that exist, have statements and differ from their last
    /// save, whatever undo, drop and rename did in between.
    @Test func unsavedFollowsUndoDropAndRename() {
        let (s, _) = makeSession()
        run(s, "scenario new a\ninvest £5m in prevention\nscenario new t\ninvest £1m in acute\nscenario drop a\nundo")
        #expect(s.unsaved == ["a", "t"])
        run(s, "scenario new u\ninvest £1m in community\nscenario rename u v\nundo")
        #expect(s.unsaved == ["a", "t", "u"])
        run(s, "scenario use a\nsave \"/dev/null\" replace")
        #expect(!s.unsaved.contains("a"))
    }

    /// A scenario a `run` script made is in that script: not unsaved until it changes. One the script only
    /// changed stays unsaved, and a script that fails marks nothing.
    @Test func aScenarioFromARunScriptIsNotUnsaved() {
        let (s, host) = makeSession()
        host.files["demo.scenario"] = Array("scenario new demo\ninvest £2m in prevention\nscenario use mine\ninvest £1m in acute\n".utf8)
        host.files["bad.scenario"] = Array("scenario new broken\ninvest £2m in acute\ninvest £2m in nowhere\n".utf8)
        run(s, "scenario new mine\nrun \"demo.scenario\"")
        #expect(s.unsaved == ["mine"])
        run(s, "scenario use demo\ndisable digital")
        #expect(s.unsaved == ["mine", "demo"])
        run(s, "undo")
        #expect(s.unsaved == ["mine"])
        run(s, "run \"bad.scenario\"")
        #expect(s.unsaved == ["mine", "broken"])
    }

    /// A scenario saved after model horizon replays in a fresh session: the script says the horizon.
    @Test func saveKeepsTheHorizon() {
        let (s, host) = makeSession()
        run(s, "model horizon 10\nscenario new hz\ninvest £1m in acute in 2034/35")
        run(s, "save \"h.scenario\"")
        let text = String(decoding: host.files["h.scenario"] ?? [], as: UTF8.self)
        #expect(text.contains("model horizon 10\nscenario new hz\ninvest £1m in acute in 2034/35"))
        let (fresh, _) = makeSession()
        #expect(run(fresh, text) == .ok)
    }

    /// No model id may take a word of the language: the reserved list covers every statement and topic.
    @Test func reservedWordsCoverTheLanguage() {
        for word in CommandTable.names + CommandTable.showTopics + ["balance", "icb-balance", "income", "spend", "variance", "rules"] {
            #expect(Identifier.reserved.contains(word), "'\(word)' is not reserved")
        }
    }

    @Test func preventionBudgetCannotGoNegative() {
        let (s, host) = makeSession()
        run(s, "scenario new cut")
        #expect(run(s, "shift £50m from prevention.lifestyles to acute") == .failed)
        #expect(said(host.err).contains("would leave 'prevention.lifestyles' in east-north-herts with -£"))
        #expect(said(host.err).contains("is available in prevention.lifestyles in east-north-herts in 2027/28"))
        host.err = ""
        run(s, "show levers")
        #expect(host.out.contains("'cut' has no statements"))
    }

    @Test func failingAssertNamesConditionYearAndValue() {
        let (s, host) = makeSession()
        // The built-in plan breaks even; savings delivered at 60% of plan from 2027/28 do not.
        #expect(run(s, "scenario new low; outturn efficiency = 60% of plan from 2027/28") == .ok)
        #expect(run(s, "assert balance >= 0 every year") == .failed)
        #expect(said(host.err).contains("assertion failed: balance >= 0 every year: balance is -£48.30m"), "\(host.err)")
        #expect(host.err.contains("in 2027/28"))
        #expect(run(s, "assert balance >= 0 in 2026/27 and balance < 0 in 2030/31") == .ok)
    }

    @Test func keepGoingRunsOnButStillFails() {
        let (s, host) = makeSession()
        s.options.keepGoing = true
        #expect(run(s, "bogus\nscenario new a\nsimulate") == .failed)
        #expect(host.out.contains("Scenario a"))
        let (t, _) = makeSession()
        #expect(run(t, "bogus\nscenario new a") == .failed)
        #expect(t.currentScenario == "baseline")
    }

    @Test func saveThenRunReproducesJSON() throws {
        let (s, host) = makeSession(format: .json)
        run(s, """
        scenario new push
        shift 2% of acute to prevention from 2027/28
        disable digital from 2028/29
        set inflation = 3% in 2028/29
        """)
        host.out = ""; run(s, "simulate"); let before = host.out
        #expect(run(s, "save \"push.scenario\"") == .ok)
        let saved = String(decoding: host.files["push.scenario"]!, as: UTF8.self)
        #expect(saved.contains("# saved: 2026-11-22"))
        #expect(saved.contains("scenario new push\nshift 2% of acute to prevention from 2027/28\n"))
        // LANGUAGE.md: a write never replaces a file that exists unless it ends in `replace`, same bytes or not.
        host.err = ""
        #expect(run(s, "save \"push.scenario\"") == .failed)
        #expect(said(host.err).contains("'push.scenario' exists (it already holds exactly what this would write)"))
        run(s, "invest £1m in community")
        host.err = ""
        #expect(run(s, "save \"push.scenario\"") == .failed)
        #expect(said(host.err).contains("'push.scenario' exists and is different") && host.err.contains("add 'replace' to overwrite it"))

        let (fresh, freshHost) = makeSession(format: .json)
        freshHost.files = host.files
        #expect(run(fresh, "run \"push.scenario\"; simulate") == .ok)
        #expect(freshHost.out == before)
    }

    /// A script that runs itself, directly or through others, is refused at once; a chain of different scripts
    /// stops at 16 deep.
    @Test func runNestingIsLimited() {
        var (s, host) = makeSession()
        host.files["loop.scenario"] = Array("run \"loop.scenario\"\n".utf8)
        #expect(run(s, "run \"loop.scenario\"") == .failed)
        #expect(said(host.err).contains("'loop.scenario' is already running (loop.scenario → loop.scenario)"), "\(host.err)")
        (s, host) = makeSession()
        host.files["a.scenario"] = Array("run \"b.scenario\"\n".utf8)
        host.files["b.scenario"] = Array("run \"a.scenario\"\n".utf8)
        #expect(run(s, "run \"a.scenario\"") == .failed)
        #expect(said(host.err).contains("(a.scenario → b.scenario → a.scenario)"), "\(host.err)")
        (s, host) = makeSession()
        for k in 0..<20 { host.files["s\(k).scenario"] = Array("run \"s\(k + 1).scenario\"\n".utf8) }
        #expect(run(s, "run \"s0.scenario\"") == .failed)
        #expect(host.err.contains("more than 16 deep"))
    }

    @Test func staleScenariosAreMarked() {
        let (s, host) = makeSession()
        run(s, "scenario new a; invest £1m in community; scenario list")
        #expect(host.out.contains("stale"))
        host.out = ""
        run(s, "simulate; scenario list")
        #expect(!host.out.contains("stale"))
    }

    @Test func helpListsEveryStatement() {
        let (s, host) = makeSession()
        run(s, "help")
        let unwrapped = Self.unwrapped(host.out)
        for c in CommandTable.commands { for line in c.synopsis { #expect(unwrapped.contains(line), "help lacks \(line)") } }
        for c in CommandTable.commands {
            host.out = ""
            #expect(run(s, "help \(c.name)") == .ok)
            #expect(Self.unwrapped(host.out).contains(c.summary))
        }
    }

    /// Help as one line per entry again: wrapped lines continue after a newline and spaces.
    static func unwrapped(_ text: String) -> String {
        var out = "", lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        out = String(lines.removeFirst())
        for line in lines {
            if line.hasPrefix("      "), !line.trimmingCharacters(in: .whitespaces).hasPrefix("|") { out += " " + line.trimmingCharacters(in: .whitespaces) } else { out += "\n" + line }
        }
        return out
    }

    /// docs/commands.md is generated from the command table (`make docs`); this fails when it is stale.
    @Test func commandsDocument() {
        let path = Repository.path("docs/commands.md")
        let actual = CommandTable.document() + "\n"
        if Golden.recording {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(expected == actual, "docs/commands.md is stale: run 'make docs'")
    }

    @Test func compareChartAndShowRun() {
        let (s, host) = makeSession()
        #expect(run(s, """
        scenario new push; shift 1% of acute to prevention
        compare baseline push on smoking-prevalence
        chart balance baseline push
        show smoking-prevalence; show acute; show balance; show levers; show assumptions; show sources; show enablers
        show categories; show metrics; show scenario; show baseline; model show; scenario list
        """) == .ok, "\(host.err)")
        #expect(host.out.contains("vs baseline"))
        #expect(host.out.contains("worse than baseline") || host.out.contains("better than baseline"))
        #expect(host.out.contains("│"))
    }
}

/// Regressions found in review: each bad input is refused with a message and changes nothing.
@Suite struct RefusalTests {
    func refused(_ setup: String, _ statement: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (s, host) = makeSession(format: .json)
        #expect(run(s, setup) == .ok, "\(host.err)", sourceLocation: sourceLocation)
        host.out = ""; run(s, "simulate"); let before = host.out
        host.err = ""
        #expect(run(s, statement) == .failed, sourceLocation: sourceLocation)
        #expect(said(host.err).contains(message), "\(host.err)", sourceLocation: sourceLocation)
        host.out = ""; run(s, "simulate")
        #expect(host.out == before, "the refused statement changed the scenario", sourceLocation: sourceLocation)
    }

    @Test func hugeAndNonFiniteResults() {
        refused("scenario new a", "invest 1e308 in acute", "too large to mean anything")
        refused("scenario new a", "set acute.demand-growth = 1e100%", "too large to mean anything")
    }

    @Test func seekRanges() {
        refused("scenario new a", "seek invest in acute between 0 and 1e20 such that balance >= 0 every year", "too far from zero")
        refused("scenario new a", "seek invest in acute between 0 and 1e12 such that balance >= 0 every year", "too wide")
        refused("scenario new a", "seek acute.demand-growth between 1e300% and 1e300% such that balance >= 0 every year", "too far from zero")
        // LANGUAGE.md: `between` is read as `set` reads it (a rate needs its %), and with no uncertainty entry it is required.
        refused("scenario new a", "seek acute.pressure between 0 and 1 such that balance >= 0 every year", "acute.pressure is a rate: write")
        refused("scenario new a", "seek acute.pressure such that balance >= 0 every year", "has no uncertainty entry to give the range to search")
        refused("scenario new a", "seek deficit-support.amount between 0% and 5% such that balance >= 0 every year", "is money, not a percentage")
        refused("scenario new a", "seek level of digital between 50 and 150 such that balance >= 0 every year", "a level's range is a percentage")
        // LANGUAGE.md: `outturn` is refused for an assumption with no plan value of its own, in a statement and a seek.
        refused("scenario new a", "outturn cip-unidentified.enht.probability = 50%", "is a probability: it has no plan value of its own")
        refused("scenario new a", "seek outturn cip-unidentified.enht.probability such that balance >= 0 every year", "is a probability")
        refused("scenario new a", "seek level of digital between 250% and 300% such that balance >= 0 every year", "a level lies from 0% to 200%")
        refused("scenario new a", "seek invest in acute between 5.001 and 5.009 such that balance >= -1000 every year", "narrower than one step")
    }

    @Test func leversThatActInNoYearAreWarnedAbout() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a; set core.growth = 10% in 2026/27") == .ok)
        #expect(host.err.contains("warning: set core.growth = 10% in 2026/27: changes nothing"))
    }

    @Test func explainAgainstAChangedParent() {
        refused("scenario new a; invest 10m in acute; scenario new b from a; invest 5m in community; scenario use a; invest 50m in acute; scenario use b",
                "explain balance vs a", "'a' has changed since 'b' was made from it")
    }

    @Test func savingTheBaselineAndNamingAScenarioTwice() {
        refused("simulate", "save \"b.scenario\"", "the baseline has no statements to save")
        refused("simulate", "compare baseline baseline", "named twice")
    }

    @Test func aBadLineDoesNotStopTheOthersWithKeepGoing() {
        let (s, host) = makeSession()
        s.options.keepGoing = true
        #expect(run(s, "echo \"first\"\necho \"bad \\q\"\necho \"after\"\n") == .failed)
        #expect(host.out == "first\nafter\n")
        #expect(host.err.contains("t.scenario:2:11: unknown escape"))
    }
}

/// Actuals as Excel saves them: a byte-order mark, CRLF line ends, quoted numbers with thousands commas.
@Suite struct ActualsCSVTests {
    func load(_ text: String) -> (Session, TestHost, RunStatus) {
        let (s, host) = makeSession()
        host.files[s.resolve("a.csv")] = Array(text.utf8)
        return (s, host, run(s, "actuals load \"a.csv\""))
    }

    @Test func excelsCSVLoads() {
        let (s, host, status) = load("\u{FEFF}year,place,item,value\r\n2026/27,,acute,\"1,450.5\"\r\n2026/27,west-essex,balance,-3\r\n")
        #expect(status == .ok, "\(host.err)")
        #expect(host.out.contains("loaded 2 actuals"))
        #expect(s.actuals.values[Actuals.Key(year: 1, place: nil, item: "acute")] == 1450.5)
        #expect(s.actuals.values[Actuals.Key(year: 1, place: s.model.placeIndex("west-essex"), item: "balance")] == -3)
    }

    /// MODEL.md §8: a loaded file replaces the figures it names; within one file the later row wins, and says so.
    @Test func aRepeatedRowKeepsTheLaterValueAndSaysSo() {
        let (s, host, status) = load("year,place,item,value\n2026/27,,acute,1450\n2026/27,,spend,3600\n2026/27,,acute,1460\n")
        #expect(status == .ok)
        #expect(said(host.out).contains("loaded 2 actuals from a.csv; the later value is kept where a row repeats an earlier one: line 4 repeats line 2's acute in 2026/27"), "\(host.out)")
        #expect(s.actuals.values[Actuals.Key(year: 1, place: nil, item: "acute")] == 1460)
    }

    @Test func anUnquotedThousandsCommaIsExplained() {
        let (_, host, status) = load("year,place,item,value\n2026/27,,acute,1,450\n")
        #expect(status == .failed)
        #expect(said(host.err).contains("a.csv:2:18: expected 4 fields (year,place,item,value), got 5; a number with a thousands comma needs quotes"), "\(host.err)")
    }

    /// Issue 27: "1,2,3" is not 123, a year a thousand years off is a typo, and the repeats note is bounded.
    @Test func misgroupedCommasFarYearsAndManyRepeats() {
        var (s, host, status) = load("year,place,item,value\n2026/27,,acute,\"1,2,3\"\n")
        #expect(status == .failed && said(host.err).contains("'1,2,3' is not a number: thousands commas come every three digits"), "\(host.err)")
        #expect(s.actuals.values[Actuals.Key(year: 1, place: nil, item: "acute")] == nil)
        (s, host, status) = load("year,place,item,value\n2026/27,,acute,\"-12,345.5\"\n")
        #expect(status == .ok && s.actuals.values[Actuals.Key(year: 1, place: nil, item: "acute")] == -12345.5)
        (s, host, status) = load("year,place,item,value\n1026/27,,acute,5\n")
        #expect(status == .failed && said(host.err).contains("a.csv:2:1: '1026/27' is more than 30 years from the horizon"), "\(host.err)")
        (s, host, status) = load("year,place,item,value\n" + (0..<50).map { "2026/27,,acute,\($0)\n" }.joined())
        #expect(status == .ok && said(host.out).contains("line 7 repeats line 6's acute in 2026/27, and 44 more"), "\(host.out)")
        #expect(host.out.count < 1000)
    }
}

/// A statement the model takes but that rarely means what was meant is flagged, and still stands.
@Suite struct CautionTests {
    @Test func outOfRangeValuesAndNegativeBudgetsAreFlagged() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new x\nset efficiency = 200%\nshift £1.2bn from specialised to prevention\nset efficiency = 3%") == .ok)
        let out = said(host.out)
        #expect(out.contains("caution: 200% lies outside efficiency's uncertainty range (2.59% to 3.79% in 2027/28; show assumptions)"), "\(out)")
        #expect(out.contains("caution: this takes specialised's budget below zero in 2027/28"), "\(out)")
        #expect(!out.contains("caution: 3%"))
        #expect(s.current.statements.count == 3)
    }

    @Test func cautionsAreOnlyForPeople() {
        let (s, host) = makeSession(format: .json)
        #expect(run(s, "scenario new x\nset efficiency = 200%") == .ok)
        #expect(!host.out.contains("caution"))
    }
}

/// Issue 27: Ctrl-C while a document is built writes nothing and leaves the file it would replace as it was.
@Suite struct InterruptedWriteTests {
    @Test func anInterruptedExportWritesNothing() {
        for (statement, file) in [("export xlsx \"out.xlsx\" replace", "out.xlsx"), ("report \"out.html\" replace", "out.html")] {
            let (s, host) = makeSession()
            let path = s.resolve(file)
            host.files[path] = Array("old".utf8)
            host.interruptOnProgress = true
            #expect(run(s, statement) == .failed, "\(statement)")
            #expect(host.files[path] == Array("old".utf8), "\(statement) replaced the file")
            #expect(said(host.err).contains("interrupted (Ctrl-C) before '\(file)' was complete: nothing was written"), "\(host.err)")
            #expect(!host.out.contains("wrote") && !host.out.contains("exported"))
        }
    }
}

extension SessionTests {
    /// Issue 26: the board report tells each statement in plain English, from the statement and the model's
    /// own names, never as code.
    @Test func statementsInPlainEnglish() {
        let (s, _) = makeSession()
        run(s, """
            scenario new words
            shift 2% of acute to prevention in west-essex from 2027/28
            shift £20m from acute to prevention.falls 2027/28..2029/30
            invest £5m in prevention.ageing-well in west-essex in 2028/29 non-recurrent
            disable digital from 2028/29
            enable workforce at 50% from 2027/28
            set efficiency = 1.2% from 2027/28
            set prevention.falls.return-scale = 0.5
            outturn efficiency = 80% of plan in 2027/28
            set policy = hold-budgets
            rule grows-with-income off from 2028/29
            risk chc-fees £3m on enht from 2027/28 at 40%
            """)
        let words = s.boardReport(["baseline", "words"]).scenarios[1].description
        #expect(words == [
            "Move 2% of West Essex's acute hospital services budget to prevention programmes from 2027/28",
            "Move £20m a year of the acute hospital services budget to targeted falls service for older people at high risk from 2027/28 to 2029/30",
            "Invest £5m more in ageing well in West Essex in 2028/29 (one-off money)",
            "Stop the digital and technology enabler and save its cost from 2028/29",
            "Run the workforce enabler at 50% of its full level from 2027/28",
            "Plan on a savings rate (CIP) of 1.2% from 2027/28, against the model's 3.19%",
            "Set the returns scale of targeted falls service for older people at high risk to 0.5, against the model's 1",
            "Assume the savings rate (CIP) turns out at 80% of plan in 2027/28",
            "Hold every line to its budget, leaving demand unmet where it must",
            "Do not hold each ICB to the mental health investment standard from 2028/29",
            "Carry a risk ‘Continuing care: fee uplifts and packages above plan’ of £3m a year on East and North Hertfordshire NHS Trust from 2027/28, 40% likely",
        ], "\(words)")
    }
}
