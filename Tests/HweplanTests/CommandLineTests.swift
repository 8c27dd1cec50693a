import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import PlanLanguage
import PlanRender
import PlanSupport

/// The program as a planner drives it: arguments, standard input, exit codes.
@Suite struct CommandLineTests {
    @Test func helpStatementListsEveryStatement() {
        let r = Binary.run(["-c", "help"])
        #expect(r.status == 0)
        // Lines wrap at 80 columns, continuing indented: join them again before looking.
        let joined = r.out.replacingOccurrences(of: "\n      ", with: " ")
        for c in CommandTable.commands { for s in c.synopsis { #expect(joined.contains(s), "help lacks \(s)") } }
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
        // Usage errors read like every other diagnostic: "error: ", what was wrong, where to read more.
        let nope = Binary.run(["--nope"])
        #expect(nope.status == 2)
        #expect(nope.err.hasPrefix("error: unknown option '--nope'"))
        #expect(nope.err.hasSuffix("\nrun 'hweplan --help' for usage\n") && !nope.err.contains("Error:"))
        let typo = Binary.run(["--formatt", "json"])
        #expect(typo.status == 2)
        #expect(typo.err.hasPrefix("error: unknown option '--formatt'; did you mean '--format'?\n"))
        #expect(Binary.run(["--model"]).err.hasPrefix("error: missing value for '--model <file>'\n"))
        #expect(Binary.run(["--format", "yaml", "-c", "simulate"]).status == 2)
        let dir = Binary.temporaryDirectory()
        try? "simulate\n".write(toFile: dir + "/ok.scenario", atomically: true, encoding: .utf8)
        #expect(Binary.run(["--step", dir + "/ok.scenario", dir + "/ok.scenario"]).status == 2)
        #expect(Binary.run(["--step", dir + "/ok.scenario", "-c", "simulate"]).status == 2)
    }

    /// Every way a script run can fail exits 1, on every path: a file that cannot be read, is not UTF-8,
    /// has a line over 64 KiB, is a directory, a device or a FIFO; an unreadable model like an invalid one;
    /// results that cannot be written.
    @Test func everyFailingRunExitsOne() throws {
        let dir = Binary.temporaryDirectory()
        try Data([0x73, 0x69, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: dir + "/bad.scenario"))
        try ("echo \"" + String(repeating: "x", count: 70_000) + "\"\n").write(toFile: dir + "/long.scenario", atomically: true, encoding: .utf8)
        try "{}".write(toFile: dir + "/invalid.json", atomically: true, encoding: .utf8)
        mkfifo(dir + "/fifo", 0o600)
        let cases: [[String]] = [
            ["no-such-file.scenario"], [dir + "/bad.scenario"], [dir + "/long.scenario"], [dir],
            ["--step", dir + "/bad.scenario"], ["--step", dir + "/long.scenario"],
            ["--model", "/no/such/model.json", "-c", "simulate"], ["--model", dir + "/invalid.json", "-c", "simulate"],
            ["--model", "/dev/zero", "-c", "simulate"], ["-c", "run \"/dev/zero\""], ["-c", "run \"\(dir)/fifo\""],
            ["-c", "model load \"\(dir)\""], ["--keep-going", dir + "/bad.scenario", "-c", "simulate"],
        ]
        for args in cases {
            let r = Binary.run(args)
            #expect(r.status == 1, "\(args): exit \(r.status), \(r.err)")
            #expect(r.err.hasPrefix("error: "), "\(args): \(r.err)")
        }
        #expect(Binary.run(["-c", "simulate"], stdin: nil).status == 0)
    }

    /// A result that cannot be written (a full disk) is a failure, not a silent success.
    @Test func unwritableOutputExitsOne() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path)
        p.arguments = ["-c", "simulate"]
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("could not be written"))
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
        // Savings delivered at 60% of plan: the built-in model's planned breakeven turns to deficit from 2027/28.
        let r = Binary.run(["--format", "json", "-c", "scenario new low; outturn efficiency = 60% of plan from 2027/28; simulate"])
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
        #expect(Binary.run(["-c", "assert balance >= 10 every year"]).status == 1)
    }

    /// Found in review: each of these once exited 0, lost statements, or printed non-CSV text.
    /// Nothing is skipped silently: scripts and -c statements after a failure or a quit are named.
    @Test func scriptsAfterAFailureAreNamedAsNotRun() throws {
        let dir = Binary.temporaryDirectory()
        try "echo \"a\"\nassert balance > 100 every year\n".write(toFile: dir + "/f1.scenario", atomically: true, encoding: .utf8)
        try "echo \"c\"\n".write(toFile: dir + "/f2.scenario", atomically: true, encoding: .utf8)
        let r = Binary.run(["f1.scenario", "f2.scenario", "-c", "echo \"d\""], directory: dir)
        #expect(r.status == 1)
        #expect(r.out == "a\n")
        #expect(r.err.contains("note: 'f2.scenario', 1 -c statement not run: 'f1.scenario' failed (--keep-going runs the rest)"), "\(r.err)")
        let commands = Binary.run(["-c", "assert balance > 100 every year", "-c", "echo \"x\"", "-c", "echo \"y\""], directory: dir)
        #expect(commands.status == 1 && commands.out.isEmpty)
        #expect(commands.err.contains("note: 2 -c statements not run: <command 1> failed (--keep-going runs the rest)"), "\(commands.err)")
        let kept = Binary.run(["--keep-going", "f1.scenario", "f2.scenario"], directory: dir)
        #expect(kept.out == "a\nc\n" && !kept.err.contains("not run"))
    }

    @Test func reviewRegressions() throws {
        #expect(Binary.run(["--keep-going", "-c", "assert balance > 10 in 2030/31; quit"]).status == 1)
        let dir = Binary.temporaryDirectory()
        try "echo \"x\" \\\n".write(toFile: dir + "/t.scenario", atomically: true, encoding: .utf8)
        let trailing = Binary.run([dir + "/t.scenario"])
        #expect(trailing.status == 1)
        #expect(said(trailing.err).contains("t.scenario:1:10: a '\\' continuation at the end of the input"))
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
        #expect(r.err.contains("Enter goes on, q stops"))
        let stopped = Binary.run(["--step", dir + "/d.scenario"], stdin: "q\n")
        #expect(!stopped.out.contains("second\n"))
    }

    /// export, save and model save never replace a file without `replace`; a replaced file keeps its
    /// permissions; saving onto a symbolic link writes the file it points to; nothing is left behind.
    @Test func writesAreSafe() throws {
        let dir = Binary.temporaryDirectory()
        let fm = FileManager.default
        try "old\n".write(toFile: dir + "/out.csv", atomically: true, encoding: .utf8)
        chmod(dir + "/out.csv", 0o640)
        var r = Binary.run(["-c", "export csv \"out.csv\""], directory: dir)
        #expect(r.status == 1 && r.err.contains("exists and is different") && r.err.contains("export csv \"out.csv\" replace"))
        #expect(try String(contentsOfFile: dir + "/out.csv", encoding: .utf8) == "old\n")
        r = Binary.run(["-c", "model save \"out.csv\""], directory: dir)
        #expect(r.status == 1)
        r = Binary.run(["-c", "export csv \"out.csv\" replace"], directory: dir)
        #expect(r.status == 0)
        let attributes = try fm.attributesOfItem(atPath: dir + "/out.csv")
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        try fm.createSymbolicLink(atPath: dir + "/link.json", withDestinationPath: dir + "/real.json")
        try "x".write(toFile: dir + "/real.json", atomically: true, encoding: .utf8)
        r = Binary.run(["-c", "model save \"link.json\" replace"], directory: dir)
        #expect(r.status == 0)
        #expect(try fm.destinationOfSymbolicLink(atPath: dir + "/link.json") == dir + "/real.json")
        #expect(try String(contentsOfFile: dir + "/real.json", encoding: .utf8).contains("\"firstYear\""))
        #expect(try fm.contentsOfDirectory(atPath: dir).filter { $0.contains(".hweplan-") }.isEmpty)

        // replace never turns a device into a file; /dev/stdout is judged by what it points to.
        r = Binary.run(["-c", "export csv \"/dev/null\" replace"], directory: dir)
        #expect(r.status == 1 && r.err.contains("not a regular file"))
        r = Binary.run(["-c", "export csv \"/dev/stdout\" replace"], directory: dir)
        #expect(r.status == 1 && r.err.contains("open stream"))
        var device = stat()
        #expect(stat("/dev/null", &device) == 0 && device.st_mode & S_IFMT == S_IFCHR)
        // A name of 250 bytes (NAME_MAX is 255) can be saved: the temporary's name is cut to fit.
        let long = String(repeating: "n", count: 246) + ".csv"
        r = Binary.run(["-c", "export csv \"\(long)\""], directory: dir)
        #expect(r.status == 0 && fm.fileExists(atPath: dir + "/" + long))
        // A temporary a killed write left behind an hour ago goes at the next write to the folder; a fresh one
        // (another write under way) stays.
        let stale = dir + "/.out.csv.hweplan-AbC123", fresh = dir + "/.out.csv.hweplan-XyZ789"
        try "partial".write(toFile: stale, atomically: false, encoding: .utf8)
        try "partial".write(toFile: fresh, atomically: false, encoding: .utf8)
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale)
        r = Binary.run(["-c", "export csv \"out.csv\" replace"], directory: dir)
        #expect(r.status == 0 && !fm.fileExists(atPath: stale) && fm.fileExists(atPath: fresh))
    }

    /// A model's own projection that overflows is refused at load, naming the path; control characters in
    /// its names never reach the terminal raw.
    @Test func hostileModelFiles() throws {
        let dir = Binary.temporaryDirectory()
        let base = "{\"name\": \"Bad\\u001b[2J name\", \"firstYear\": 2026, \"years\": 3, \"income\": {\"base\": 100, \"growth\": [0]}, \"inflation\": [0], \"efficiency\": [0], "
        try (base + "\"categories\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"treatment\", \"base\": 50, \"demandGrowth\": 1e300}]}")
            .write(toFile: dir + "/overflow.json", atomically: true, encoding: .utf8)
        var r = Binary.run(["--model", dir + "/overflow.json", "-c", "simulate"])
        #expect(r.status == 1 && r.err.contains("categories[0]: its projection is not finite"))
        try (base + "\"categories\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"treatment\", \"base\": 50}]}")
            .write(toFile: dir + "/escape.json", atomically: true, encoding: .utf8)
        r = Binary.run(["--model", dir + "/escape.json", "-c", "simulate"])
        #expect(r.status == 0)
        #expect(!r.out.contains("\u{1B}") && r.out.contains("Bad\\u{1B}[2J name"))
    }

    /// `export xlsx` writes a real workbook: openpyxl (Debian's python3-openpyxl) reads every sheet back with
    /// numbers as numbers and the provenance, and LibreOffice converts it to PDF without error.
    @Test func excelWorkbook() throws {
        let dir = Binary.temporaryDirectory()
        let r = Binary.run(["-c", "scenario new a; shift 1% of acute to prevention in west-essex from 2027/28; export xlsx \"a.xlsx\"; model show"],
                           directory: dir)
        #expect(r.status == 0, "\(r.err)")
        let hash = r.out.components(separatedBy: "content hash ").last?.prefix(16) ?? ""
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/bin/env"
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = (python.hasSuffix("env") ? ["python3"] : []) + [Binary.root + "/Tests/HweplanTests/Xlsx/check_xlsx.py", dir + "/a.xlsx", "a", String(hash)]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        check.waitUntilExit()
        let problems = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(check.terminationStatus == 0, "\(problems)")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") else {
            Issue.record("LibreOffice (soffice) is not installed: make test installs libreoffice-calc-nogui")
            return
        }
        let office = Process()
        office.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        office.arguments = ["-env:UserInstallation=file://\(dir)/lo-profile", "--headless", "--convert-to", "pdf", "--outdir", dir, dir + "/a.xlsx"]
        office.standardOutput = FileHandle.nullDevice
        office.standardError = FileHandle.nullDevice
        try office.run()
        office.waitUntilExit()
        #expect(office.terminationStatus == 0)
        let pdf = (try? FileManager.default.attributesOfItem(atPath: dir + "/a.pdf")[.size] as? Int) ?? 0
        #expect(pdf > 10_000, "LibreOffice wrote \(pdf) bytes of PDF")
    }

    /// The board report is one self-contained page: no script, nothing fetched from any host, inline SVG,
    /// print CSS for A4; headless Chromium (Debian's chromium) renders it, screenshots it, prints it to A4,
    /// and finds every section in the page it rendered.
    @Test func boardReport() throws {
        let dir = Binary.temporaryDirectory()
        let script = Binary.root + "/Tests/HweplanTests/Report/three-scenarios.scenario"
        let copy = Binary.root + "/Tests/HweplanTests/Report/"
        let r = Binary.run([script], directory: copy)
        #expect(r.status == 0, "\(r.err)")
        let html = try String(contentsOfFile: copy + "report.html", encoding: .utf8)
        try? FileManager.default.moveItem(atPath: copy + "report.html", toPath: dir + "/report.html")
        #expect(!html.lowercased().contains("<script"))
        for reference in ["href=", "src=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!html.lowercased().contains(reference), "the report contains \(reference)")
        }
        #expect(html.contains("<svg") && html.contains("@page{size:A4"))
        guard let chromium = Binary.chromium else {
            Issue.record("Chromium is not installed: make test installs Debian's chromium")
            return
        }
        func run(_ args: [String]) throws -> String {
            try Binary.tool(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir)/chromium"] + args + ["file://\(dir)/report.html"])
        }
        _ = try run(["--hide-scrollbars", "--window-size=900,1300", "--screenshot=\(dir)/report.png"])
        let png = (try? FileManager.default.attributesOfItem(atPath: dir + "/report.png")[.size] as? Int) ?? 0
        #expect(png > 20_000, "the screenshot has \(png) bytes")
        _ = try run(["--no-pdf-header-footer", "--print-to-pdf=\(dir)/report.pdf"])
        let pdf = (try? FileManager.default.attributesOfItem(atPath: dir + "/report.pdf")[.size] as? Int) ?? 0
        #expect(pdf > 50_000, "the A4 print has \(pdf) bytes")
        let dom = try run(["--dump-dom"])
        for section in ["cover", "money", "comparison", "explanation", "montecarlo", "sensitivity", "places", "actuals", "appendix"] {
            #expect(dom.contains("id=\"\(section)\""), "the rendered page has no \(section) section")
        }
        for priority in 1...6 { #expect(dom.contains("id=\"priority-priority-\(priority)-"), "no section for priority \(priority)") }
        #expect(dom.contains("targeted") && dom.contains("J-curve") == dom.contains("J-curve"))
    }
}

extension CommandLineTests {
    /// Issue 26: a four-scenario board report (baseline, a place-targeted shift, digital disabled, low
    /// efficiency) printed by headless Chromium to A4 is at most 12 pages, with the health warning on the
    /// cover and the executive summary, which describes every scenario in words, on page 2. Poppler's
    /// pdfinfo and pdftotext read the printed pages.
    @Test func fourScenarioReportFitsTwelvePages() throws {
        let dir = Binary.temporaryDirectory()
        let script = """
            scenario new targeted
            shift 2% of acute to prevention in west-essex from 2027/28
            scenario new no-digital
            disable digital from 2028/29
            scenario new low-efficiency
            set efficiency = 1.2% from 2027/28
            report "\(dir)/four.html" targeted no-digital low-efficiency

            """
        let r = Binary.run([], stdin: script)
        #expect(r.status == 0, "\(r.err)")
        guard let chromium = Binary.chromium, FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            Issue.record("Chromium or poppler-utils is not installed: make test installs them")
            return
        }
        let run = Binary.tool
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir)/chromium", "--no-pdf-header-footer",
                               "--print-to-pdf=\(dir)/four.pdf", "file://\(dir)/four.html"])
        let info = try run("/usr/bin/pdfinfo", [dir + "/four.pdf"])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(pages >= 8 && pages <= 12, "the four-scenario report prints to \(pages) A4 pages")
        func page(_ n: Int) throws -> String {
            try run("/usr/bin/pdftotext", ["-f", "\(n)", "-l", "\(n)", dir + "/four.pdf", "-"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let cover = try page(1), summary = try page(2)
        #expect(cover.contains("Health warning: these figures are estimates") && cover.contains("NHS Central East ICB and NHS Essex ICB, the successor ICBs"), "\(cover)")
        #expect(cover.contains("Model version 3, content hash"))
        #expect(!cover.contains("Executive summary"))
        #expect(summary.hasPrefix("Executive summary"), "\(summary)")
        for words in ["targeted: Move 2% of West Essex's acute hospital services budget to prevention programmes from 2027/28.",
                      "no-digital: Stop the digital and technology enabler and save its cost from 2028/29.",
                      "low-efficiency: Plan on a savings rate (CIP) of 1.2% from 2027/28, against the model's 3.19%.",
                      "P(system balanced)", "P(NHS Essex ICB balanced)", "Mental health investment standard: headroom",
                      "Underlying (system)", "The Princess Alexandra Hospital NHS Trust", "Top risks"] {
            #expect(summary.contains(words), "page 2 lacks \(words)")
        }
        // The report draws as many times as the prompt's montecarlo does, so both quote the same median.
        let html = try String(contentsOfFile: dir + "/four.html", encoding: .utf8)
        let prompt = Binary.run(["-c", "montecarlo", "--format", "json"])
        #expect(html.contains("Monte Carlo 10,000 draws, seed 1") && prompt.out.contains("\"draws\":10000"), "\(prompt.out.prefix(300))")

        // verify, in another process, re-runs what the report records: every figure is reproduced. With one
        // number edited in the summary's table it fails, exit status 1, naming that figure.
        let verified = Binary.run(["-c", "verify \"\(dir)/four.html\""])
        #expect(verified.status == 0 && verified.out.contains("figures reproduced"), "\(verified.out)\(verified.err)")
        let cell = "<td class=\"n\">£20.2m</td>"
        let edited = try #require(html.firstRange(of: cell))
        try html.replacingCharacters(in: edited, with: "<td class=\"n\">£21.2m</td>").write(toFile: dir + "/edited.html", atomically: true, encoding: .utf8)
        let failed = Binary.run(["-c", "verify \"\(dir)/edited.html\""])
        let said = failed.err.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(failed.status == 1)
        #expect(said.contains("1 of") && said.contains("figures is not reproduced"), "\(said)")
        #expect(said.contains("Executive summary › Positions by year (£m; a negative figure is a deficit) › no-digital › System balance › 2028/29: the report says “£21.2m”, the re-run gives “£20.2m”"), "\(said)")
        // Another model: said, not compared.
        let other = Binary.run(["-c", "model horizon 6\nverify \"\(dir)/four.html\""])
        #expect(other.status == 1 && other.err.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("was made with model"), "\(other.err)")
    }

    /// Issue 26: `export FORMAT "FILE" NAME…` writes several scenarios in one document, and every export
    /// carries its provenance: the version, the model hash and the scenarios' script hash, the same hash the
    /// board report of those scenarios records (a report always shows baseline first). `--provenance` adds it to each JSON result.
    @Test func exportsOfSeveralScenariosCarryTheirProvenance() throws {
        let dir = Binary.temporaryDirectory()
        let script = """
            scenario new a
            invest £5m in prevention from 2027/28
            scenario new b
            disable digital from 2028/29
            export csv "\(dir)/ab.csv" baseline a b
            export json "\(dir)/ab.json" baseline a b
            export markdown "\(dir)/ab.md" baseline a b
            export xlsx "\(dir)/ab.xlsx" baseline a b
            report "\(dir)/ab.html" a b

            """
        let r = Binary.run([], stdin: script)
        #expect(r.status == 0, "\(r.err)")
        let html = try String(contentsOfFile: dir + "/ab.html", encoding: .utf8)
        let hash = try #require(html.firstRange(of: "script hash <code>").map { String(html[$0.upperBound...].prefix(16)) })
        let bytes = try #require(FileManager.default.contents(atPath: dir + "/ab.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a CSV for Excel starts with the UTF-8 byte order mark")
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(csv.contains("# script hash: \(hash)\n") && csv.contains("# hweplan: \(Version.text)\n") && csv.contains("# model content hash: "))
        let rows = csv.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.first?.hasPrefix("scenario,section,row,unit,2026/27") == true)
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("baseline,") || $0.hasPrefix("a,") || $0.hasPrefix("b,") })
        #expect(rows.contains { $0.hasPrefix("b,Money,Balance (system),£m,") })
        #expect(!csv.contains("99999999") && !csv.contains("00000001"), "CSV numbers carry at most 6 decimals")
        let json = try String(contentsOfFile: dir + "/ab.json", encoding: .utf8)
        #expect(json.contains("\"scenarios\":[{\"scenario\":\"baseline\",") && json.contains("{\"scenario\":\"b\",")
                && json.contains("\"provenance\":{\"hweplan\":\"\(Version.text)\",\"modelHash\":"), "\(json.suffix(200))")
        #expect(json.contains("\"scriptHash\":\"\(hash)\""))
        let markdown = try String(contentsOfFile: dir + "/ab.md", encoding: .utf8)
        #expect(markdown.contains("# Scenario a") && markdown.contains("# Scenario b") && markdown.contains("- script hash: \(hash)"))
        let xlsx = try #require(FileManager.default.contents(atPath: dir + "/ab.xlsx"))
        #expect(xlsx.count > 10_000)
        // The JSON result stream: the contract's keys only, unless --provenance is given.
        let plain = Binary.run(["--format", "json", "-c", "simulate"])
        #expect(plain.status == 0 && !plain.out.contains("\"provenance\""))
        let stamped = Binary.run(["--format", "json", "--provenance", "-c", "simulate"])
        #expect(stamped.out.hasSuffix(",\"provenance\":{\"hweplan\":\"\(Version.text)\",\"modelHash\":\"" + "\(html.firstRange(of: "content hash <code>").map { String(html[$0.upperBound...].prefix(16)) } ?? "")\",\"scriptHash\":\"" + Provenance.scriptHash([("baseline", [])]) + "\"}}\n"), "\(stamped.out.suffix(160))")
    }

    /// Issue 14: the same seed gives byte-identical Monte Carlo JSON on one thread or two, with SIMD lanes
    /// or without (MonteCarloTests shows the same when the draws take three passes).
    @Test func monteCarloIsTheSameOnAnyThreadsAndLanes() {
        let script = """
            scenario new push
            shift 2% of acute to prevention from 2027/28
            invest £5m in prevention.ageing-well in west-essex
            disable digital from 2028/29
            montecarlo 2001 seed 11
            scenario use baseline
            montecarlo 777 seed 5
            """
        let runs = [["HWEPLAN_THREADS": "1", "HWEPLAN_SIMD": "off"], ["HWEPLAN_THREADS": "2"], ["HWEPLAN_THREADS": "1"],
                    ["HWEPLAN_THREADS": "2", "HWEPLAN_SIMD": "off"]].map { Binary.run(["--format", "json"], stdin: script, environment: $0) }
        #expect(runs[0].status == 0 && runs[0].out.contains("\"kind\":\"montecarlo\""), "\(runs[0].err)")
        for r in runs.dropFirst() { #expect(r.status == 0 && r.out == runs[0].out) }
    }
}

extension CommandLineTests {
    /// Issue 27: text from a model file reaches every output inert. A model whose place name, category name
    /// and metric unit hold markup and spreadsheet formulas gives a report with no element it did not write
    /// itself, and CSV whose cells no spreadsheet would evaluate.
    @Test func hostileModelTextStaysInert() throws {
        let dir = Binary.temporaryDirectory()
        var model = try String(contentsOfFile: Binary.root + "/docs/default-model-v2.json", encoding: .utf8)
        let place = #"West Essex<script>document.title='pwned'</script>\"><img src=x onerror=alert(1)>\u001b[2J\ufffe\u202e"#
        let unit = #"=HYPERLINK(\"http://example.invalid\",\"x\")"#
        let category = #"+cmd|' /C calc'!A0 @SUM(1)"#
        model = model.replacingOccurrences(of: #""name": "West Essex""#, with: "\"name\": \"\(place)\"")
        model = model.replacingOccurrences(of: #""unit": "years""#, with: "\"unit\": \"\(unit)\"")
        model = model.replacingOccurrences(of: #""name": "Primary care prescribing""#, with: "\"name\": \"\(category)\"")
        // A source's citation too: `show sources` prints it in every format.
        model = model.replacingOccurrences(of: #""income.base": ""#, with: #""income.base": "<script>alert(2)</script> =HYPERLINK(\"http://x.invalid\") \u001b]52;c;cHduZWQ=\u0007 "#)
        for text in [place, unit, category] { #expect(model.contains(text), "the hostile text \(text) is not in the model") }
        try model.write(toFile: dir + "/hostile.json", atomically: true, encoding: .utf8)
        let r = Binary.run(["--model", dir + "/hostile.json", "-c",
                            "scenario new t; shift 1% of acute to prevention in west-essex from 2027/28; report \"\(dir)/r.html\"; export csv \"\(dir)/r.csv\""])
        #expect(r.status == 0, "\(r.err)")
        let html = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
        #expect(html.contains("West Essex&lt;script&gt;"), "the place name is not in the report, or not escaped")
        for raw in ["<script", "<img", "onerror=alert(1)>"] { #expect(!html.contains(raw), "the report holds \(raw) unescaped") }
        for format in ["csv"] {
            let out = Binary.run(["--model", dir + "/hostile.json", "--format", format, "-c", "show metrics; show categories; compare places"])
            #expect(out.status == 0)
            for text in [try String(contentsOfFile: dir + "/r.csv", encoding: .utf8), out.out] {
                // A cell that starts with a formula character is quoted and starts with ' inside the quotes.
                for line in text.split(separator: "\n") {
                    for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                        if let c = cell.first, "=+@".contains(c) { Issue.record("a CSV cell a spreadsheet would evaluate: \(cell)") }
                    }
                }
            }
        }
        // Markdown: the place name is text (no raw HTML, no table cell broken by its |), in a view and an export.
        let md = Binary.run(["--model", dir + "/hostile.json", "--format", "markdown", "-c",
                             "show places; compare places; scenario new t; export markdown \"\(dir)/r.md\""])
        #expect(md.status == 0, "\(md.err)")
        for text in [md.out, try String(contentsOfFile: dir + "/r.md", encoding: .utf8)] {
            for raw in ["<script", "<img"] { #expect(!text.contains(raw), "Markdown holds \(raw) raw") }
            for line in text.split(separator: "\n") where line.contains("+cmd") {
                #expect(line.contains("+cmd\\|"), "the | in a category's name splits the Markdown row: \(line)")
            }
        }
        #expect(md.out.contains("West Essex&lt;script&gt;"), "\(md.out)")
        // The workbook: openpyxl reads it whole, no cell is a formula, the hostile texts are text.
        let book = Binary.run(["--model", dir + "/hostile.json", "-c", "scenario new t; export xlsx \"\(dir)/r.xlsx\""])
        #expect(book.status == 0, "\(book.err)")
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/bin/env"
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = (python.hasSuffix("env") ? ["python3"] : []) + [Binary.root + "/Tests/HweplanTests/Xlsx/check_hostile_xlsx.py", dir + "/r.xlsx"]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        // The sources' citations in every format: no raw HTML in Markdown, no formula cell in CSV, no ESC.
        for format in ["table", "csv", "markdown", "json"] {
            let shown = Binary.run(["--model", dir + "/hostile.json", "--format", format, "-c", "show sources"])
            #expect(shown.status == 0 && shown.out.contains("HYPERLINK"), "\(format): \(shown.err)")
            #expect(!shown.out.contains("\u{1B}") && !shown.out.contains("\u{7}"), "\(format) sends a control character")
            if format == "markdown" { #expect(!shown.out.contains("<script")) }
        }
        // Headless Chromium renders the report: no script ran (the title is the report's), no element came from
        // the model's text (no script, img or iframe in the rendered DOM).
        if let chromium = Binary.chromium {
            let rendered = try Binary.tool(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir)/chromium", "--dump-dom", "file://\(dir)/r.html"])
            #expect(rendered.contains("<title>") && !rendered.contains("pwned</title>") && !rendered.contains("<title>pwned"))
            for element in ["<script", "<img", "<iframe"] { #expect(!rendered.contains(element), "the rendered report has an element \(element)") }
            #expect(rendered.contains("West Essex&lt;script&gt;"))
        }
        // LibreOffice reads the workbook whole: every sheet converts, and the hostile texts are there as text.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") {
            try Binary.tool("/usr/bin/soffice", ["-env:UserInstallation=file://\(dir)/lo", "--headless", "--convert-to",
                                                 "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir + "/lo-out", dir + "/r.xlsx"])
            let sheets = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/lo-out")) ?? []
            #expect(sheets.count == 6, "LibreOffice wrote \(sheets)")
            let all = try sheets.map { try String(contentsOfFile: dir + "/lo-out/" + $0, encoding: .utf8) }.joined(separator: "\n")
            #expect(all.contains("West Essex<script>document.title='pwned'</script>"), "the place name is not text in LibreOffice")
            #expect(all.contains("+cmd|' /C calc'!A0 @SUM(1)"), "the category's name is not text in LibreOffice")
        }
    }
}

extension CommandLineTests {
    /// A batch run killed (SIGTERM from a CI timeout, or SIGKILL) keeps every result it had printed: each goes
    /// out as it is made.
    @Test func resultsSurviveAKill() throws {
        let dir = Binary.temporaryDirectory()
        let script = (1...50).map { "echo \"line \($0)\"" }.joined(separator: "\n") + "\nmontecarlo 1000000\nmontecarlo 1000000\n"
        try script.write(toFile: dir + "/long.scenario", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path)
        p.arguments = [dir + "/long.scenario"]
        FileManager.default.createFile(atPath: dir + "/out.txt", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/out.txt"))
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Until the echoes are out (or ten seconds), then the kill, while Monte Carlo runs.
        for _ in 0..<200 where !((try? String(contentsOfFile: dir + "/out.txt", encoding: .utf8))?.contains("line 50") ?? false) { usleep(50_000) }
        // SIGKILL: the test runner may leave SIGTERM ignored for its children; what is out either way is the point.
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let text = try String(contentsOfFile: dir + "/out.txt", encoding: .utf8)
        #expect(text.contains("line 1\n") && text.contains("line 50\n"), "\(text.prefix(200))")
        #expect(p.terminationStatus == SIGKILL)
    }
}

extension CommandLineTests {
    /// `replace` does not replace a file its owner made read-only (a rename would allow it), and a replaced
    /// file keeps its permissions.
    @Test func replaceLeavesAReadOnlyFileAlone() throws {
        let dir = Binary.temporaryDirectory()
        try "kept\n".write(toFile: dir + "/ro.scenario", atomically: true, encoding: .utf8)
        chmod(dir + "/ro.scenario", 0o444)
        let r = Binary.run(["-c", "scenario new a\nsave \"ro.scenario\" replace"], directory: dir)
        #expect(r.status == 1 && r.err.contains("it is read-only"), "\(r.err)")
        #expect(try String(contentsOfFile: dir + "/ro.scenario", encoding: .utf8) == "kept\n")
        try "kept\n".write(toFile: dir + "/rw.scenario", atomically: true, encoding: .utf8)
        chmod(dir + "/rw.scenario", 0o640)
        #expect(Binary.run(["-c", "scenario new a\nsave \"rw.scenario\" replace"], directory: dir).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/rw.scenario")[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }
}

extension CommandLineTests {
    /// A reader that goes away (`hweplan … | head -1`) makes a write fail: exit status 1 with the reason, as the
    /// README gives for results that cannot be written, not death by SIGPIPE (141).
    @Test func aClosedPipeIsAFailedWrite() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path)
        p.arguments = ["-c", "show sources\nshow sources"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try out.fileHandleForReading.close()
        try p.run()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 1, "\(p.terminationReason) \(p.terminationStatus)")
        #expect(said.contains("the results could not be written to standard output"), "\(said)")
    }
}
