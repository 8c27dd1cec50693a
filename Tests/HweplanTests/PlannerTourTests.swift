import Foundation
import Testing
import TestSupport

/// What a planner replaying scripts in batch found in 0.3.0 (2026-12-07), pinned through the binary.
@Suite struct PlannerTourTests {
    /// In Markdown every result is a block of its own: a table ends at a blank line, so each later table would
    /// have run into the one before; a list laid out in columns is fenced; echo's text stays as written.
    @Test func markdownResultsAreBlocks() {
        let r = Binary.run(["--format", "markdown", "-c", "show balance; sensitivity balance; echo \"a | b\"; scenario list"])
        #expect(r.status == 0)
        #expect(r.out.contains("| Cumulative (£m) | 0.1 | 0.5 | 0.7 | 1.0 | 1.6 |  |\n\n### Sensitivity of balance in 2030/31"), "\(r.out)")
        #expect(r.out.contains("\n\n| assumption | low | high | swing |\n|---|"))
        #expect(r.out.contains("| efficiency | -100.12 | 99.3 | 199.43 |"), "read by people: two decimals, not CSV's six")
        #expect(r.out.contains("\n\na | b\n\n```\n*  baseline  0 statements\n```\n"), "\(r.out)")
    }

    /// A script that cannot be decoded is read whole before anything runs: the note says none of it ran.
    @Test func anUndecodableScriptSaysNothingRan() throws {
        let dir = Binary.temporaryDirectory()
        try Data(Array("scenario new a\necho \"ok ".utf8) + [0xE9] + Array(" bad\"\n".utf8))
            .write(to: URL(fileURLWithPath: dir + "/bad.scenario"))
        let r = Binary.run([dir + "/bad.scenario"])
        #expect(r.status == 1)
        #expect(r.err.contains("bytes that are not UTF-8"), "\(r.err)")
        #expect(said(r.err).contains("note: nothing in \(dir)/bad.scenario was run"), "\(r.err)")
    }

    /// Relative file names in a script are the script's folder's; the confirmation names the path used.
    @Test func aScriptsFilesAreBesideItAndTheConfirmationSaysWhere() throws {
        let dir = Binary.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try "scenario new a\ninvest £1m in acute\nsave \"a.scenario\"\n".write(toFile: dir + "/sub/x.scenario", atomically: true, encoding: .utf8)
        let r = Binary.run(["sub/x.scenario"], directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("to sub/a.scenario"), "\(r.out)")
        #expect(FileManager.default.fileExists(atPath: dir + "/sub/a.scenario"))
        let again = Binary.run(["sub/x.scenario"], directory: dir)
        #expect(again.status == 1 && said(again.err).contains("'a.scenario' (sub/a.scenario) exists"), "\(again.err)")
    }

    /// verify says when a report was made with other actuals, rather than blaming the version.
    @Test func verifyNamesOtherActuals() throws {
        let dir = Binary.temporaryDirectory()
        try "year,place,item,value\n2026/27,,balance,-3.0\n".write(toFile: dir + "/a.csv", atomically: true, encoding: .utf8)
        #expect(Binary.run(["-c", "report \"r.html\""], directory: dir).status == 0)
        let r = Binary.run(["-c", "actuals load \"a.csv\"; verify \"r.html\""], directory: dir)
        #expect(r.status == 1)
        #expect(said(r.err).contains("'r.html' was made with other actuals"), "\(r.err)")
        #expect(Binary.run(["-c", "verify \"r.html\""], directory: dir).status == 0)
    }

    /// A keyword that may follow a list of scenarios cannot name one; a model id still can.
    @Test func scenarioNamesThatWouldBeMisread() {
        let r = Binary.run(["-c", "scenario new change"])
        #expect(r.status == 1 && said(r.err).contains("'change' is a keyword that may follow a list of scenarios"), "\(r.err)")
        #expect(Binary.run(["-c", "scenario new digital; disable digital"]).status == 0)
    }

    /// At 20 years the chart's year labels keep a space between them.
    @Test func chartYearLabelsNeverRunTogether() {
        let r = Binary.run(["-c", "model horizon 20; chart balance"], environment: ["COLUMNS": "80"])
        let axis = r.out.split(separator: "\n").first { $0.contains("2026/27") } ?? ""
        #expect(axis.contains("2045/46") && axis.range(of: #"/\d\d\d"#, options: .regularExpression) == nil, "\(axis)")
    }

    /// A script that runs itself through another, written with './', is refused at once, naming the chain.
    @Test func aScriptThatRunsItselfIsRefusedAtOnce() throws {
        let dir = Binary.temporaryDirectory()
        try "echo \"a\"\nrun \"b.scenario\"\n".write(toFile: dir + "/a.scenario", atomically: true, encoding: .utf8)
        try "echo \"b\"\nrun \"./a.scenario\"\n".write(toFile: dir + "/b.scenario", atomically: true, encoding: .utf8)
        let r = Binary.run(["a.scenario"], directory: dir)
        #expect(r.status == 1 && r.out == "a\nb\n", "\(r.out)")
        #expect(said(r.err).contains("'./a.scenario' is already running (a.scenario → b.scenario → a.scenario)"), "\(r.err)")
    }

    /// `-` among the files is standard input, in its place in the order.
    @Test func aDashIsStandardInput() throws {
        let dir = Binary.temporaryDirectory()
        try "echo \"first\"\n".write(toFile: dir + "/a.scenario", atomically: true, encoding: .utf8)
        let r = Binary.run(["a.scenario", "-"], stdin: "echo \"piped\"\n", directory: dir)
        #expect(r.status == 0 && r.out == "first\npiped\n", "\(r.out) \(r.err)")
        let bad = Binary.run(["-"], stdin: "invest £1m in nowhere\n")
        #expect(bad.status == 1 && bad.err.contains("<stdin>:1:"), "\(bad.err)")
    }
}
