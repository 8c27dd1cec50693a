import Foundation
import Testing
import PlanLanguage

/// The program as a planner drives it: arguments, standard input, exit codes.
@Suite struct CommandLineTests {
    @Test func helpStatementListsEveryStatement() {
        let r = Binary.run(["-c", "help"])
        #expect(r.status == 0)
        for c in CommandTable.commands { for s in c.synopsis { #expect(r.out.contains(s), "help lacks \(s)") } }
    }

    @Test func helpFlagDocumentsEveryFlag() {
        let r = Binary.run(["--help"])
        #expect(r.status == 0)
        for flag in ["-c", "-i", "--step", "--model", "--format", "--no-color", "--keep-going", "--version", "--help"] {
            #expect(r.out.contains(flag), "--help lacks \(flag)")
        }
        #expect(Binary.run(["--version"]).out.hasPrefix("hweplan "))
    }

    @Test func badStatementOnStandardInput() {
        let r = Binary.run([], stdin: "bogus\n")
        #expect(r.status == 1)
        #expect(r.err.contains("error: <stdin>:1:1: unknown statement 'bogus'"))
        #expect(r.out.isEmpty)
    }

    @Test func badUsageExitsTwo() {
        #expect(Binary.run(["--nope"]).status == 2)
        #expect(Binary.run(["no-such-file.scenario"]).status == 2)
        #expect(Binary.run(["--format", "yaml", "-c", "simulate"]).status == 2)
        #expect(Binary.run(["--model", "/no/such/model.json", "-c", "simulate"]).status == 2)
    }

    @Test func pipedStandardInputMatchesTheFile() throws {
        let dir = Binary.temporaryDirectory()
        let script = "scenario new push\nshift 2% of acute to prevention from 2027/28\ndisable digital from 2028/29\nsimulate\ncompare baseline push\n"
        try script.write(toFile: dir + "/push.scenario", atomically: true, encoding: .utf8)
        for format in ["table", "json", "csv", "markdown"] {
            let file = Binary.run(["--format", format, dir + "/push.scenario"])
            let piped = Binary.run(["--format", format], stdin: script)
            #expect(file.status == 0 && piped.status == 0)
            #expect(file.out == piped.out, "\(format) differs")
            #expect(!file.out.contains("\u{1B}"), "colour when not a terminal")
        }
    }

    @Test func jsonSimulationHasEveryKey() {
        let r = Binary.run(["--format", "json", "-c", "simulate"])
        #expect(r.status == 0)
        let line = r.out.trimmingCharacters(in: .newlines)
        #expect(!line.contains("\n"))
        let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        for key in ["kind", "scenario", "model", "years", "income", "spend", "balance", "cumulative", "icbBalance", "icbCumulative", "categories", "enablers", "metrics", "objective", "breaches"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let acute = (object["categories"] as! [String: Any])["acute"] as! [String: Any]
        #expect(Set(acute.keys) == ["budget", "outturn", "unmet", "savings", "payment", "providerGap"])
        #expect((object["places"] as? [String: Any])?.keys.sorted() == ["east-north-herts", "south-west-herts", "west-essex"])
        let objective = object["objective"] as! [String: Any]
        #expect(objective["firstDeficitYear"] as? String == "2027/28")
    }

    @Test func brokenModelGivesOneErrorNamingThePath() throws {
        let dir = Binary.temporaryDirectory()
        try "{\"name\": \"x\", \"firstYear\": 2023, \"years\": 2, \"income\": {\"base\": 1, \"growth\": [0, 0]}, \"inflation\": [0, 0], \"efficiency\": [0, 0], \"categories\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"treatment\", \"base\": 1, \"cashabel\": 1}]}"
            .write(toFile: dir + "/m.json", atomically: true, encoding: .utf8)
        let r = Binary.run(["--model", dir + "/m.json", "-c", "simulate"])
        #expect(r.status == 1)
        #expect(r.err == "error: \(dir)/m.json: categories[0].cashabel: unknown key 'cashabel', did you mean 'cashable'?\n")
    }

    @Test func savedModelGivesIdenticalResults() {
        let dir = Binary.temporaryDirectory()
        let script = "scenario new a; shift 1% of acute to prevention; disable digital from y3; simulate"
        #expect(Binary.run(["-c", "model save \"\(dir)/m.json\""]).status == 0)
        let original = Binary.run(["--format", "json", "-c", script])
        let reloaded = Binary.run(["--model", dir + "/m.json", "--format", "json", "-c", script])
        #expect(original.status == 0)
        #expect(original.out == reloaded.out)
    }

    @Test func keepGoingAndExitStatus() {
        let r = Binary.run(["--keep-going"], stdin: "bogus\necho \"after\"\n")
        #expect(r.status == 1)
        #expect(r.out == "after\n")
        let s = Binary.run([], stdin: "bogus\necho \"after\"\n")
        #expect(s.out.isEmpty)
        #expect(Binary.run(["-c", "assert balance >= 0 every year"]).status == 1)
    }

    /// Found in review: each of these once exited 0, lost statements, or printed non-CSV text.
    @Test func reviewRegressions() throws {
        #expect(Binary.run(["--keep-going", "-c", "assert balance > 0 in 2030/31; quit"]).status == 1)
        let dir = Binary.temporaryDirectory()
        try "echo \"x\" \\\n".write(toFile: dir + "/t.scenario", atomically: true, encoding: .utf8)
        let trailing = Binary.run([dir + "/t.scenario"])
        #expect(trailing.status == 1)
        #expect(trailing.err.contains("t.scenario:1:10: a '\\' continuation at the end of the input"))
        let sameLine = Binary.run(["--keep-going", "-c", "echo \"a\"; echo \"b\\q\"; echo \"c\"; echo @; echo \"d\""])
        #expect(sameLine.out == "a\nc\nd\n")
        #expect(sameLine.status == 1)
        let csv = Binary.run(["--format", "csv", "-c", "scenario new a; invest £5m in prevention; sensitivity balance; explain balance"])
        #expect(csv.out.hasPrefix("assumption,low,high,swing\n"))
        #expect(csv.out.contains("\nstatement,share,target,year,against\ninvest £5m in prevention,"))
        let bom = Binary.run([], stdin: "\u{FEFF}echo \"bom\"\n")
        #expect(bom.out == "bom\n")
    }

    @Test func stepModeShowsStatementsAndWaitsAtPause() throws {
        let dir = Binary.temporaryDirectory()
        try "scenario new demo\necho \"first\"\npause\necho \"second\"\n".write(toFile: dir + "/d.scenario", atomically: true, encoding: .utf8)
        let r = Binary.run(["--step", dir + "/d.scenario"], stdin: "\n")
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("baseline> scenario new demo\ncreated scenario 'demo'"))
        #expect(r.out.hasSuffix("first\nsecond\n"), "echo shows its text once: \(r.out)")
        #expect(r.err.contains("press Enter"))
        let stopped = Binary.run(["--step", dir + "/d.scenario"], stdin: "q\n")
        #expect(!stopped.out.contains("second\n"))
    }
}
