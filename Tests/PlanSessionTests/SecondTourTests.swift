import Testing
@testable import PlanSession
@testable import PlanLanguage
@testable import PlanRender
@testable import PlanModel
import PlanWorkbook
import TestSupport

/// What a West Essex finance lead, a public health consultant and a tester found trying 0.3.0 as new users
/// (2026-12-08), each pinned where it was mended.
@Suite struct SecondTourTests {
    /// A system that balances while its trusts do not has not met the objective: the line says so, and how many.
    @Test func theObjectiveLineCountsTheBodiesInDeficit() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new cip\nset efficiency = 6.5%\noutturn efficiency = 60% of plan\nsimulate") == .ok)
        let text = said(host.out)
        #expect(text.contains("Objective, balanced every year: met by the system, NOT by 8 of 10 organisations and other providers in deficit (below)"), "\(text)")
        #expect(text.contains("Organisations in deficit: enht (2027/28 to 2030/31)") && text.contains("other providers (2027/28 to 2030/31)"))
        // The investment standard's breaches, one line for both ICBs over four years (eight lines before).
        #expect(text.contains("Rule broken: mental-health's budget grows more slowly than income in 2027/28 to 2030/31 for central-east and essex"))
        #expect(text.components(separatedBy: "Rule broken:").count == 2)
        // The board report's summary names them too, beside a system 'in deficit in 0 of 5 years'.
        #expect(run(s, "report \"r.html\" cip") == .ok)
        let page = String(decoding: host.files["r.html"] ?? [], as: UTF8.self)
        #expect(page.contains("8 of 10 organisations, each of which must break even on its own, are in deficit in some year: East and North Hertfordshire NHS Trust,"))
        #expect(page.contains("so are the providers the model does not name."))
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

    /// `show ORG` is the organisation's own statement. A provider's rows add up to its balance, computed apart by
    /// the engine: paid by the ICBs − cost of that care + planned position; a commissioner's income less what it
    /// pays and its enablers' cost.
    @Test func anOrganisationsStatementAddsUpToItsBalance() throws {
        let (s, host) = makeSession(format: .json)
        let names = ["central-east", "essex", "enht", "whth", "pah", "hct", "clch", "hpft", "eput", "eeast"]
        #expect(run(s, "scenario new c\noutturn efficiency = 60% of plan\nenable digital at 150%\n" + names.map { "show \($0)" }.joined(separator: "\n")) == .ok)
        let results = host.out.split(separator: "\n").filter { $0.hasPrefix("{\"kind\":\"show\"") }
        #expect(results.count == names.count)
        for line in results {
            guard case let .object(members) = try JSONParser.parse(String(line)),
                  case let .object(rows)? = members.first(where: { $0.key == "rows" })?.value else { Issue.record("\(line)"); continue }
            func row(_ key: String) -> [Double] {
                guard case let .array(xs)? = rows.first(where: { $0.key == key })?.value else { return [] }
                return xs.map { if case let .number(v) = $0 { return v } else { return .nan } }
            }
            let balance = row("Balance")
            #expect(balance.count == 5)
            for t in 0..<5 {
                if !row("Paid by the ICBs").isEmpty {
                    let support = row("Deficit support").isEmpty ? 0 : row("Deficit support")[t]
                    #expect(abs(row("Paid by the ICBs")[t] - row("Cost of that care")[t] + row("Planned position, all else")[t] + support - balance[t]) < 1e-9)
                } else {
                    let paid = rows.filter { $0.key != "Income" && $0.key != "Balance" && $0.key != "Enablers' change in cost" && !$0.key.hasPrefix("of which") && $0.key != "Deficit support"
                        && !["Underlying", "Risk-adjusted", "MHIS headroom"].contains($0.key) }.map { row($0.key)[t] }.reduce(0, +)
                    #expect(abs(row("Income")[t] - paid - row("Enablers' change in cost")[t] - balance[t]) < 1e-6, "\(line)")
                }
            }
        }
        #expect(host.out.contains("\"Gap on the ICBs' contracts\":[0,-1.72"))
    }

    /// The ICB balance of every place together is the ICBs', not the system's (which has the providers in it).
    @Test func theICBBalanceByPlaceNamesItsTotal() {
        let (s, host) = makeSession()
        #expect(run(s, "show icb-balance by place\ncompare places on icb-balance\nshow balance by place") == .ok)
        let text = host.out
        #expect(text.components(separatedBy: "ICBs together (£m)").count == 3, "\(text)")
        #expect(text.contains("  system (£m)"))
    }

    /// A programme's own name finds its dotted id, and a scale written as a word gets the form that is read.
    @Test func namesAndScalesAsPeopleWriteThem() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest £2m in falls") == .failed)
        #expect(said(host.err).contains("did you mean 'prevention.falls'?"), "\(host.err)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\ninvest 2 million in community") == .failed)
        #expect(said(host.err).contains("'million' after a number is not read"), "\(host.err)")
        #expect(said(host.err).contains("write money with its scale on the number: £2m (£ millions)"))
        #expect(s.current.statements.isEmpty)
    }

    /// The standard is never judged in the first year: switching it off there alone is said to change nothing.
    @Test func aRuleOffInTheFirstYearAloneChangesNothing() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nrule grows-with-income off in 2026/27\nrule grows-with-income off from 2026/27") == .ok)
        #expect(said(host.err).contains("rule grows-with-income off in 2026/27: changes nothing: the mental health investment standard is judged from the second year"), "\(host.err)")
        #expect(!said(host.err).contains("off from 2026/27: changes nothing"))
    }

    /// The workbook's Comparison sheet says baseline is the reference, where it listed a hundred rows of zeros.
    @Test func theWorkbookDoesNotCompareBaselineWithItself() throws {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new c\nset efficiency = 4%\nexport xlsx \"ex.xlsx\" baseline c") == .ok)
        let sheets = try XlsxReader.read(try #require(host.files["ex.xlsx"]))
        let comparison = try #require(sheets.first { $0.name == "Comparison" })
        let labels = (0...comparison.lastRow).compactMap { r -> String? in
            if case let .text(t)? = comparison[r, 0] { return t } else { return nil }
        }
        #expect(labels.contains("baseline is what the other scenarios are compared with"))
        // Only c against baseline: the balances of the system and the ICBs, ten organisations, eighteen metrics.
        #expect(labels.filter { $0 == "  change" }.count == 2 + 10 + 18, "\(labels.prefix(12))")
    }

    /// A rate of 6.5 in a workbook's cell is 650%: the model still loads, with a warning that says what was
    /// most likely meant.
    @Test func aRateMistypedInAModelFileIsWarned() throws {
        var model = try ModelLoader.load(json: DefaultModel.json)
        #expect(model.implausibleRates().isEmpty)
        model.efficiency[1] = 6.5
        model.categories[0].demandGrowth = 3
        #expect(model.implausibleRates() == [
            "efficiency is 650% a year in 2027/28: rates are fractions in a model file (0.065 for 6.5%)",
            "acute.demand-growth is 300% a year: rates are fractions in a model file (0.03 for 3%)"])
        let (s, host) = makeSession()
        host.files["odd.json"] = Array(ModelWriter.json(model).utf8)
        #expect(run(s, "model load \"odd.json\"") == .ok)
        #expect(said(host.err).contains("warning: t.scenario:1:12: odd.json: efficiency is 650% a year in 2027/28"), "\(host.err)")
    }

    /// An actuals CSV as Excel users write it: a capitalised header, £ and an accountant's negative.
    @Test func actualsReadMoneyAsPeopleWriteIt() {
        let (s, host) = makeSession(format: .csv)
        host.files["a.csv"] = Array("Year,Place,Item,Value\n2026/27,,PAH,(4.9)\n2026/27,,Balance,-£12.0m\n2026/27,,acute,\"£1,416.5m\"\n".utf8)
        #expect(run(s, "actuals load \"a.csv\"\nshow actuals") == .ok, "\(host.err)")
        #expect(host.out.contains("-4.9") && host.out.contains("-12") && host.out.contains("1416.5"), "\(host.out)")
        host.files["b.csv"] = Array("year,place,item,value\n2026/27,,pah,4.9m\n".utf8)
        #expect(run(s, "actuals load \"b.csv\"") == .failed)
        #expect(said(host.err).contains("'4.9m' is not a finite number (write it like -4.9, \"1,450.2\", £1.2m or (4.9))"), "\(host.err)")
        host.files["c.csv"] = Array("year,place,item,value\n2026/27,,balance,1e308\n".utf8)
        #expect(run(s, "actuals load \"c.csv\"") == .failed)
        #expect(said(host.err).contains("'1e308' is beyond any figure the model holds (1e15); is it a typo?"), "\(host.err)")
    }

    /// A target is drawn from the year it is judged from, and one after the horizon is named, not drawn.
    @Test func aChartDrawsATargetFromItsYear() {
        let (s, host) = makeSession()
        #expect(run(s, "chart hypertension-treated\nchart carbon-direct") == .ok)
        let target = host.out.split(separator: "\n").first { $0.hasPrefix("80.0 │") }.map(String.init) ?? ""
        #expect(target.hasPrefix("80.0 │      ") && target.contains("┄"), "\(host.out)")
        #expect(host.out.contains("┄ target 80 (2028/29)"))
        #expect(host.out.contains("The targets 75.7 (2032/33), 0 (2040/41) are after the horizon: not drawn."))
        // Two targets: a step from one to the other, both named.
        #expect(run(s, "chart elective-waits") == .ok)
        #expect(host.out.contains("┄ target 70 (2026/27), 92 (2028/29)"))
        let rows = host.out.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("92 │ ") && $0.contains("┄") } && rows.contains { $0.hasPrefix("70 │●···┄") }, "\(host.out)")
    }

    /// `show metrics` lists every target as simulate judges it (from its year), and baselines as people read them.
    @Test func showMetricsListsEveryTarget() {
        let (s, host) = makeSession()
        #expect(run(s, "show metrics") == .ok)
        let text = said(host.out)
        #expect(text.contains("base 18,900; target ≥ 21,000 from 2026/27, ≥ 23,900 from"), "\(text)")
        #expect(text.contains("target ≥ 60 (due 2024/25)"))
        #expect(!text.contains(" by 20"))
    }

    /// A script run from the prompt cannot leave the shell: its quit ends the scripts, and never counts as the
    /// user's second quit over unsaved work.
    @Test func aScriptsQuitDoesNotLeaveThePrompt() {
        let (s, host) = makeSession()
        s.options.interactive = true
        host.files["qq.scenario"] = Array("echo \"1\"\nquit\nquit\necho \"2\"\n".utf8)
        #expect(run(s, "scenario new precious\ninvest £9m in acute") == .ok)
        #expect(run(s, "run \"qq.scenario\"") == .ok)
        #expect(host.out.contains("1") && !host.out.contains("\n2\n"), "\(host.out)")
        #expect(said(host.err).contains("the script's quit ended it; the shell stays (type quit to leave)"), "\(host.err)")
        #expect(!said(host.err).contains("is not saved"))
        // The user's own quit is still asked about, once.
        #expect(run(s, "quit") == .ok)
        #expect(said(host.err).contains("scenario 'precious' is not saved"))
        #expect(run(s, "quit") == .quit)
    }

    /// verify checks what a reader sees in the charts and the provenance too, and refuses an edited record
    /// rather than re-running it.
    @Test func verifyChecksChartsProvenanceAndItsRecord() throws {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift 2% of acute to prevention from 2027/28\ndisable digital from 2029/30\nreport \"r.html\" a\nverify \"r.html\"") == .ok, "\(host.err)")
        let page = String(decoding: try #require(host.files["r.html"]), as: UTF8.self)
        let typed0 = ["shift 2% of acute to prevention from 2027/28", "disable digital from 2029/30"]
        func verify(_ edited: String) -> String {
            host.files["e.html"] = Array(edited.utf8)
            host.err = ""
            #expect(run(s, "verify \"e.html\"") == .failed)
            return said(host.err)
        }
        // A chart's label, and the provenance's seed.
        let chart = try #require(page.range(of: "aria-label=\"waterfall\""))
        let text = try #require(page.range(of: "</text>", range: chart.upperBound..<page.endIndex))
        #expect(verify(page.replacingCharacters(in: text, with: " (edited)</text>")).contains("chart “waterfall”"), "\(host.err)")
        #expect(verify(page.replacingOccurrences(of: "draws, seed 1;", with: "draws, seed 2;")).contains("1 of"))
        // Markup a reader sees that moves no figure: a sentence in a span, a colour, a script. The recommendation may be written.
        let summary = try #require(page.range(of: "<h2>Executive summary</h2>"))
        #expect(verify(page.replacingCharacters(in: summary, with: "<h2>Executive summary</h2><span>The system is in balance in every year.</span>"))
            .contains("its figures are reproduced, but the page was edited where no figure is read"), "\(host.err)")
        #expect(verify(page.replacingOccurrences(of: "</body>", with: "<script>alert(1)</script></body>")).contains("the page was edited"))
        host.files["e.html"] = Array(page.replacingOccurrences(of: "(for the author to complete)", with: "We recommend a.").utf8)
        #expect(run(s, "verify \"e.html\"") == .ok, "\(host.err)")
        // A record naming a scenario it could not have made (the crash a tester found), or with no script hash.
        #expect(verify(page.replacingOccurrences(of: "&quot;name&quot;:&quot;a&quot;", with: "&quot;name&quot;:&quot;a # x&quot;"))
            .contains("'a # x' is not the name of a scenario it could have made"))
        #expect(verify(page.replacingOccurrences(of: #"&quot;scriptHash&quot;:&quot;"# + Provenance.scriptHash([("baseline", []), ("a", typed0)]) + "&quot;,", with: ""))
            .contains("it has no script hash"), "\(host.err)")
        // A chart's shape: one point of a line moved.
        let line = try #require(page.range(of: "<polyline points=\""))
        #expect(verify(page.replacingCharacters(in: line, with: "<polyline points=\"1")).contains("› drawing: the report says “shapes "), "\(host.err)")
        // A record whose statements were changed, and one that holds a statement no scenario holds (the record
        // is HTML-escaped JSON).
        func json(_ statements: [String]) -> String {
            "&quot;statements&quot;:[" + statements.map { "&quot;" + $0.replacingOccurrences(of: "\"", with: "\\&quot;") + "&quot;" }.joined(separator: ",") + "]"
        }
        let typed = ["shift 2% of acute to prevention from 2027/28", "disable digital from 2029/30"]
        #expect(page.contains(json(typed)))
        #expect(verify(page.replacingOccurrences(of: json(typed), with: json(["shift 3% of acute to prevention from 2027/28", typed[1]])))
            .contains("its record was edited: its script hash"))
        let planted = [typed[0], "save \"x.scenario\""]
        #expect(verify(page.replacingOccurrences(of: json(typed), with: json(planted))
            .replacingOccurrences(of: Provenance.scriptHash([("baseline", []), ("a", typed)]), with: Provenance.scriptHash([("baseline", []), ("a", planted)])))
            .contains("holds 'save \"x.scenario\"', which is not a scenario's statement"), "\(host.err)")
        let joined = [typed[0] + "; save \"y.scenario\"", typed[1]]
        #expect(verify(page.replacingOccurrences(of: json(typed), with: json(joined))
            .replacingOccurrences(of: Provenance.scriptHash([("baseline", []), ("a", typed)]), with: Provenance.scriptHash([("baseline", []), ("a", joined)])))
            .contains("which is not a scenario's statement"), "\(host.err)")
        #expect(host.files["y.scenario"] == nil)
    }

    /// A seek on '=' that finds nothing says why ('=' holds only where a figure rounds to the value) and what
    /// finds the crossing; a file name with a line break is refused where it is typed.
    @Test func seekOnEqualsAndControlCharactersInFileNames() {
        var (s, host) = makeSession()
        #expect(run(s, "scenario new a\nseek inflation such that balance = 0 in 2027/28") == .ok)
        #expect(said(host.out).contains("'=' holds only where the figure rounds to the value, which the search can step over: to find where it crosses, seek with >= (or <=) instead"), "\(host.out)")
        (s, host) = makeSession()
        #expect(run(s, "scenario new a\nsave \"x\\ny.scenario\"") == .failed)
        #expect(said(host.err).contains("a file name cannot hold a line break, a tab or another control character"), "\(host.err)")
        for name in ["", " ", "-"] {
            #expect(run(s, "save \"\(name)\"") == .failed)
        }
        #expect(said(host.err).contains("an empty file name (or one of spaces only) names nothing") && said(host.err).contains("'-' is not a file name here"))
        #expect(host.files.isEmpty)
    }

    /// Place figures that start from estimates are said so: under simulate, beside each place's row in an
    /// export, and beside the measure in the board report's table of gaps.
    @Test func estimatedPlaceFiguresAreMarked() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nshift 2% of acute to prevention in west-essex from 2027/28\nsimulate\nexport markdown \"a.md\"\nreport \"a.html\" a") == .ok)
        #expect(said(host.out).contains("Place figures of 11 measures start from estimates, not local data"), "\(host.out)")
        let md = String(decoding: host.files["a.md"] ?? [], as: UTF8.self)
        #expect(md.contains("|   west-essex (%) |") && md.contains("starts from an estimate"))
        let page = String(decoding: host.files["a.html"] ?? [], as: UTF8.self)
        #expect(page.contains("Dementia diagnosis rate, people aged 65+ (places estimated)"))
        #expect(page.contains("Where marked “(places estimated)”"))
        // And in every view of places.
        host.out = ""
        #expect(run(s, "show dementia-diagnosis by place\ncompare places on dementia-diagnosis\nchart dementia-diagnosis by place") == .ok)
        #expect(said(host.out).components(separatedBy: "The place figures of dementia-diagnosis start from estimates, not local data").count == 4, "\(host.out)")
    }

    /// 'meets target' of a target judged from the year under way cannot hold: seek says so and what to seek.
    @Test func aTargetMissedInTheYearUnderWayIsNamedBySeek() {
        let (s, host) = makeSession()
        #expect(run(s, "scenario new a\nseek smallest invest in prevention.ageing-well such that dementia-diagnosis meets target") == .ok)
        #expect(said(host.out).contains("dementia-diagnosis misses its target in 2026/27, the year under way, which no statement moves, so 'meets target' cannot hold: for the years a plan moves, seek with 'dementia-diagnosis >= 66.7 in 2030/31'"), "\(host.out)")
    }

    /// Sixty assumptions that cannot move a money figure are counted by kind, not listed one by one.
    @Test func stillAssumptionsAreCountedByKind() {
        let (s, host) = makeSession()
        #expect(run(s, "sensitivity balance") == .ok)
        #expect(said(host.out).contains("No effect on this figure: acute.cashable, the return scales of 9 lines, the effect scales of 7 lines, the trends of 18 measures, the starting levels of 18 measures (show assumptions lists them)"), "\(host.out)")
    }

    /// `show sources ID`: only the sources that name one id, with their status; an id no source names says so.
    @Test func showSourcesOfOneId() {
        let (s, host) = makeSession()
        #expect(run(s, "show sources pah\nshow sources zzz") == .ok, "\(host.err)")
        let text = said(host.out)
        #expect(text.contains("Sources naming pah (") && text.contains("organisations[pah].planPosition:") && text.contains("risks[cip-unidentified.pah]"), "\(text)")
        #expect(!text.contains("organisations[enht]"))
        #expect(text.contains("no source names 'zzz' (show sources lists them all)"))
    }

    /// A file named .xlsx that is not a workbook, and an old .xls, are named for what they are (not as bad JSON).
    @Test func aModelFileThatIsNotWhatItsNameSays() {
        let (s, host) = makeSession()
        host.files["fake.xlsx"] = Array("{\"x\":1}".utf8)
        host.files["old.xls"] = Array("junk".utf8)
        #expect(run(s, "model load \"fake.xlsx\"") == .failed)
        #expect(said(host.err).contains("it is named .xlsx but is not an Excel workbook"), "\(host.err)")
        #expect(run(s, "model load \"old.xls\"") == .failed)
        #expect(said(host.err).contains("an Excel 97-2003 workbook (.xls) is not read: save it as an Excel workbook (.xlsx)"))
    }

    /// A register entry shared by the ICBs says each one's part (their places' income shares).
    @Test func aSharedRiskSaysEachICBsPart() {
        let (s, host) = makeSession()
        #expect(run(s, "show risks") == .ok)
        #expect(said(host.out).contains("risk on the ICBs by income share (central-east 79%, essex 21%), probability 50%"), "\(host.out)")
    }

    /// explain variance names the register's entries that land on the body that year, in the year under way
    /// too (which no assumption moves), a shared one by the ICB's share.
    @Test func explainVarianceNamesTheRegistersEntries() {
        let (s, host) = makeSession()
        host.files["a.csv"] = Array("year,place,item,value\n2026/27,,pah,-3.0\n2027/28,,essex,-1.0\n".utf8)
        #expect(run(s, "actuals load \"a.csv\"\nexplain variance pah in 2026/27\nexplain variance essex in 2027/28") == .ok, "\(host.err)")
        let text = said(host.out)
        #expect(text.contains("2026/27 is the year under way") && text.contains("The register's entries on pah in 2026/27"), "\(text)")
        #expect(text.contains("cip-unidentified.pah: a risk of -£2.60m if it happens (probability 50%)"))
        #expect(!text.contains("cip-unidentified.enht"))
        #expect(text.contains("chc-fees: a risk of -£0.75m if it happens (probability 50%)"), "\(text)")
    }

    /// A file the shell writes must load back as what its name says: model save writes JSON, model template a
    /// workbook, save a script.
    @Test func writtenFilesAreNamedForWhatTheyHold() {
        let (s, host) = makeSession()
        #expect(run(s, "model save \"m.xlsx\"") == .failed)
        #expect(said(host.err).contains("model save writes the model as JSON, not .xlsx") && said(host.err).contains("for a workbook: model template \"m.xlsx\""))
        #expect(run(s, "model template \"t.json\"") == .failed)
        #expect(said(host.err).contains("model template writes an Excel workbook, not .json"))
        #expect(run(s, "scenario new a\nsave \"s.html\"") == .failed)
        #expect(said(host.err).contains("save writes a scenario script, not .html"))
        #expect(host.files.isEmpty)
    }
}
