#if canImport(Glibc)
import Glibc
#endif
import CEditShim
import PlanLanguage
import PlanSession
import PlanSupport

/// The interactive prompt: read a line (with continuation lines), remember it, run it, repeat.
final class Shell {
    let session: Session
    let host: TerminalHost
    private var lineNumber = 0

    init(session: Session, host: TerminalHost) { self.session = session; self.host = host }

    func run(banner: Bool) -> RunStatus {
        hw_guard_terminal(0)
        let editor = LineEditor(historyPath: HistoryPath.resolve())
        editor.complete = { [session] line, cursor in
            Completion.complete(line: line, cursor: cursor, vocabulary: session.vocabulary, files: FileNames.matching)
        }
        session.options.interactive = true
        if banner {
            // Wrapped at the terminal's width, so words are not cut at its edge.
            let title = "hweplan \(Arguments.version): \(session.model.name), \(session.model.yearLabel(1)) to \(session.model.yearLabel(session.model.years))."
            let text = Wrap.lines(title, width: session.options.width, indent: "  ").joined(separator: "\n") + "\n"
                + "Type 'help' for statements and Tab to complete; Ctrl-D or 'quit' leaves.\n"
                + "Start your own plan with: scenario new NAME\n"
            // With standard output piped (hweplan | tee log) the banner is for the person, on the terminal with
            // the prompt: through the pipe it would arrive after the first prompt.
            if isatty(1) == 0, isatty(2) == 1 { fputs(text, stderr) } else { host.write(text); host.flush() }
        }
        // The text still to run (statements before an unfinished one have run and are blanked, so lines and
        // columns stay as typed), and the whole entry as history will keep it.
        var pending = "", entry = ""
        var failed = false
        while true {
            let prompt = pending.isEmpty ? session.prompt : String(repeating: ".", count: 3) + "> "
            // Piped (hweplan | tee log), the results reach the terminal through the other program while the prompt
            // goes straight to it: a moment's grace lets the results land first, not around the prompt.
            if isatty(1) == 0 { host.flush(); usleep(20_000) }
            switch editor.read(prompt: prompt) {
            case .endOfFile:
                fputs("\n", stdout); fflush(stdout)
                if !session.confirmLeaving("leaving") { continue }
                return failed ? .failed : .ok
            case .interrupted:
                pending = ""; entry = ""
                hw_sigint_clear()
                continue
            case .text(let line):
                lineNumber += 1
                if pending.isEmpty && line.trimmingCharacters().isEmpty { continue }
                // An empty line ends a continuation: the statement runs as it stands (and says what it lacks).
                let ending = !pending.isEmpty && line.trimmingCharacters().isEmpty
                if !ending && line.hasSuffix("\\") {
                    pending += line + "\n"
                    entry += line + "\n"
                    continue
                }
                if ending {
                    while pending.hasSuffix("\n") || pending.hasSuffix("\\") || pending.hasSuffix(" ") { pending.removeLast() }
                } else {
                    pending += line
                    entry += line
                }
                // Locations read <stdin>:LINE:COL across the session: the entry starts at its own line number.
                let firstLine = max(1, lineNumber - pending.filter { $0 == "\n" }.count - (ending ? 1 : 0))
                hw_sigint_clear()
                session.interruptedRun = false
                // The terminal may have been resized since the last entry: results are laid out for it as it is.
                if isatty(1) == 1, case let width = Int(hw_terminal_width(1)), width > 0 { session.options.width = max(40, width) }
                var status: RunStatus
                host.beginEntry()
                switch SourceFile.decode(Array(pending.utf8), name: "<stdin>", firstLine: firstLine) {
                // A line means what it means in a file (LANGUAGE.md): the first error stops the rest of it.
                case .success(let source): status = session.run(source, stopOnError: true, continuable: !ending)
                case .failure(let d): host.writeError(d.rendered() + "\n"); status = .failed
                }
                host.endEntry()
                // The statements before an unfinished one have run; it waits for a continuation line.
                if case let .unfinished(at, failedBefore) = status {
                    pending = pending.blanked(before: at, firstLine: firstLine) + " \\\n"
                    entry += " \\\n"
                    if failedBefore { failed = true }
                    continue
                }
                editor.remember(entry.replacingBackslashNewlines())
                pending = ""; entry = ""
                if status == .failed { failed = true }
                if status == .quit { return .ok }
            }
        }
    }
}

extension String {
    /// The text with everything before `at` (a location in an entry whose first line is `firstLine`) turned to
    /// spaces, line ends kept: what is left reads at the same lines and columns.
    func blanked(before at: Location, firstLine: Int) -> String {
        var line = firstLine, column = 1
        var out = String.UnicodeScalarView()
        for u in unicodeScalars {
            let before = line < at.line || (line == at.line && column < at.column)
            out.append(before && u != "\n" ? " " : u)
            if u == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return String(out)
    }

    /// A multi-line entry as one history line.
    func replacingBackslashNewlines() -> String {
        var out = ""
        var chars = Array(self)
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\n" { out.append(" "); i += 2; continue }
            out.append(chars[i]); i += 1
        }
        chars = []
        var collapsed = ""
        for ch in out { if ch == " ", collapsed.last == " " { continue }; collapsed.append(ch) }
        return collapsed
    }
}
