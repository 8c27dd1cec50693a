/// A recursive-descent parser: one method per grammar rule, the rule written above it.
/// It reads one statement at a time, so names are checked against the session as it is then.
public struct Parser {
    /// The result of reading one statement.
    public enum Outcome: Equatable {
        case statement(Statement)
        case error(Diagnostic)
        /// The input ended inside a statement: the shell asks for more; a file reports it at its end.
        case incomplete(Diagnostic)
        case end
    }

    struct Failure: Error { var diagnostic: Diagnostic; var incomplete: Bool }

    public let source: SourceFile
    let tokens: [Token]
    var position = 0
    var vocabulary = Vocabulary()
    /// Filled when a rule looked at the end of the input: what it would have accepted there.
    public internal(set) var expectations: [Expectation] = []
    /// Where the statement `next` last read begins: a prompt keeps an unfinished statement from here.
    public private(set) var statementStart = Location(line: 1, column: 1)

    public init(_ source: SourceFile) {
        self.source = source
        self.tokens = Lexer.recoveringTokens(source)
    }

    /// Parses every statement of a source with one vocabulary (tests, `help` checks and dumps).
    public static func parseAll(_ source: SourceFile, vocabulary: Vocabulary) -> [Outcome] {
        var parser = Parser(source)
        var out: [Outcome] = []
        while true {
            let o = parser.next(vocabulary: vocabulary)
            if o == .end { return out }
            out.append(o)
        }
    }

    /// What to do about a word after a complete statement: the usual slips (a range written 'from A to B', a
    /// place or a level after the period) are named; otherwise end the statement.
    func trailingHelp() -> [String] {
        let previous = position > 0 ? tokens[position - 1].text : ""
        let afterYear = previous.contains("/") || previous.first == "y" && previous.dropFirst().allSatisfy(\.isNumber)
            || previous.count == 4 && previous.allSatisfy(\.isNumber)
        // The examples use the statement's own words: its year, and the year or place typed after it.
        let next = position + 1 < tokens.count ? tokens[position + 1].text : ""
        if current.text.lowercased() == "to", afterYear {
            let end = next.isEmpty ? "YEAR" : next
            return ["a range of years is written with '..': 'in \(previous)..\(end)' (or 'from \(previous)' for every year on)"]
        }
        if current.text.lowercased() == "in", afterYear {
            let place = next.isEmpty ? "PLACE" : next
            let before = position > 1 ? tokens[position - 2].text : "from"
            return ["the place comes before the period: '… in \(place) \(before) \(previous)'"]
        }
        if current.text.lowercased() == "at", afterYear {
            let level = next.isEmpty ? "LEVEL" : next
            let before = position > 1 ? tokens[position - 2].text : "from"
            return ["an enabler's level comes before the period: '… at \(level) \(before) \(previous)'"]
        }
        // The statement's first word: `risk … at 50% on pah` puts the owner last.
        var first = position
        while first > 0, tokens[first - 1].kind != .end { first -= 1 }
        let command = tokens[first].text.lowercased()
        if current.text.lowercased() == "on", command == "risk" || command == "mitigation" {
            return ["the owner comes before the period and the probability: '\(command) ID AMOUNT on ORG [PERIOD] [at PERCENT]'"]
        }
        if ["in", "from"].contains(current.text.lowercased()), previous.lowercased() == "non-recurrent" {
            let year = next.isEmpty ? "YEAR" : next
            return ["the period comes before 'non-recurrent': '… \(current.text) \(year) non-recurrent'"]
        }
        return ["end the statement here, or separate statements with ';'"]
    }

    /// Reads the next statement. After an error it skips to the end of that statement (panic mode),
    /// so one mistake gives one diagnostic.
    public mutating func next(vocabulary: Vocabulary) -> Outcome {
        self.vocabulary = vocabulary
        expectations = []
        while current.kind == .end { position += 1 }
        if current.kind == .eof { return .end }
        statementStart = current.range.start
        // A statement holding text the lexer could not read is reported as that error, once.
        var scan = position
        while scan < tokens.count, tokens[scan].kind != .end, tokens[scan].kind != .eof {
            if case .invalid(let d) = tokens[scan].kind {
                position = min(scan + 1, tokens.count - 1)
                while position < tokens.count - 1, tokens[position].kind != .end, tokens[position].kind != .eof { position += 1 }
                return d.id == .unfinished ? .incomplete(d) : .error(d)
            }
            scan += 1
        }
        let start = position
        do {
            let statement = try parseStatement()
            if current.kind != .end && current.kind != .eof {
                throw fail(.expected, "unexpected '\(current.text)' after the statement", current.range, trailingHelp())
            }
            return .statement(statement)
        } catch let f as Failure {
            while current.kind != .end && current.kind != .eof { position += 1 }
            if position == start { position += 1 }
            return f.incomplete ? .incomplete(f.diagnostic) : .error(f.diagnostic)
        } catch { fatalError("the parser throws only failures") }
    }

    // MARK: tokens

    var current: Token { tokens[min(position, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = current
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    var atEnd: Bool { current.kind == .end || current.kind == .eof }

    func fail(_ id: Diagnostic.ID, _ message: String, _ range: SourceRange, _ notes: [String] = []) -> Failure {
        Failure(diagnostic: Diagnostic(id, message, range, notes: notes, source: source), incomplete: false)
    }

    /// An error at the current token: "unfinished" at the end of the input, else "expected X, got Y".
    mutating func expected(_ what: String, _ notes: [String] = [], _ kinds: [Expectation]) -> Failure {
        if current.kind == .eof {
            expectations += kinds
            let d = Diagnostic(.unfinished, "unfinished statement: expected \(what)", current.range, notes: notes, source: source)
            return Failure(diagnostic: d, incomplete: true)
        }
        let got = current.kind == .end ? "end of statement" : "'\(current.text)'"
        return fail(.expected, "expected \(what), got \(got)", current.range, notes)
    }

    /// Whether the current token is the keyword `k` (any case); records it as expected at the end.
    mutating func check(_ keywords: String...) -> Bool {
        if current.kind == .eof { expectations += keywords.map(Expectation.keyword) }
        if case .word(let w) = current.kind { return keywords.contains(w.lowercased()) }
        return false
    }

    /// Consumes the keyword when present.
    mutating func accept(_ keyword: String) -> Bool {
        if check(keyword) { _ = advance(); return true }
        return false
    }

    mutating func expectKeyword(_ keyword: String, _ notes: [String] = []) throws -> Token {
        if check(keyword) { return advance() }
        throw expected("'\(keyword)'", notes, [.keyword(keyword)])
    }

    mutating func checkSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }

    /// A word token, lower-cased for keywords and identifiers.
    mutating func word(_ what: String, _ kinds: [Expectation]) throws -> Name {
        guard case .word(let w) = current.kind else { throw expected(what, [], kinds) }
        let t = advance()
        return Name(w.lowercased(), t.range)
    }

    /// A string token; `kind` says what it names (`.file` for a file name: Tab completes those).
    mutating func string(_ what: String, _ kind: Expectation = .file) throws -> (String, SourceRange) {
        guard case .string(let s) = current.kind else { throw expected(what, ["put it in double quotes: \"…\""], [kind]) }
        let t = advance()
        // A line break in a file's name splits every listing of it (and a confirmation reads as another file).
        if kind == .file, s.allSatisfy({ $0 == " " }) || s == "-" {
            throw fail(.expected, s == "-" ? "'-' is not a file name here (standard input is a command-line argument)" : "an empty file name (or one of spaces only) names nothing",
                       t.range, ["write the file's name, such as \"plan.scenario\""])
        }
        if kind == .file, s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail(.expected, "a file name cannot hold a line break, a tab or another control character", t.range,
                       ["write the name without it"])
        }
        return (s, t.range)
    }

    func range(from start: SourceRange) -> SourceRange {
        let last = tokens[max(0, min(position, tokens.count) - 1)]
        return SourceRange(file: start.file, start: start.start, end: last.range.end < start.start ? start.end : last.range.end)
    }

    /// The statement's text from its first to its last token, single-spaced.
    func text(from first: Int) -> String {
        var parts: [String] = []
        var i = first
        while i < position, i < tokens.count {
            let t = tokens[i]
            if t.kind == .end || t.kind == .eof { break }
            // Words are case-insensitive: the statement reads as the language writes it.
            if case .word(let w) = t.kind { parts.append(w.lowercased()) } else { parts.append(t.text) }
            i += 1
        }
        var out = ""
        for (k, p) in parts.enumerated() {
            if k > 0, p != "..", parts[k - 1] != ".." { out += " " }
            out += p
        }
        return out
    }
}
