import Foundation
import Testing

/// The prompt as a finance lead meets it, through a real pseudo-terminal.
@Suite(.serialized) struct InteractiveTests {
    func environment() -> (env: [String: String], dir: String) {
        let dir = Binary.temporaryDirectory()
        return (["HOME": dir, "HWEPLAN_HISTORY": dir + "/history", "HWEPLAN_JOURNAL_DIR": dir + "/journals"], dir)
    }

    /// The shell on the built-in model, in an environment of its own, at its first prompt.
    func atFirstPrompt() throws -> Terminal {
        let t = try Terminal(environment: environment().env)
        #expect(t.waitForPrompt("baseline> "))
        return t
    }

    /// kill -9 loses nothing: two scenarios built at the prompt come back at the next start, one question
    /// asked, and simulate in each prints byte for byte what it printed before. quit with unsaved
    /// scenarios asks first.
    @Test func aKilledSessionIsOfferedBack() throws {
        let (env, dir) = environment()
        let first = try Terminal(environment: env)
        #expect(first.waitForPrompt("baseline> "))
        for line in ["scenario new push", "shift 2% of acute to prevention in west-essex from 2027/28",
                     "scenario new held", "set policy = hold-budgets", "invest £5m in prevention.lifestyles"] {
            first.type(line + "\r")
            first.pump(0.2)
        }
        #expect(first.waitForPrompt("held> "))
        var before: [String] = []
        for name in ["push", "held"] {
            let mark = first.screen.count
            first.type("scenario use \(name)\rsimulate\r")
            #expect(first.waitFor("ICBs' positions", since: mark))
            #expect(first.waitForPrompt("\(name)> ", since: mark + 30))
            before.append(simulation(in: String(first.screen.dropFirst(mark))))
        }
        kill(first.pid, SIGKILL)
        _ = first.exitStatus()
        let journals = try FileManager.default.contentsOfDirectory(atPath: dir + "/journals")
        #expect(journals.count == 1, "\(journals)")

        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it? [y/N]"))
        #expect(second.screen.contains("scenarios push, held"))
        // A statement typed ahead does not answer the question (it used to decline the recovery).
        second.type("scenario new push\r")
        #expect(second.waitFor("Please answer y (recover) or n (keep it aside), not 'scenario new push'. Recover it? [y/N]"))
        second.type("y\r")
        #expect(second.waitFor("Recovered"))
        #expect(second.waitForPrompt("held> "))
        var mark = second.screen.count
        second.type("scenario list\r")
        #expect(second.waitFor("push", since: mark) && second.waitFor("held", since: mark))
        for (name, printed) in zip(["push", "held"], before) {
            mark = second.screen.count
            second.type("scenario use \(name)\rsimulate\r")
            #expect(second.waitFor("ICBs' positions", since: mark))
            #expect(second.waitForPrompt("\(name)> ", since: mark + 30))
            #expect(simulation(in: String(second.screen.dropFirst(mark))) == printed)
        }
        mark = second.screen.count
        second.type("quit\r")
        #expect(second.waitFor("are not saved", since: mark))
        #expect(second.leave(at: "held> ", since: mark + 10) == .leftWithStatus(0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/journals").filter { $0.hasSuffix(".journal") }.isEmpty)
    }

    /// A script's relative paths are recovered from the script's folder, not from wherever the next session
    /// starts: the journal records the folder each statement's paths resolved against.
    @Test func recoveryReadsAScriptsFilesFromItsFolder() throws {
        let (env, dir) = environment()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try "year,place,item,value\n2026/27,,balance,-42\n".write(toFile: dir + "/sub/act.csv", atomically: true, encoding: .utf8)
        try "scenario new viasub\nactuals load \"act.csv\"\ninvest £2m in acute\n".write(toFile: dir + "/sub/s.scenario", atomically: true, encoding: .utf8)
        let first = try Terminal(environment: env)
        #expect(first.waitForPrompt("baseline> "))
        first.type("run \"\(dir)/sub/s.scenario\"\r")
        #expect(first.waitForPrompt("viasub> "))
        kill(first.pid, SIGKILL)
        _ = first.exitStatus()
        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it? [y/N]"))
        second.type("y\r")
        #expect(second.waitFor("Recovered 3 statements; now on 'viasub'"), "\(second.screen.suffix(400))")
        #expect(second.waitForPrompt("viasub> "))
        let mark = second.screen.count
        second.type("show actuals\r")
        #expect(second.waitFor("-42.0", since: mark), "\(second.screen.suffix(400))")
        second.type("quit\r")
        _ = second.exitStatus()
    }

    /// A journal folder others may write to would never be offered back after a crash: the shell says at once
    /// that crash recovery is off, rather than journalling into it for nothing.
    @Test func anUntrustedJournalFolderIsSaidAtTheStart() throws {
        var (env, dir) = environment()
        try FileManager.default.createDirectory(atPath: dir + "/open", withIntermediateDirectories: true)
        chmod(dir + "/open", 0o777)
        env["HWEPLAN_JOURNAL_DIR"] = dir + "/open"
        let t = try Terminal(environment: env)
        #expect(t.waitForPrompt("baseline> "))
        #expect(t.screen.contains("crash recovery is off: others may write to \(dir)/open"), "\(t.screen)")
        t.type("scenario new a\r")
        #expect(t.waitForPrompt("a> "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/open").isEmpty)
        kill(t.pid, SIGKILL)
        _ = t.exitStatus()
    }

    /// With -i, what the scripts run before the prompt changed is journalled too: the prompt's statements that
    /// build on it recover (they replayed on nothing, and failed).
    @Test func scriptsBeforeThePromptAreJournalled() throws {
        let (env, dir) = environment()
        try "scenario new setup\ninvest £5m in prevention\n".write(toFile: dir + "/setup.scenario", atomically: true, encoding: .utf8)
        let first = try Terminal(arguments: ["-i", dir + "/setup.scenario"], environment: env)
        #expect(first.waitForPrompt("setup> "))
        first.type("invest £9m in acute\rscenario new mine from setup\rshift 1% of acute to prevention\r")
        #expect(first.waitFor("mine: shift 1% of acute to prevention"))
        #expect(first.waitForPrompt("mine> "))
        first.pump(0.3)
        kill(first.pid, SIGKILL)
        _ = first.exitStatus()
        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it? [y/N]"))
        second.type("y\r")
        #expect(second.waitFor("Recovered 5 statements; now on 'mine'"), "\(second.screen.suffix(500))")
        #expect(second.waitForPrompt("mine> "))
        second.type("quit\r")
        _ = second.exitStatus()
    }

    /// A start folder whose name holds a carriage return or a line break (a shell script saved with Windows
    /// line ends makes one) is journalled escaped: recovery reads every record back.
    @Test func aFolderWithALineBreakInItsNameRecovers() throws {
        let (env, dir) = environment()
        for name in ["cr\r", "nl\nx"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true)
            let first = try Terminal(environment: env, directory: dir + "/" + name)
            #expect(first.waitForPrompt("baseline> "))
            first.type("scenario new a\rinvest £3m in prevention\r")
            #expect(first.waitFor("(statement 1;"))
            #expect(first.waitForPrompt("a> "))
            first.pump(0.3)
            kill(first.pid, SIGKILL)
            _ = first.exitStatus()
            let second = try Terminal(environment: env, directory: dir + "/" + name)
            #expect(second.waitFor("Recover it? [y/N]"))
            #expect(!second.screen.contains("fails its checksum"), "\(second.screen)")
            second.type("y\r")
            #expect(second.waitFor("Recovered 2 statements"), "\(second.screen.suffix(1500))")
            #expect(second.waitForPrompt("a> "))
            second.type("quit\r")
            #expect(second.waitFor("not saved"))
            second.type("quit\r")
            _ = second.exitStatus()
        }
    }

    /// Two sessions on this model ended without quit: the latest (by when it started, whatever its name) is
    /// offered, and the other is said to be waiting.
    @Test func severalCrashedSessionsAreSaid() throws {
        let (env, dir) = environment()
        let path = try killedSession(creating: "older", env: env, dir: dir)
        // Renamed to a pid that sorts after the real one's, started long before.
        let planted = dir + "/journals/session-999999-1000.journal"
        try FileManager.default.moveItem(atPath: path, toPath: planted)
        let second = try Terminal(environment: env)
        // Ctrl-C at the question decides nothing: the older journal stays.
        #expect(second.waitFor("Recover it? [y/N]"))
        second.pump(0.2)
        kill(second.pid, SIGINT)  // Ctrl-C as the signal (the pty is not the child's controlling terminal)
        #expect(second.waitForPrompt("baseline> "))
        second.type("scenario new newer\r")
        #expect(second.waitForPrompt("newer> "))
        kill(second.pid, SIGKILL)
        _ = second.exitStatus()
        let third = try Terminal(environment: env)
        #expect(third.waitFor("Recover it? [y/N]"))
        #expect(third.screen.contains("scenario newer.") && third.screen.contains("1 earlier session on this model also ended without quit"), "\(third.screen)")
        third.type("n\r")
        #expect(third.waitForPrompt("baseline> "))
        third.type("quit\r")
        _ = third.exitStatus()
    }

    /// A PAGER that is not there would swallow long output: it is printed without one, and said.
    @Test func aMissingPagerDoesNotSwallowOutput() throws {
        var (env, _) = environment()
        env["PAGER"] = "/nonexistent/pager -x"
        let t = try Terminal(environment: env, columns: 80, rows: 24)
        #expect(t.waitForPrompt("baseline> "))
        #expect(t.screen.contains("note: the pager '/nonexistent/pager' (PAGER) is not found"), "\(t.screen)")
        t.type("simulate\r")
        #expect(t.waitFor("ICBs' positions"), "\(t.screen.suffix(300))")
        t.type("quit\r")
        _ = t.exitStatus()
    }

    /// The recovery question names the scenarios as they stood when the session ended: renamed and dropped
    /// ones followed.
    @Test func recoveryNamesTheScenariosAsTheyStood() throws {
        let (env, _) = environment()
        let first = try Terminal(environment: env)
        #expect(first.waitForPrompt("baseline> "))
        first.type("scenario new push\rinvest £1m in acute\rscenario new other\rscenario rename other third\rscenario drop push\r"
                   + "scenario new u\rundo\rscenario new z from third\rscenario rename z fourth\rscenario drop third\rundo\recho \"all-done\"\r")
        #expect(first.waitFor("\nall-done"))
        first.pump(0.3)
        kill(first.pid, SIGKILL)
        _ = first.exitStatus()
        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it? [y/N]"))
        let said = second.screen.replacingOccurrences(of: "\r", with: "").split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(said.contains("11 statements, scenarios third, fourth.") && !said.contains("push,"), "\(second.screen)")
        second.type("n\r")
        #expect(second.waitForPrompt("baseline> "))
        second.type("quit\r")
        _ = second.exitStatus()
    }

    /// Two shells with one history keep each other's lines: each writes the file as it is, with its line added.
    @Test func twoShellsShareOneHistory() throws {
        let (env, dir) = environment()
        let a = try Terminal(environment: env), b = try Terminal(environment: env)
        #expect(a.waitForPrompt("baseline> ") && b.waitForPrompt("baseline> "))
        for (t, line) in [(a, "echo \"A1\""), (b, "echo \"B1\""), (a, "echo \"A2\""), (b, "echo \"B2\"")] {
            let mark = t.screen.count
            t.type(line + "\r")
            #expect(t.waitForPrompt("baseline> ", since: mark + 5))
        }
        a.type("quit\r"); _ = a.exitStatus()
        b.type("quit\r"); _ = b.exitStatus()
        let history = try String(contentsOfFile: dir + "/history", encoding: .utf8)
        for line in ["A1", "B1", "A2", "B2"] { #expect(history.contains(line), "\(history)") }
    }

    /// The journal as a trusted store (issue 27): a planted journal others may write to is not offered; the
    /// question lists what would be replayed and names a statement that writes a file; a corrupt middle
    /// record stops recovery there, says so, and the journal is kept.
    @Test func journalsAreTrustedOnlyWhenTheyAreOurs() throws {
        let (env, dir) = environment()
        let path = try killedSession(creating: "kept", env: env, dir: dir)
        let fm = FileManager.default
        let header = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first)
        func record(_ s: String) -> String {
            var h: UInt32 = 0x811C_9DC5
            for b in s.utf8 { h ^= UInt32(b); h = h &* 0x0100_0193 }
            let x = String(h, radix: 16)
            return "S " + String(repeating: "0", count: 8 - x.count) + x + " " + s + "\n"
        }
        let csv = dir + "/replayed.csv"
        let journal = header + "\n" + record("scenario new kept") + record("export csv \"\(csv)\"")
            + "S 00000000 scenario new corrupt\n" + record("scenario new after")
        try journal.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        let planted = dir + "/journals/session-999999-1.journal"
        try (header + "\n" + record("scenario new planted")).write(toFile: planted, atomically: true, encoding: .utf8)
        chmod(planted, 0o666)
        // One owned by another user (where the tests may give a file away: as root), mode 600: not offered either.
        let foreign = dir + "/journals/session-999997-1.journal"
        try (header + "\n" + record("scenario new foreign")).write(toFile: foreign, atomically: true, encoding: .utf8)
        chmod(foreign, 0o600)
        let givenAway = getuid() == 0 && chown(foreign, 1, 1) == 0
        // A stray file far larger than a journal, with a journal's header: not read, not offered.
        let stray = dir + "/journals/session-999998-1.journal"
        try (header + "\n" + record("scenario new stray") + String(repeating: "x", count: 17 << 20)).write(toFile: stray, atomically: true, encoding: .utf8)
        chmod(stray, 0o600)

        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it? [y/N]"))
        #expect(second.screen.contains("line 4 fails its checksum"), "\(second.screen)")
        #expect(second.screen.contains("writes a file"))
        #expect(!second.screen.contains("planted") && !second.screen.contains("stray"))
        if givenAway { #expect(!second.screen.contains("foreign"), "a journal owned by another user was offered") }
        second.type("y\r")
        #expect(second.waitFor("Recovered"))
        #expect(second.waitForPrompt("kept> "))
        #expect(second.screen.contains("up to the corrupt record on line 4"))
        #expect(fm.fileExists(atPath: path + ".recovered") && fm.fileExists(atPath: csv))
        #expect(fm.fileExists(atPath: planted))
        let mark = second.screen.count
        second.type("scenario list\r")
        #expect(second.waitForPrompt("kept> ", since: mark + 10))
        #expect(!second.screen.dropFirst(mark).contains("after") && !second.screen.dropFirst(mark).contains("corrupt"))
        kill(second.pid, SIGKILL)
        _ = second.exitStatus()
    }

    /// A session journalled on a model that has since changed (an edited file, an upgraded built-in model)
    /// is named at start, with both hashes, and can be recovered against the current model; journals set
    /// aside are bounded to the newest 20 (issue 27).
    @Test func aJournalOnAnEditedModelIsNamedAndRecoverable() throws {
        let (env, dir) = environment()
        let path = try killedSession(creating: "edited", env: env, dir: dir)
        let fm = FileManager.default
        // The model it was journalled on, as if the model file had been edited since.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first)
        let hash = try #require(header.split(separator: " ").first { $0.hasPrefix("model=") }).dropFirst(6)
        try text.replacingOccurrences(of: "model=\(hash)", with: "model=0123456789abcdef").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        for k in 0..<25 {
            let aside = dir + "/journals/session-\(900_000 + k)-1.journal.declined"
            try "x\n".write(toFile: aside, atomically: true, encoding: .utf8)
            chmod(aside, 0o600)
        }
        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it against this model? [y/N]"), "\(second.screen)")
        let said = second.screen.replacingOccurrences(of: "\r\n", with: " ")
        #expect(said.contains("A session on another model ended without quit"))
        #expect(said.contains("journalled on model 0123456789abcdef; this session's model is \(hash)"), "\(said)")
        second.type("y\r")
        #expect(second.waitFor("Recovered 1 statement"))
        #expect(second.waitForPrompt("edited> "))
        let aside = try fm.contentsOfDirectory(atPath: dir + "/journals").filter { $0.hasSuffix(".declined") || $0.hasSuffix(".recovered") }
        #expect(aside.count <= 21, "\(aside.count) journals kept aside")
        kill(second.pid, SIGKILL)
        _ = second.exitStatus()
    }

    /// A session that made scenario `name` and was killed: the path of the journal it left.
    func killedSession(creating name: String, env: [String: String], dir: String) throws -> String {
        let first = try Terminal(environment: env)
        #expect(first.waitForPrompt("baseline> "))
        first.type("scenario new \(name)\r")
        #expect(first.waitForPrompt("\(name)> "))
        kill(first.pid, SIGKILL)
        _ = first.exitStatus()
        let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/journals").first { $0.hasSuffix(".journal") })
        return dir + "/journals/" + journal
    }

    /// The lines of a simulate table on the screen, from its title to the ICB's objective.
    func simulation(in screen: String) -> String {
        let lines = screen.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Scenario ") }),
              let end = lines[start...].firstIndex(where: { $0.hasPrefix("ICBs' positions") }) else { return "" }
        return lines[start...end].joined(separator: "\n")
    }

    @Test func tabCompletesAStatementWordThenRuns() throws {
        let t = try atFirstPrompt()
        let mark = t.screen.count
        // libedit redraws the completed word with escapes between the pieces, so judge by what runs.
        t.type("sim\t")
        t.pump(0.2)
        t.type("\r")
        #expect(t.waitFor("Objective, balanced every year", since: mark))
        #expect(t.leave(at: "baseline> ", since: mark + 20) == .leftWithStatus(0))
    }

    @Test func tabCompletesACategoryAfterShift() throws {
        let t = try atFirstPrompt()
        t.type("scenario new push\r")
        #expect(t.waitForPrompt("push> "))
        let mark = t.screen.count
        t.type("shift 2% of acu\t")
        t.pump(0.2)
        t.type("to prevention\r")
        #expect(t.waitFor("push: shift 2% of acute to prevention", since: mark))
        #expect(t.leave(at: "push> ", since: mark + 20) == .leftWithStatus(0))
    }

    /// Tab completes a file name inside a statement's quotes, a folder at a time, and closes the quotes.
    @Test func tabCompletesAFileName() throws {
        let (env, dir) = environment()
        try FileManager.default.createDirectory(atPath: dir + "/scripts", withIntermediateDirectories: true)
        try "echo \"ran one\"\n".write(toFile: dir + "/scripts/one.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(environment: env)
        #expect(t.waitForPrompt("baseline> "))
        let mark = t.screen.count
        t.type("run \"\(dir)/scr\t")
        t.pump(0.2)
        t.type("o\t")
        t.pump(0.2)
        t.type("\r")
        #expect(t.waitFor("ran one", since: mark), "Tab did not complete the file name: \(t.screen.suffix(300))")
        #expect(t.leave(at: "baseline> ", since: mark + 20) == .leftWithStatus(0))
    }

    @Test func historySurvivesARestart() throws {
        let (env, _) = environment()
        let first = try Terminal(environment: env)
        #expect(first.waitForPrompt("baseline> "))
        first.type("echo \"remember me\"\r")
        #expect(first.waitFor("remember me\r\n"))
        #expect(first.leave(at: "baseline> ", since: first.screen.count - 12) == .leftWithStatus(0))

        let second = try Terminal(environment: env)
        #expect(second.waitForPrompt("baseline> "))
        let mark = second.screen.count
        second.type("\u{1B}[A")
        #expect(second.waitFor("echo \"remember me\"", since: mark))
        second.type("\r")
        #expect(second.waitFor("remember me\r\n", since: mark + 10))
        #expect(second.leave(at: "baseline> ", since: second.screen.count - 12) == .leftWithStatus(0))
    }

    @Test func controlCClearsAHalfTypedLine() throws {
        let t = try atFirstPrompt()
        let mark = t.screen.count
        t.type("shift 2% of")
        #expect(t.waitFor("shift 2% of", since: mark))
        t.type("\u{3}")
        #expect(t.waitForPrompt("baseline> ", since: mark + 11))
        let after = t.screen.count
        t.type("echo \"clean\"\r")
        #expect(t.waitFor("clean\r\n", since: after))
        #expect(!t.screen.contains("error"))
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
    }

    /// An unfinished statement asks for more on a `...>` line; an empty line there runs it as it stands, so a
    /// trainer who typed `compare` alone is told what it lacks instead of being held at the prompt.
    @Test func anEmptyContinuationLineEndsTheStatement() throws {
        let t = try atFirstPrompt()
        let mark = t.screen.count
        t.type("compare\r")
        #expect(t.waitFor("...> ", since: mark))
        t.type("\r")
        #expect(t.waitFor("<stdin>:1:8: unfinished statement: expected a scenario name", since: mark))
        #expect(t.waitForPrompt("baseline> ", since: mark + 8))
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
    }

    @Test func controlDExitsZeroAndAnUnfinishedLineContinues() throws {
        let t = try atFirstPrompt()
        t.type("scenario new push\r")
        #expect(t.waitForPrompt("push> "))
        t.type("shift 2% of\r")
        #expect(t.waitForPrompt("...> "))
        let mark = t.screen.count
        t.type("acute to prevention\r")
        #expect(t.waitFor("push: shift 2% of acute to prevention", since: mark))
        #expect(t.leave(at: "push> ", since: mark + 20) == .leftWithStatus(0))
    }

    /// Ctrl-C during a long statement: outside the line editor the terminal sends SIGINT (sent here directly,
    /// as the test's pty is not the child's controlling terminal). Monte Carlo stops within a second (about
    /// 0.07 s seen), says so, the prompt comes back and the session is as it was. This once lost its output:
    /// the signal interrupted the progress line's write and stderr stayed broken (fixed with SA_RESTART).
    @Test func controlCInterruptsALongStatement() throws {
        let t = try atFirstPrompt()
        t.type("scenario new a\r")
        #expect(t.waitForPrompt("a> "))
        let mark = t.screen.count
        t.type("montecarlo 1000000\r")
        #expect(t.waitFor("(Ctrl-C cancels)", since: mark, timeout: 20))
        let sent = Date()
        kill(t.pid, SIGINT)
        #expect(t.waitFor("montecarlo interrupted; nothing changed", since: mark, timeout: 5))
        #expect(Date().timeIntervalSince(sent) < 1, "took \(Date().timeIntervalSince(sent)) s")
        let after = t.screen.count
        #expect(t.waitForPrompt("a> ", since: after - 40))
        t.type("scenario list\r")
        #expect(t.waitFor("0 statements", since: after))
        // 'a' has no statements, so there is nothing unsaved to warn about.
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
    }

    /// Issue 27: Ctrl-C during `explain` on 1,000 statements (2,000 sampled orderings, two million
    /// prefixes) gives the prompt back within a second, the session unchanged (it took 33 s when every
    /// cancelled prefix was still sorted).
    @Test func controlCStopsALongExplain() throws {
        let (env, dir) = environment()
        let lines = ["scenario new big"] + (0..<1000).map { "invest £\($0 % 50 + 1)k in prevention.falls from 2027/28" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/big.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(arguments: ["-i", dir + "/big.scenario"], environment: env)
        #expect(t.waitForPrompt("big> "))
        let mark = t.screen.count
        t.type("explain balance\r")
        // Under way: sampling shows its progress after half a second.
        #expect(t.waitFor("(Ctrl-C cancels)", since: mark, timeout: 20))
        let sent = Date()
        kill(t.pid, SIGINT)
        #expect(t.waitFor("interrupted", since: mark, timeout: 5), "\(t.screen.suffix(400))")
        #expect(t.waitForPrompt("big> ", since: mark + 20))
        #expect(Date().timeIntervalSince(sent) < 1, "took \(Date().timeIntervalSince(sent)) s")
        let after = t.screen.count
        t.type("scenario list\r")
        #expect(t.waitFor("1,000 statements", since: after) || t.waitFor("1000 statements", since: after), "\(t.screen.suffix(300))")
        t.type("quit\r")
        t.pump(0.3)
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
    }

    /// Issue 27: `show actuals` over the widest actuals a file may hold (every item, every place, every year
    /// from 30 before the horizon to 30 after) gives the prompt back within a second of Ctrl-C (one actual
    /// dated 1026/27 once made it run for minutes, deaf to Ctrl-C).
    @Test func controlCDuringTheWidestShowActuals() throws {
        let (env, dir) = environment()
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Binary.root + "/docs/default-model-v3.json"))) as! [String: Any]
        func ids(_ key: String) -> [String] { (model[key] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        var rows = ["year,place,item,value"]
        for y in 1997...2059 {
            let label = "\(y)/\(String(format: "%02d", (y + 1) % 100))"
            for item in ["balance", "icb-balance"] + ids("categories") + ids("metrics") { rows.append("\(label),,\(item),1") }
            for place in ids("places") { for item in ids("categories") + ids("metrics") { rows.append("\(label),\(place),\(item),1") } }
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
        let t = try Terminal(environment: env)
        #expect(t.waitForPrompt("baseline> "))
        // Both waits from before the statement was typed: the prompt may already be on screen when the first returns.
        let typed = t.screen.count
        t.type("actuals load \"\(dir)/wide.csv\"\r")
        #expect(t.waitFor("loaded", since: typed, timeout: 10), "\(t.screen.suffix(300))")
        #expect(t.waitForPrompt("baseline> ", since: typed + 10))
        let mark = t.screen.count
        t.type("show actuals\r")
        t.pump(0.05)
        let sent = Date()
        kill(t.pid, SIGINT)
        #expect(t.waitForPrompt("baseline> ", since: mark + 15), "\(t.screen.suffix(300))")
        // Alone this takes about 0.2 s; the bound leaves room for the rest of the suite sharing two cores (it
        // measured 1.0-1.3 s there), and still fails the minutes it once took.
        #expect(Date().timeIntervalSince(sent) < 3, "took \(Date().timeIntervalSince(sent)) s")
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
    }

    /// Ctrl-C at the recovery question decides nothing: it says so, the prompt follows, and the session is
    /// offered again at the next start (it showed ^C and then seemed to hang).
    @Test func controlCAtTheRecoveryQuestionDecidesNothing() throws {
        let (env, _) = environment()
        let first = try Terminal(environment: env)
        #expect(first.waitForPrompt("baseline> "))
        first.type("scenario new push\r")
        #expect(first.waitForPrompt("push> "))
        kill(first.pid, SIGKILL)
        _ = first.exitStatus()
        let second = try Terminal(environment: env)
        #expect(second.waitFor("Recover it? [y/N]"))
        second.pump(0.2)
        kill(second.pid, SIGINT)  // the test's pty is not the child's controlling terminal: Ctrl-C as the signal
        #expect(second.waitFor("Not decided (Ctrl-C)"), "\(second.screen.suffix(300))")
        #expect(second.waitForPrompt("baseline> "))
        second.type("quit\r")
        _ = second.exitStatus()
        let third = try Terminal(environment: env)
        #expect(third.waitFor("Recover it? [y/N]"), "the session was not offered again: \(third.screen.suffix(300))")
        third.type("n\r")
        #expect(third.waitFor("To be offered it again, rename it back"))
        #expect(third.waitForPrompt("baseline> "))
        third.type("quit\r")
        _ = third.exitStatus()
    }

    /// LANGUAGE.md: a terminal on standard input gives the interactive shell "even when standard output is
    /// piped": the prompt, Tab and history work (on the terminal), results go to standard output.
    @Test func standardOutputPipedKeepsTheLineEditor() throws {
        let (env, dir) = environment()
        let t = try Terminal(environment: env, standardOutput: dir + "/out.log")
        #expect(t.waitForPrompt("baseline> "), "\(t.screen)")
        let mark = t.screen.count
        t.type("scen\t")
        // libedit redraws the completed word from the cursor: "scen" then "ario ".
        #expect(t.waitFor("ario ", since: mark), "Tab did not complete: \(t.screen.suffix(200))")
        t.type("new a\r")
        #expect(t.waitForPrompt("a> ", since: mark))
        let recalled = t.screen.count
        t.type("\u{1B}[A")
        #expect(t.waitFor("scenario new a", since: recalled), "Up did not recall the line: \(t.screen.suffix(200))")
        t.type("\u{15}quit\r")
        #expect(t.exitStatus() == 0)
        let out = (try? String(contentsOfFile: dir + "/out.log", encoding: .utf8)) ?? ""
        #expect(out.contains("created scenario 'a' from 'baseline'") && !out.contains("a> "), "\(out)")
    }

    /// LANGUAGE.md: a line at the prompt means what it means in a file: the first error stops the rest of it.
    @Test func anErrorStopsTheRestOfThePromptLine() throws {
        let t = try atFirstPrompt()
        t.type("scenario new a\r")
        #expect(t.waitForPrompt("a> "))
        let mark = t.screen.count
        t.type("invest 1m in acutee; invest 2m in acute\r")
        #expect(t.waitFor("the rest of line 2 not run", since: mark), "\(t.screen.suffix(400))")
        #expect(t.waitForPrompt("a> ", since: mark))
        #expect(!t.screen.dropFirst(mark).contains("(statement 1"), "the statement after the error ran")
        t.type("quit\r")
    }

    /// `-i FILE`: the script runs, then the prompt continues in the same session.
    @Test func scriptsThenPrompt() throws {
        let (env, dir) = environment()
        try "scenario new from-script\ninvest £5m in community\n".write(toFile: dir + "/s.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(arguments: ["-i", dir + "/s.scenario"], environment: env)
        #expect(t.waitForPrompt("from-script> "))
        let mark = t.screen.count
        t.type("show levers\r")
        #expect(t.waitFor("1. invest £5m in community", since: mark))
        #expect(t.leave(at: "from-script> ", since: mark + 10) == .leftWithStatus(0))
    }

    @Test func homeUnsetStillWorks() throws {
        let dir = Binary.temporaryDirectory()
        let t = try Terminal(environment: ["XDG_STATE_HOME": dir])
        #expect(t.waitForPrompt("baseline> "))
        t.type("echo \"no home\"\r")
        #expect(t.waitFor("no home\r\n"))
        #expect(t.leave(at: "baseline> ", since: t.screen.count - 12) == .leftWithStatus(0))
        #expect(FileManager.default.fileExists(atPath: dir + "/hweplan/history"))
    }

    /// At the prompt, output longer than the terminal goes through $PAGER; short output does not.
    @Test func longOutputIsPaged() throws {
        var (env, dir) = environment()
        env["PAGER"] = "cat > \(dir)/paged.txt"
        let t = try Terminal(environment: env)
        #expect(t.waitForPrompt("baseline> "))
        t.type("echo \"short\"\r")
        #expect(t.waitFor("short\r\n"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/paged.txt"))
        let mark = t.screen.count
        t.type("simulate\r")
        #expect(t.waitFor("simulate\r\n", since: mark))
        #expect(t.waitForPrompt("baseline> ", since: mark + 8))
        // The pager may still be writing when the prompt shows (a slow build): wait for what it was given.
        var paged = ""
        for _ in 0..<100 where !paged.contains("ICBs' positions") {
            t.pump(0.05)
            paged = (try? String(contentsOfFile: dir + "/paged.txt", encoding: .utf8)) ?? ""
        }
        #expect(paged.contains("Scenario baseline") && paged.contains("ICBs' positions"))
        #expect(t.leave(at: "baseline> ", since: t.screen.count - 12) == .leftWithStatus(0))
    }

    /// Lines typed ahead of long output (a paste) are not fed to the pager as its commands: the output is
    /// written whole and the next statement runs at the prompt.
    @Test func typeAheadIsNotEatenByThePager() throws {
        var (env, dir) = environment()
        env["PAGER"] = "cat > \(dir)/paged.txt"
        let t = try Terminal(environment: env)
        #expect(t.waitForPrompt("baseline> "))
        let mark = t.screen.count
        t.type("simulate\recho \"after the paste\"\r")
        #expect(t.waitFor("after the paste\r\n", since: mark + 40), "\(t.screen.suffix(400))")
        #expect(t.waitForPrompt("baseline> ", since: t.screen.count - 12))
        #expect(t.screen.dropFirst(mark).contains("Scenario baseline"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/paged.txt"), "the pager took the output and the typed line")
        #expect(t.leave(at: "baseline> ", since: t.screen.count - 12) == .leftWithStatus(0))
    }

    /// A history file hweplan did not write is never overwritten.
    @Test func aForeignHistoryFileIsLeftAlone() throws {
        let (env, dir) = environment()
        try "my own notes\n".write(toFile: dir + "/history", atomically: true, encoding: .utf8)
        let t = try Terminal(environment: env)
        #expect(t.waitForPrompt("baseline> "))
        t.type("echo \"hello\"\r")
        #expect(t.waitFor("hello\r\n"))
        #expect(t.screen.contains("was not written by hweplan"))
        #expect(t.leave(at: "baseline> ", since: t.screen.count - 12) == .leftWithStatus(0))
        #expect(try String(contentsOfFile: dir + "/history", encoding: .utf8) == "my own notes\n")
    }

    @Test func unwritableHistoryIsAWarningNotACrash() throws {
        let (env, _) = environment()
        var bad = env
        bad["HWEPLAN_HISTORY"] = "/proc/no-such-dir/history"
        let t = try Terminal(environment: bad)
        #expect(t.waitForPrompt("baseline> "))
        t.type("echo \"still here\"\r")
        #expect(t.waitFor("still here\r\n"))
        // An entry is kept in the history once it has run (it may have needed continuation lines), so the
        // warning follows its result.
        #expect(t.waitFor("warning: cannot write the history file"))
        #expect(t.leave(at: "baseline> ", since: t.screen.count - 12) == .leftWithStatus(0))
    }

    /// A journal folder that cannot be written is said at start: crash recovery is off (issue 27).
    @Test func anUnwritableJournalFolderIsSaid() throws {
        let (env, dir) = environment()
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        var bad = env
        bad["HWEPLAN_JOURNAL_DIR"] = dir + "/file/journals"
        let t = try Terminal(environment: bad)
        #expect(t.waitForPrompt("baseline> "))
        #expect(t.screen.contains("crash recovery is off"), "\(t.screen)")
        #expect(t.leave(at: "baseline> ", since: 0) == .leftWithStatus(0))
    }
}

extension InteractiveTests {
    /// Issue 26: at 80x24 with a 10-year horizon, the views a finance lead reaches for print no line wider
    /// than the terminal (tables show their years in blocks, charts and help fit the width).
    @Test func everyViewFitsEightyColumnsAtTenYears() throws {
        let t = try Terminal(environment: environment().env, columns: 80, rows: 24)
        #expect(t.waitForPrompt("baseline> "))
        for line in ["model horizon 10", "scenario new push", "shift 2% of acute to prevention in west-essex from 2027/28"] {
            t.type(line + "\r")
            t.pump(0.2)
        }
        #expect(t.waitForPrompt("push> "))
        for command in ["simulate", "compare baseline push", "montecarlo 1000 seed 1", "chart balance cumulative baseline push",
                        "show assumptions", "show smoking-prevalence by place", "help set", "show organisations"] {
            let mark = t.screen.count
            t.type(command + "\r")
            // The prompt, and libedit reading again: typed too early, the next command's echo would land in
            // this one's output.
            #expect(t.waitForPrompt("push> ", since: mark + command.count + 2), "\(command) gave no prompt back")
            let printed = String(t.screen.dropFirst(mark))
            let wide = printed.components(separatedBy: "\r\n").map(Self.withoutEscapes).filter { $0.count > 80 }
            #expect(wide.isEmpty, "\(command): \(wide.count) lines wider than 80 columns, e.g. \(wide.first ?? "")")
        }
        #expect(t.leave(at: "push> ", since: t.screen.count - 8) == .leftWithStatus(0))
    }

    /// What the terminal shows of a line: ANSI escapes (colour, libedit's redraws) and carriage returns dropped.
    static func withoutEscapes(_ line: String) -> String {
        var out = "", escape = false
        for ch in line.unicodeScalars {
            if escape { if (0x40...0x7E).contains(ch.value), ch != "[" { escape = false }; continue }
            if ch == "\u{1B}" { escape = true; continue }
            if ch == "\r" { continue }
            out.unicodeScalars.append(ch)
        }
        return out
    }
}

extension InteractiveTests {
    /// Issue 26: `-i --step` runs the demonstration, stopping at each pause, then stays at the prompt in the
    /// scenario it built.
    @Test func stepModeThenThePrompt() throws {
        let (env, dir) = environment()
        try "scenario new demo\necho \"step one\"\npause\ninvest £5m in prevention.falls\necho \"step two\"\n"
            .write(toFile: dir + "/demo.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(arguments: ["-i", "--step", dir + "/demo.scenario"], environment: env, columns: 80, rows: 24)
        #expect(t.waitFor("Enter goes on, q stops"))
        #expect(!t.screen.contains("step two"))
        t.type("\r")
        #expect(t.waitFor("step two"))
        #expect(t.waitForPrompt("demo> "))
        let mark = t.screen.count
        t.type("show levers\r")
        #expect(t.waitFor("invest £5m in prevention.falls", since: mark))
        #expect(t.leave(at: "demo> ", since: mark) == .leftWithStatus(0))
    }

    /// A statement typed at a pause (a question from the room) runs there, and the pause waits again; a
    /// mistyped one is an error that does not end the demonstration or fail it.
    @Test func aStatementTypedAtAPauseRuns() throws {
        let (env, dir) = environment()
        try "scenario new demo\necho \"step one\"\npause\necho \"step two\"\n"
            .write(toFile: dir + "/demo.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(arguments: ["--step", dir + "/demo.scenario"], environment: env, columns: 80, rows: 24)
        #expect(t.waitFor("Enter goes on, q stops"))
        var mark = t.screen.count
        t.type("show pah\r")
        #expect(t.waitFor("The Princess Alexandra Hospital NHS Trust (pah, provider)", since: mark))
        #expect(t.waitFor("Enter goes on, q stops", since: mark))
        mark = t.screen.count
        t.type("shoe pah\r")
        #expect(t.waitFor("did you mean 'show'?", since: mark))
        #expect(t.waitFor("Enter goes on, q stops", since: mark))
        #expect(!t.screen.contains("step two"))
        t.type("\r")
        #expect(t.waitFor("step two"))
        #expect(t.exitStatus() == 0)
    }

    /// A pause reads with line editing, as the prompt does (arrows and Backspace edit, they do not insert
    /// escapes), and quit, Ctrl-C or Ctrl-D there stop the demonstration as q does.
    @Test func aPauseEditsLikeThePromptAndStopsOnQuitOrCtrlC() throws {
        let (env, dir) = environment()
        try "scenario new demo\npause\necho \"step two\"\npause\necho \"step three\"\n"
            .write(toFile: dir + "/demo.scenario", atomically: true, encoding: .utf8)
        var t = try Terminal(arguments: ["--step", dir + "/demo.scenario"], environment: env, columns: 80, rows: 24)
        #expect(t.waitFor("pause> "))
        let mark = t.screen.count
        t.type("show pax\u{7F}h\u{1B}[D\u{1B}[C\r")
        #expect(t.waitFor("The Princess Alexandra Hospital NHS Trust (pah, provider)", since: mark), "\(t.screen.suffix(300))")
        t.type("quit\r")
        #expect(t.waitFor("(at the pause): lines 3 to 5 not run"))
        #expect(t.exitStatus() == 0)
        t = try Terminal(arguments: ["--step", dir + "/demo.scenario"], environment: env, columns: 80, rows: 24)
        #expect(t.waitFor("pause> "))
        t.pump(0.2)
        t.type("\u{03}")  // Ctrl-C as the key: the line editor reads it
        #expect(t.waitFor("(at the pause): lines 3 to 5 not run"), "\(t.screen.suffix(300))")
        #expect(t.exitStatus() == 130, "stopped by Ctrl-C: 130, as the contract says")
    }

    /// A script given on the command line holds the scenarios it made: with -i, quit does not call them unsaved.
    @Test func scenariosFromACommandLineScriptAreNotUnsaved() throws {
        let (env, dir) = environment()
        try "scenario new made\ninvest £1m in acute\n".write(toFile: dir + "/mk.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(arguments: ["-i", dir + "/mk.scenario"], environment: env, columns: 80, rows: 24)
        #expect(t.waitForPrompt("made> "))
        let mark = t.screen.count
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
        #expect(!t.screen.dropFirst(mark).contains("not saved"), "\(t.screen.suffix(300))")
    }

    /// Stopping the demonstration at a pause (q) ends the script, not the session: with -i the prompt follows,
    /// in the scenario built so far, and what did not run is named.
    @Test func stoppingAtAPauseStillGivesThePrompt() throws {
        let (env, dir) = environment()
        try "scenario new demo\necho \"step one\"\npause\ninvest £5m in prevention.falls\necho \"step two\"\n"
            .write(toFile: dir + "/demo.scenario", atomically: true, encoding: .utf8)
        let t = try Terminal(arguments: ["-i", "--step", dir + "/demo.scenario"], environment: env, columns: 80, rows: 24)
        #expect(t.waitFor("Enter goes on, q stops"))
        t.type("q\r")
        #expect(t.waitFor("stopped at line 3 (at the pause): lines 4 to 5 not run"))
        #expect(t.waitForPrompt("demo> "))
        #expect(!t.screen.contains("step two"))
        let mark = t.screen.count
        t.type("show levers\r")
        #expect(t.waitForPrompt("demo> ", since: mark + 12))
        #expect(!t.screen.dropFirst(mark).contains("invest £5m"))
        #expect(t.leave(at: "demo> ", since: mark) == .leftWithStatus(0))
    }
}
