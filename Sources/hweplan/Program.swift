#if canImport(Glibc)
import Glibc
#endif
import CEditShim
import PlanLanguage
import PlanModel
import PlanRender
import PlanSession
import PlanSupport

/// One run of the program once its arguments are understood: load the model, then run scripts, statements
/// or the prompt, and say the exit status (README.md, exit status).
struct Program {
    let arguments: Arguments
    let format: OutputFormat

    func run() -> Int32 {
        let host = TerminalHost()
        defer { host.flush() }
        hw_install_sigint()
        // A reader that goes away (hweplan … | head -1) is a write that fails: said, and exit status 1, as the
        // README gives for results that cannot be written, rather than death by SIGPIPE (141).
        signal(SIGPIPE, SIG_IGN)
        // A model that cannot be read and one that is invalid fail alike: exit 1, naming the file.
        let model: Model
        do {
            if let path = arguments.model {
                let warnings: [String]
                (model, warnings) = try ModelFile.loadWithWarnings(try host.readFile(path), name: path)
                for caution in warnings { fputs("warning: \(path): \(caution)\n", stderr) }
            } else {
                model = try ModelLoader.load(json: DefaultModel.json)
            }
        } catch let e as ModelFile.Failure {
            fputs("error: \(arguments.model ?? "built-in model"): \(e)\n", stderr)
            return 1
        } catch let e as ModelError {
            fputs("error: \(arguments.model ?? "built-in model"): \(e)\n", stderr)
            return 1
        } catch {
            fputs("error: cannot read model file '\(arguments.model ?? "")': \(error)\n", stderr)
            return 1
        }

        // libedit drops non-ASCII characters unless the C library knows the locale is UTF-8.
        if setlocale(LC_CTYPE, "") == nil || !String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF") {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        let stdinTerminal = isatty(0) == 1, stdoutTerminal = isatty(1) == 1
        let term = HistoryPath.env("TERM") ?? ""
        let plain = arguments.noColor || getenv("NO_COLOR") != nil || term == "dumb"
        var options = Options()
        options.format = format
        options.echoStepsToStandardError = format == .json
        options.keepGoing = arguments.keepGoing
        options.provenance = arguments.provenance
        if arguments.provenance && format != .json {
            host.writeError("note: --provenance adds a key to JSON results only: it has no effect without --format json (exports always carry provenance)\n")
        }
        options.style = Style(color: stdoutTerminal && !plain, unicode: !plain)
        host.keepingStyles = options.style.color
        options.width = stdoutTerminal ? max(40, Int(hw_terminal_width(1))) : 80
        if options.width == 40 && hw_terminal_width(1) == 0 { options.width = 80 }
        if let threads = HistoryPath.env("HWEPLAN_THREADS").flatMap(Int.init), threads > 0 { options.monteCarlo.threads = threads }
        if HistoryPath.env("HWEPLAN_SIMD") == "off" { options.monteCarlo.lanes = false }
        let session = Session(model: model, host: host, options: options)
        /// Every way a script run can fail (unreadable, undecodable, a statement, its results unwritable) is 1;
        /// Ctrl-C is 130.
        func exitStatus(failed: Bool) -> Int32 {
            host.flush()
            if let why = host.writeFailure {
                fputs("error: the results could not be written to standard output: \(why)\n", stderr)
                return 1
            }
            if session.interruptedRun || host.sawInterrupt { return 130 }
            return failed || session.hadFailure ? 1 : 0
        }
        var failed = false

        func runScript(_ path: String) -> RunStatus {
            let bytes: [UInt8]
            // `-` is standard input, as for cat: a script piped in among files (`hweplan a.scenario - b.scenario`).
            if path == "-" {
                switch Program.readStandardInput() {
                case .bytes(let read): bytes = read
                case .interrupted: host.clearInterrupt(); session.interruptedRun = true; return .failed
                case .failed(let why): host.writeError("error: \(why)\n"); failed = true; return .failed
                }
                switch SourceFile.decode(bytes, name: "<stdin>") {
                case .success(let source): return session.runScript(source, directory: ".")
                case .failure(let d): host.writeError(d.rendered() + "\n" + Program.nothingRun("<stdin>")); failed = true; return .failed
                }
            }
            do { bytes = try host.readFile(path) } catch {
                host.writeError("error: cannot read '\(path)': \(error)\n")
                failed = true
                return .failed
            }
            switch SourceFile.decode(bytes, name: path) {
            case .success(let source): return session.runScript(source, directory: session.directoryOf(path))
            case .failure(let d): host.writeError(d.rendered() + "\n" + Program.nothingRun(path)); failed = true; return .failed
            }
        }

        // Step mode: each step's output paged a screen at a time before its pause; with -i the prompt follows.
        var stepped = false
        if let step = arguments.step {
            session.options.step = true
            host.pauseCompletion = { [session] line, cursor in
                Completion.complete(line: line, cursor: cursor, vocabulary: session.vocabulary, files: FileNames.matching)
            }
            if stdoutTerminal { host.pager = Program.pager(); host.beginEntry() }
            let status = runScript(step)
            host.endEntry()
            host.pager = nil
            session.options.step = false
            // Stopping at a pause ends the demonstration, not the session: with -i the prompt follows.
            if !arguments.i || (status == .quit && !session.stoppedAtPause) || session.interruptedRun { return exitStatus(failed: failed) }
            stepped = true
        }
        // With -i the prompt follows the scripts: what they changed is journalled once the prompt's journal
        // starts (a session recovered after kill -9 would otherwise replay the prompt's statements on nothing).
        let startHash = ModelHash.hex(session.model), startDirectory = Program.workingDirectory()
        var early: [(statement: String, directory: String?)] = []
        if arguments.i && stdinTerminal {
            session.journal = { [session] statement in early.append((statement, Program.absolute(session.baseDirectory, from: startDirectory))) }
        }
        // Scripts, then -c statements. The first failure stops them (unless --keep-going); with -i the
        // prompt still follows. `quit` ends everything, but a failure before it still makes the status 1.
        var quit = false
        // Whether a run's status ends the scripts; when it does, what it leaves unrun is named, so nothing is
        // skipped silently. `name` is the run as the note names it.
        func ends(_ status: RunStatus, _ name: String, files: ArraySlice<String>, commands: Int) -> Bool {
            let quitting = status == .quit
            guard quitting || (status == .failed && (!arguments.keepGoing || session.interruptedRun)) else { return false }
            if quitting { quit = true }
            let rest = files.map { "'\($0)'" } + (commands > 0 ? ["\(commands) -c statement\(commands == 1 ? "" : "s")"] : [])
            if !rest.isEmpty {
                let why = quitting ? "\(name) ended with quit" : session.interruptedRun ? "interrupted" : "\(name) failed (--keep-going runs the rest)"
                host.writeError("note: \(rest.joined(separator: ", ")) not run: \(why)\n")
            }
            return true
        }
        scripts: do {
            for (i, file) in arguments.files.enumerated() {
                if ends(runScript(file), "'\(file)'", files: arguments.files.dropFirst(i + 1), commands: arguments.c.count) { break scripts }
            }
            for (n, text) in arguments.c.enumerated() {
                let name = arguments.c.count == 1 ? "<command>" : "<command \(n + 1)>"
                let status: RunStatus
                switch SourceFile.decode(Array(text.utf8), name: name) {
                case .success(let source): status = session.run(source)
                case .failure(let d): host.writeError(d.rendered() + "\n" + Program.nothingRun(name)); status = .failed; failed = true
                }
                if ends(status, name, files: [], commands: arguments.c.count - n - 1) { break scripts }
            }
        }
        let ranSomething = stepped || !arguments.files.isEmpty || !arguments.c.isEmpty
        if quit || (ranSomething && !arguments.i) || session.interruptedRun { return exitStatus(failed: failed) }

        // A terminal on standard input gives the prompt, even when standard output is piped (hweplan | tee log).
        if stdinTerminal {
            host.flush()
            let failedBefore = session.hadFailure || failed
            session.interruptedRun = false
            host.forgetInterrupt()
            let journal = Program.startJournal(session: session, host: host, modelHash: startHash, early: early)
            if stdoutTerminal { host.pager = Program.pager() }
            let shell = Shell(session: session, host: host)
            _ = shell.run(banner: !ranSomething)
            host.flush()
            journal?.remove()
            // At the prompt mistakes are corrected as you go: leaving is status 0 unless a script failed first.
            return failedBefore ? 1 : 0
        }
        // Standard input that is not a terminal is a script: no banner, prompt or colour.
        let bytes: [UInt8]
        switch Program.readStandardInput() {
        case .bytes(let read): bytes = read
        case .interrupted: host.clearInterrupt(); return 130
        case .failed(let why): fputs("error: \(why)\n", stderr); return 1
        }
        switch SourceFile.decode(bytes, name: "<stdin>") {
        case .success(let source):
            _ = session.run(source)
            return exitStatus(failed: false)
        case .failure(let d):
            host.writeError(d.rendered() + "\n" + Program.nothingRun("<stdin>"))
            return 1
        }
    }
}

extension Program {
    enum StandardInput { case bytes([UInt8]), interrupted, failed(String) }

    /// Standard input read whole as a script: its size bounded like a file's, and Ctrl-C stops the read.
    static func readStandardInput() -> StandardInput {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if hw_sigint_pending() != 0 { return .interrupted }
            let n = Glibc.read(0, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n < 0 { return .failed("cannot read standard input: \(String(cString: strerror(errno)))") }
            if n == 0 { return .bytes(bytes) }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > TerminalHost.maxFileBytes { return .failed("standard input is longer than \(TerminalHost.maxFileBytes >> 20) MiB") }
        }
    }

    /// A script that cannot be decoded is read whole before any statement runs: none of it ran (nothing is
    /// skipped silently).
    static func nothingRun(_ name: String) -> String {
        Diagnostic(.stopped, "nothing in \(name) was run: a script is read and checked whole before its first statement runs", nil,
                   severity: .note).rendered() + "\n"
    }

    /// $PAGER when set (empty: no pager), else `less -FRX` when less is installed.
    static func pager() -> String? {
        if let p = getenv("PAGER") {
            let s = String(cString: p)
            guard !s.trimmingCharacters().isEmpty else { return nil }
            // A pager that is not there would swallow the output it was given: printed directly instead, and said.
            let program = String(s.trimmingCharacters().split(separator: " ").first ?? "")
            let found = program.contains("/") ? access(program, X_OK) == 0
                : (HistoryPath.env("PATH") ?? "/usr/bin:/bin").split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
            if !found { fputs("note: the pager '\(program)' (PAGER) is not found: long output is printed without one\n", stderr); return nil }
            return s
        }
        return access("/usr/bin/less", X_OK) == 0 ? "less -FRX" : nil
    }

    /// The folder the program started in, absolute; nil if it cannot be told (removed under it).
    static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(cString: buffer)
    }

    /// A folder relative paths resolve against, made absolute from the folder the program started in.
    static func absolute(_ base: String, from start: String?) -> String? {
        base.hasPrefix("/") ? base : base == "." || base.isEmpty ? start : start.map { $0 + "/" + base }
    }

    /// Offers back a session on this model that ended without `quit` (one question), then starts this
    /// session's journal. Returns nil when there is nowhere to keep one.
    /// `modelHash`: the model the session started on (what a recovery replays on); `early`: what scripts run
    /// before the prompt (with -i) changed, journalled first.
    static func startJournal(session: Session, host: TerminalHost, modelHash: String, early: [(statement: String, directory: String?)]) -> Journal? {
        // Until a journal is kept, nothing is (the scripts' buffer, with -i, is done with).
        session.journal = nil
        guard let directory = Journal.directory() else {
            host.writeError("note: crash recovery is off: there is no folder to keep the session journal in (set HOME, XDG_STATE_HOME or HWEPLAN_JOURNAL_DIR)\n")
            return nil
        }
        // A journal in a folder others may write to would never be offered back (it could be planted): say so now,
        // not after a crash, and keep none.
        guard Journal.trusted(directory) else {
            host.writeError("warning: crash recovery is off: others may write to \(directory), so a journal there could not be trusted; "
                            + "set HWEPLAN_JOURNAL_DIR to a folder only you can write\n")
            return nil
        }
        let hash = modelHash
        let journal = Journal(directory: directory, modelHash: hash, date: host.today())
        for record in early { journal?.append(record.statement, directory: record.directory) }
        if journal == nil {
            host.writeError("note: crash recovery is off: the session journal cannot be written in \(directory) (\(String(cString: strerror(errno))))\n")
        }
        // Each statement with the folder its relative paths resolve against, made absolute.
        let start = Program.workingDirectory()
        session.journal = { statement in
            guard let journal, let why = journal.append(statement, directory: Program.absolute(session.baseDirectory, from: start)) else { return }
            host.writeError("warning: this statement could not be written to the session journal (\(why)): it is not kept for crash recovery\n")
        }
        Journal.prune(directory)
        let orphans = Journal.orphans(in: directory).filter { !$0.statements.isEmpty || $0.corruptLine != nil }
        let same = orphans.filter { $0.model == hash }, other = orphans.filter { $0.model != hash }
        // A session on this model first; else the latest on another model (an edited model file, an upgraded
        // built-in model), offered against this one with a warning that its statements may mean something else.
        guard let orphan = same.last ?? other.last else { return journal }
        let elsewhere = orphan.model != hash
        let leftOver = (elsewhere ? other.count - 1 : other.count)
        // The paragraphs wrapped at the terminal's width, at word boundaries.
        let width = isatty(1) == 1 && hw_terminal_width(1) > 0 ? max(40, Int(hw_terminal_width(1))) : 80
        func say(_ paragraph: String) {
            host.write(Wrap.lines(String(paragraph.dropLast()), width: width, indent: "  ").joined(separator: "\n") + "\n")
        }
        // Several on this model: the latest is offered; the others wait, and are said.
        if !elsewhere, same.count > 1 {
            say("\(same.count - 1) earlier session\(same.count == 2 ? "" : "s") on this model also ended without quit; "
                + "\(same.count == 2 ? "it is" : "they are") kept in \(directory) and offered one at a time at the next starts.\n")
        }
        if leftOver > 0 {
            say("\(leftOver) other session\(leftOver == 1 ? "" : "s") journalled on another model ended without quit; "
                       + "\(leftOver == 1 ? "it is" : "they are") kept in \(directory): start hweplan with that model to recover \(leftOver == 1 ? "it" : "them").\n")
        }
        // The scenarios it would give back, as they stand at its end: renamed and dropped ones followed, undo and
        // redo too (each journalled change but simulate can be undone), a model load clears them.
        var names: [String] = [], undone: [[String]] = [], redone: [[String]] = []
        for s in orphan.statements {
            let words = s.split(separator: " ").map(String.init)
            switch words.first {
            case "undo": if let before = undone.popLast() { redone.append(names); names = before }
            case "redo": if let after = redone.popLast() { undone.append(names); names = after }
            case "simulate": break
            default:
                undone.append(names); redone.removeAll()
                if words.count >= 2, words[0] == "model", words[1] == "load" { names = []; undone = []; continue }
                guard words.count >= 3, words[0] == "scenario" else { continue }
                switch words[1] {
                case "new": names.append(words[2])
                case "drop": names.removeAll { $0 == words[2] }
                case "rename" where words.count >= 4: names = names.map { $0 == words[2] ? words[3] : $0 }
                default: break
                }
            }
        }
        say("A session \(elsewhere ? "on another model" : "on this model") ended without quit (started \(orphan.started)): \(orphan.statements.count) statement"
                   + "\(orphan.statements.count == 1 ? "" : "s")" + (names.isEmpty ? "" : ", scenario\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))") + ".\n")
        if elsewhere {
            say("It was journalled on model \(orphan.model); this session's model is \(hash) (the model file was edited, another was loaded, "
                       + "or hweplan's built-in model changed). Recovered against this model, its statements may give other figures, and any that "
                       + "no longer apply are skipped and counted.\n")
        }
        if let line = orphan.corruptLine {
            say("Its record on line \(line) fails its checksum: recovery would stop before it, and the journal is kept.\n")
        }
        // What it would replay, with any statement that writes or runs a file named.
        for (i, statement) in orphan.statements.enumerated().prefix(12) {
            let first = statement.split(separator: " ").prefix(2).joined(separator: " ")
            let writes = ["save", "export", "report", "model save"].contains { first == $0 || first.hasPrefix($0 + " ") }
            let runs = first.hasPrefix("run ") || first == "run"
            host.write("  \(i + 1). \(statement)" + (writes ? "   ← writes a file" : runs ? "   ← runs a script" : "") + "\n")
        }
        if orphan.statements.count > 12 { host.write("  … and \(orphan.statements.count - 12) more\n") }
        let writers = orphan.statements.filter { s in ["save ", "export ", "report ", "model save ", "run "].contains { s.hasPrefix($0) } }.count
        if writers > 0 { host.write("\(writers) of them write\(writers == 1 ? "s" : "") or run\(writers == 1 ? "s" : "") a file.\n") }
        let question = elsewhere ? "Recover it against this model? [y/N] " : "Recover it? [y/N] "
        host.write(question)
        host.flush()
        // Only y/yes, n/no or an empty line (the default, no) answer. A line typed ahead before the question
        // appeared (a statement, say) asks again rather than declining in the user's name.
        // Ctrl-C decides nothing: the journal stays as it is, to be offered at the next start.
        func ask() -> String? {
            guard let raw = hw_read_answer() else {
                if hw_sigint_pending() != 0 { return nil }
                return ""  // end of input: the default, no
            }
            defer { free(raw) }
            return String(cString: raw).trimmingCharacters().lowercased()
        }
        func undecided() -> Journal? {
            hw_sigint_clear()
            host.forgetInterrupt()
            host.write("\n")
            say("Not decided (Ctrl-C): the session is kept as it was and offered again at the next start.\n")
            return journal
        }
        guard var answer = ask() else { return undecided() }
        while !["", "y", "yes", "n", "no"].contains(answer) {
            host.write("Please answer y (recover) or n (keep it aside), not '\(InertText.inert(String(answer.prefix(40)), keepingStyles: false))'. "
                       + question)
            host.flush()
            guard let next = ask() else { return undecided() }
            answer = next
        }
        guard answer == "y" || answer == "yes" else {
            rename(orphan.path, orphan.path + ".declined")
            // Nothing typed is lost: the journal is set aside, and how to have it offered again is said.
            say("Not recovered; it is kept as \(orphan.path).declined. To be offered it again, rename it back "
                + "(mv '\(orphan.path).declined' '\(orphan.path)') and start hweplan\(elsewhere ? " with its model" : ""); "
                + "only the newest \(Journal.keptAside) set-aside sessions are kept.\n")
            return journal
        }
        // Replayed through the session as typed, so this session's journal holds them again.
        session.muted = true
        journal?.deferSync = true
        var failed = 0, replayed = 0
        for (statement, directory) in zip(orphan.statements, orphan.directories) {
            // Ctrl-C stops the replay between statements; the journal stays as it was, to be offered again.
            if host.interrupted { break }
            // Its relative paths resolve where they did (a script's folder, the shell's), wherever this one starts.
            if session.run(SourceFile(name: "<journal>", text: statement), directory: directory ?? ".") != .ok { failed += 1 }
            replayed += 1
        }
        journal?.deferSync = false
        if let why = journal?.sync() { host.writeError("warning: the recovered statements could not be synced to this session's journal (\(why))\n") }
        session.muted = false
        if replayed < orphan.statements.count {
            host.clearInterrupt()
            say("Recovery stopped by Ctrl-C after \(replayed) of \(orphan.statements.count) statements; the journal is kept as it was "
                + "(\(orphan.path)) and will be offered again at the next start.\n")
            return journal
        }
        // Kept, never deleted: renamed aside, so a second start does not offer it again.
        rename(orphan.path, orphan.path + ".recovered")
        say("Recovered \(orphan.statements.count - failed) statement\(orphan.statements.count - failed == 1 ? "" : "s")"
            + (failed > 0 ? " (\(failed) could not be replayed)" : "")
            + (orphan.corruptLine.map { ", up to the corrupt record on line \($0)" } ?? "")
            + "; now on '\(session.currentScenario)'. The journal is kept as \(orphan.path).recovered\n")
        return journal
    }
}

