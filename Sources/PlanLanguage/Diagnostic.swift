import PlanSupport

/// An error as a value: a stable id, a message, where it is, and notes that say what to do.
/// Rendered once, by `rendered()`; colour is the caller's business.
public struct Diagnostic: Error, Equatable, Sendable {
    /// Stable identifiers: tests and tools may match on them.
    public enum ID: String, Sendable {
        case invalidUTF8 = "invalid-utf8", lineTooLong = "line-too-long", unexpectedCharacter = "unexpected-character"
        case unterminatedString = "unterminated-string", invalidNumber = "invalid-number", invalidEscape = "invalid-escape"
        case expected, unknownStatement = "unknown-statement", unknownName = "unknown-name", wrongUnit = "wrong-unit"
        case yearOutOfRange = "year-out-of-range", backwardsPeriod = "backwards-period", sameCategory = "same-category"
        case levelOutOfRange = "level-out-of-range", periodOnScalar = "period-on-scalar", notFinite = "not-finite"
        case unfinished, nameInUse = "name-in-use", runTooDeep = "run-too-deep", noPlaces = "no-places"
        /// Raised by the session when a statement is well formed but cannot be carried out.
        case refused, assertionFailed = "assertion-failed", file
        /// Said by the session without stopping anything: a statement that changes nothing, unsaved scenarios,
        /// a demonstration stopped at a pause, a run interrupted.
        case changesNothing = "changes-nothing", unsaved, stopped, interrupted
    }

    /// How serious it is: an error stops a script (exit status 1); a warning or a note is said and the run goes on.
    public enum Severity: String, Sendable { case error, warning, note }

    public var id: ID
    public var severity = Severity.error
    public var message: String
    public var range: SourceRange?
    public var notes: [String]
    /// The line the range points into, kept so the diagnostic renders on its own.
    public var sourceLine: String?

    public init(_ id: ID, _ message: String, _ range: SourceRange?, notes: [String] = [], source: SourceFile? = nil, severity: Severity = .error) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        if let range, let source { sourceLine = String(source.line(range.start.line)) }
    }

    /// `error: file:line:col: message`, the line, a caret under the range, then the notes.
    /// The diagnostic as text. Given a terminal `width`, a source line wider than it shows the part around the
    /// error, cut with "…", so the terminal does not fold it and the caret stays under the offending word.
    public func rendered(width: Int? = nil) -> String {
        // At a width, the message wraps too; "error: FILE:LINE:COLUMN:" always starts its first line.
        func headline(_ text: String) -> [String] { width.map { Wrap.lines(text, width: $0, indent: "  ") } ?? [text] }
        guard let range else {
            return (headline("\(severity.rawValue): \(message)") + notes.flatMap { note in width.map { Wrap.lines("  " + note, width: $0, indent: "    ") } ?? ["  " + note] })
                .joined(separator: "\n")
        }
        var out = headline("\(severity.rawValue): \(range.file):\(range.start.line):\(range.start.column): \(message)")
        if let line = sourceLine {
            var shown = Array(line.replacingTabs())
            var column = max(0, range.start.column - 1)
            var span = range.end.line == range.start.line ? max(1, range.end.column - range.start.column) : 1
            if let width, shown.count > width - 2, width > 20 {
                let room = width - 2
                var from = max(0, min(column - room / 3, shown.count - room)), to = min(shown.count, from + room)
                if from > 0 { from += 1 }
                if to < shown.count { to -= 1 }
                let cut = (from > 0 ? ["…"] : []) + Array(shown[from..<to]) + (to < shown.count ? ["…"] : [])
                column = column - from + (from > 0 ? 1 : 0)
                span = max(1, min(span, cut.count - column))
                shown = cut
            }
            out.append("  " + String(shown))
            out.append("  " + String(repeating: " ", count: column) + "^" + String(repeating: "~", count: span - 1))
        }
        if let width {
            out += notes.flatMap { Wrap.lines("  " + $0, width: width, indent: "    ") }
            return out.joined(separator: "\n")
        }
        out += notes.map { "  " + $0 }
        return out.joined(separator: "\n")
    }
}

extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}
