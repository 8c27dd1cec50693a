import Foundation
import Testing

/// The prompt as a finance lead meets it, through a real pseudo-terminal.
@Suite(.serialized) struct InteractiveTests {
    func environment() -> (env: [String: String], dir: String) {
        let dir = Binary.temporaryDirectory()
        return (["HOME": dir, "HWEPLAN_HISTORY": dir + "/history"], dir)
    }

    @Test func tabCompletesAStatementWordThenRuns() throws {
        let t = try Terminal(environment: environment().env)
        #expect(t.waitForPrompt("baseline> "))
        let mark = t.screen.count
        // libedit redraws the completed word with escapes between the pieces, so judge by what runs.
        t.type("sim\t")
        t.pump(0.2)
        t.type("\r")
        #expect(t.waitFor("Objective, balanced every year", since: mark))
        #expect(t.leave(at: "baseline> ", since: mark + 20) == .leftWithStatus(0))
    }

    @Test func tabCompletesACategoryAfterShift() throws {
        let t = try Terminal(environment: environment().env)
        #expect(t.waitForPrompt("baseline> "))
        t.type("scenario new push\r")
        #expect(t.waitForPrompt("push> "))
        let mark = t.screen.count
        t.type("shift 2% of acu\t")
        t.pump(0.2)
        t.type("to prevention\r")
        #expect(t.waitFor("push: shift 2% of acute to prevention", since: mark))
        #expect(t.leave(at: "push> ", since: mark + 20) == .leftWithStatus(0))
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
        let t = try Terminal(environment: environment().env)
        #expect(t.waitForPrompt("baseline> "))
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

    @Test func controlDExitsZeroAndAnUnfinishedLineContinues() throws {
        let t = try Terminal(environment: environment().env)
        #expect(t.waitForPrompt("baseline> "))
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
        let t = try Terminal(environment: environment().env)
        #expect(t.waitForPrompt("baseline> "))
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
        t.type("quit\r")
        #expect(t.exitStatus() == 0)
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

    @Test func unwritableHistoryIsAWarningNotACrash() throws {
        let (env, _) = environment()
        var bad = env
        bad["HWEPLAN_HISTORY"] = "/proc/no-such-dir/history"
        let t = try Terminal(environment: bad)
        #expect(t.waitForPrompt("baseline> "))
        t.type("echo \"still here\"\r")
        #expect(t.waitFor("still here\r\n"))
        #expect(t.screen.contains("warning: cannot write the history file"))
        #expect(t.leave(at: "baseline> ", since: t.screen.count - 12) == .leftWithStatus(0))
    }
}
