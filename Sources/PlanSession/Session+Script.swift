import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// How a script or a prompt line ended.
public enum RunStatus: Equatable {
    case ok
    /// A statement or an assertion failed (exit status 1).
    case failed
    /// `quit`, or Ctrl-D in step mode.
    case quit
    /// At the prompt: every statement before this location ran; the one that starts here is unfinished, and
    /// the shell reads a continuation line for it (one parse decides "run" or "ask for more").
    case unfinished(Location, failed: Bool)
}

/// Running scripts and prompt lines: the same path for files, standard input, `-c` and the prompt.
extension Session {
    /// Runs every statement of a source, each parsed against the session as it stands after the one before.
    /// The first error stops the run unless `keepGoing`; at the prompt (`stopOnError` false) the rest of the line runs.
    /// Clears Ctrl-C once it has been acted on, remembering that it was pressed.
    func acknowledgeInterrupt() {
        interruptedRun = true
        host.clearInterrupt()
    }

    public func run(_ source: SourceFile, directory: String = ".", stopOnError: Bool = true, continuable: Bool = false) -> RunStatus {
        var parser = Parser(source)
        var status = RunStatus.ok
        directories.append(directory)
        defer { directories.removeLast() }
        while true {
            if host.interrupted {
                acknowledgeInterrupt()
                report(Diagnostic(.interrupted, "interrupted (Ctrl-C): the rest of \(source.name) was not run", nil), source)
                return .failed
            }
            let outcome = parser.next(vocabulary: vocabulary)
            switch outcome {
            case .end: return status
            case .statement(let statement):
                if options.step, statement.command != "echo", statement.command != "pause" {
                    // Machine-readable output stays clean: there the trainer's echo of each statement goes to stderr.
                    // Wrapped at words for the room's screen (the terminal would break it mid-word).
                    let echo = Wrap.lines(prompt + statement.text, width: options.width, indent: "    ").joined(separator: "\n") + "\n"
                    if options.echoStepsToStandardError { host.writeError(echo) } else { host.write(echo) }
                }
                nestedFailure = false
                let produced = execute(statement)
                write(produced, source)
                if quitRequested {
                    noteNotRun(source, after: statement.range.end, why: stoppedAtPause ? "at the pause" : "quit")
                    return .quit
                }
                if nestedFailure || produced.contains(where: { if case .diagnostic(let d) = $0 { return d.severity == .error } else { return false } }) {
                    status = .failed
                    if stopOnError && (!options.keepGoing || interruptedRun) { noteNotRun(source, after: statement.range.end); return status }
                    // Going on past a failed 'scenario new' or 'use', the statements that follow land on the scenario
                    // that was current: say which, since a script written for its own scenario now changes another.
                    if options.keepGoing {
                        if case .scenarioNew = statement.kind { noteStillOn(statement.text) } else if case .scenarioUse = statement.kind { noteStillOn(statement.text) }
                    }
                }
            case .error(let d):
                report(d, source)
                status = .failed
                if stopOnError && !options.keepGoing {
                    if let start = d.range?.start { noteNotRun(source, after: start) }
                    return status
                }
                if options.keepGoing, let start = d.range?.start {
                    let line = source.line(start.line), words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    if words.count >= 3, words[0] == "scenario", words[1] == "new" || words[1] == "use" {
                        noteStillOn(words.joined(separator: " "))
                    }
                }
            case .incomplete(var d):
                if continuable { return .unfinished(parser.statementStart, failed: status == .failed) }
                d.id = .unfinished
                if !d.message.hasSuffix("at the end of the input") { d.message += " at the end of the input" }
                report(d, source)
                return .failed
            }
        }
    }

    /// Writes a statement's outcomes: results to standard output in the session's format, diagnostics to
    /// standard error.
    func write(_ produced: [Outcome], _ source: SourceFile) {
        for outcome in produced {
            if case .diagnostic(let d) = outcome { report(d, source); continue }
            guard !muted, var text = outcome.render(options.format, width: options.width, style: options.style) else { continue }
            // --provenance: each JSON result says what made it (version, model hash, the scenario's statements' hash).
            if options.format == .json, options.provenance { text = provenance().stamped(text) }
            // In Markdown each result is a block of its own: a table runs on until a blank line.
            host.write((text.hasSuffix("\n") ? text : text + "\n") + (options.format == .markdown ? "\n" : ""))
        }
    }

    /// Writes a diagnostic to standard error, with the source line under it; an error marks the session failed.
    /// After a script stops at an error, what it leaves unrun is named (nothing is skipped silently): the lines
    /// after the failing one that hold a statement. A one-line entry at the prompt says nothing more.
    func noteNotRun(_ source: SourceFile, after end: Location, why: String? = nil) {
        let line = end.line
        func holdsStatement(_ text: Substring) -> Bool {
            let t = text.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            return !t.isEmpty && !t.hasPrefix("#")
        }
        // Statements after a ';' that follows the failure on its line, then the lines after it that hold one.
        let tail = source.line(line).dropFirst(max(0, end.column - 1))
        let sameLine = tail.firstIndex(of: ";").map { holdsStatement(tail[tail.index(after: $0)...]) } ?? false
        let rest = source.lines.indices.map { $0 + 1 }.filter { $0 > line && holdsStatement(source.line($0)) }
        var parts: [String] = sameLine ? ["the rest of line \(line)"] : []
        if let first = rest.first, let last = rest.last { parts.append(first == last ? "line \(first)" : "lines \(first) to \(last)") }
        guard !parts.isEmpty else { return }
        writeDiagnostic(Diagnostic(.stopped, "\(source.name) stopped at line \(line)\(why.map { " (\($0))" } ?? ""): \(parts.joined(separator: " and ")) not run",
                                   nil, severity: .note))
    }

    func noteStillOn(_ statement: String) {
        writeDiagnostic(Diagnostic(.stopped, "'\(statement)' failed: the statements that follow go to '\(currentName)', the current scenario",
                                   nil, severity: .note))
    }

    func report(_ diagnostic: Diagnostic, _ source: SourceFile) {
        var d = diagnostic
        if d.sourceLine == nil, let range = d.range, range.file == source.name { d.sourceLine = String(source.line(range.start.line)) }
        writeDiagnostic(d)
    }

    func writeDiagnostic(_ d: Diagnostic) {
        if d.severity == .error {
            hadFailure = true
            if host.interrupted { acknowledgeInterrupt() }
        }
        host.writeError(Outcome.diagnosticText(d, width: options.width, style: options.style) + "\n")
    }

    /// Resolves a path against the directory of the script being run.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let dir = directories.last ?? "."
        return dir == "." || dir.isEmpty ? path : dir + "/" + path
    }

    public func directoryOf(_ path: String) -> String { directory(of: path) }

    /// The folder relative paths resolve against now: the running script's, or the shell's (".").
    public var baseDirectory: String { directories.last ?? "." }

    /// A path without `.` segments or repeated slashes, so `./a.scenario` and `a.scenario` are one script.
    static func plainPath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // run "FILE"
    func runFile(_ file: String, _ range: SourceRange) throws {
        guard directories.count <= Session.maxRunDepth else {
            throw refuse("scripts run each other more than \(Session.maxRunDepth) deep", range,
                         ["a script probably runs itself; check its 'run' statements"], id: .runTooDeep)
        }
        let path = resolve(file)
        // A script that runs itself, directly or through others, is refused at once (not 16 runs deep).
        if let first = runningScripts.firstIndex(of: Session.plainPath(path)) {
            let chain = (runningScripts[first...] + [Session.plainPath(path)]).joined(separator: " → ")
            throw refuse("'\(file)' is already running (\(chain)): a script that runs itself would never end", range,
                         ["take the 'run' out of the script it runs"], id: .runTooDeep)
        }
        let bytes: [UInt8]
        do { bytes = try host.readFile(path) } catch {
            throw refuse("cannot read '\(file)': \(error)", range, ["paths are relative to the running script"], id: .file)
        }
        let source: SourceFile
        switch SourceFile.decode(bytes, name: path) {
        case .success(let s): source = s
        case .failure(var d):
            // Read and checked whole before anything runs: none of it ran.
            d.notes.append("nothing in \(file) was run")
            throw d
        }
        let status = runScript(source, directory: directory(of: path))
        if status != .ok { throw Nested(quit: status == .quit) }
    }

    /// Runs a script file (`run`, or a FILE on the command line): a scenario it made, when it ran to its end, is
    /// in the script, so leaving does not call it unsaved until it is changed.
    public func runScript(_ source: SourceFile, directory: String) -> RunStatus {
        let existing = Set(scenarios.map(\.name))
        runningScripts.append(Session.plainPath(source.name))
        defer { runningScripts.removeLast() }
        let status = run(source, directory: directory)
        if status == .ok {
            for s in scenarios where !existing.contains(s.name) { savedStatements[s.name] = s.statements.map(\.text) }
        }
        return status
    }

    /// A nested script failed (and has reported its own diagnostic) or quit.
    struct Nested: Error { var quit: Bool }

    // save "FILE" [replace]
    func save(_ file: String, replace: Bool, _ range: SourceRange) throws {
        let s = current
        // save writes a script; a name that promises a document would open as garbage.
        if let ext = foreignExtension(file, allowed: ["txt"]) {
            throw refuse("save writes a scenario script, not .\(ext)", range, ["name it .scenario: save \"\(file.dropLast(ext.count))scenario\""], id: .file)
        }
        guard s.name != "baseline" else {
            throw refuse("the baseline has no statements to save", range, ["save a scenario of your own: scenario new NAME, then save"])
        }
        var lines = ["# hweplan scenario '\(s.name)'",
                     "# model: \(model.name) (content hash \(ModelHash.hex(model)))",
                     "# saved: \(host.today())"]
        // A horizon changed in the session is part of what the statements mean (their years may lie beyond
        // the model file's own).
        if model.years != loadedYears { lines.append("model horizon \(model.years)") }
        lines.append("scenario new \(s.name)")
        lines += s.statements.map(\.text)
        try writeFile(file, Array((lines.joined(separator: "\n") + "\n").utf8), replace: replace, range)
        savedStatements[s.name] = s.statements.map(\.text)
        confirm(.scenarioSaved(s.name, statements: s.statements.count, file: resolve(file)))
    }

    /// Writes a file atomically, refusing to overwrite any file unless `replace`.
    /// `statement` and `scenarios` spell the statement again in the hint to add `replace`.
    func writeFile(_ file: String, _ bytes: [UInt8], replace: Bool, _ range: SourceRange, statement: String = "save",
                   scenarios: [String] = []) throws {
        let path = resolve(file)
        // Ctrl-C while the document was being built (its Monte Carlo, its explanations) leaves it incomplete:
        // nothing is written, and a file it would replace stays as it was.
        if host.interrupted {
            throw refuse("interrupted (Ctrl-C) before '\(file)' was complete: nothing was written", range,
                         [host.fileExists(path) ? "'\(file)' is as it was" : "run the statement again to write it"], id: .file)
        }
        if !replace, host.fileExists(path) {
            // Something there that cannot be read (a folder, a device, a file we may not read) is named as such,
            // not offered 'replace'.
            let existing: [UInt8]
            do { existing = try host.readFile(path) } catch {
                throw refuse("cannot write '\(file)': \(error)", range, ["write to another name (or, to overwrite a file, add 'replace')"], id: .file)
            }
            // LANGUAGE.md: a write never replaces a file that exists unless it ends in `replace`, even with the
            // same bytes (a script that saves twice is told, the same way every time).
            // In a script in another folder, the path used, as its confirmation would give it.
            let named = path == file ? "'\(file)'" : "'\(file)' (\(path))"
            throw refuse(existing == bytes ? "\(named) exists (it already holds exactly what this would write)" : "\(named) exists and is different",
                         range, ["add 'replace' to overwrite it: " + ([statement, "\"\(file)\""] + scenarios + ["replace"]).joined(separator: " ")], id: .file)
        }
        do { try host.writeFileAtomically(path, bytes) } catch {
            throw refuse("cannot write '\(file)': \(error)", range, [], id: .file)
        }
    }

    // model load "FILE"
    func loadModel(_ file: String, _ range: SourceRange) throws {
        let path = resolve(file)
        let bytes: [UInt8]
        do { bytes = try host.readFile(path) } catch { throw refuse("cannot read '\(file)': \(error)", range, [], id: .file) }
        let loaded: Model
        let warnings: [String]
        do { (loaded, warnings) = try ModelFile.loadWithWarnings(bytes, name: file) } catch let e as ModelFile.Failure {
            throw refuse("\(file): \(e)", range, ["the model was not changed"], id: .file)
        }
        replaceModel(loaded)
        for caution in warnings {
            emit(.diagnostic(Diagnostic(.wrongUnit, "\(file): \(caution)", range, severity: .warning)))
        }
        confirm(.modelLoaded(name: loaded.name, file: resolve(file), categories: loaded.categories.count, enablers: loaded.enablers.count, metrics: loaded.metrics.count))
    }
}
