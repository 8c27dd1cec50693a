import PlanSupport
/// Turns a script into tokens. Comments and `\`-newline continuations are skipped; newlines and `;` end
/// statements. An unterminated string or a `\` at the very end of the input is reported as unfinished,
/// so the shell can ask for a continuation line.
public struct Lexer {
    private let source: SourceFile
    private let chars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var tokenStart = 0

    public init(_ source: SourceFile) {
        self.source = source
        self.chars = Array(source.text.unicodeScalars)
        self.line = 1 + source.lineOffset
    }

    /// All tokens, ending with `.eof`; or the first lexical error.
    public static func tokens(_ source: SourceFile) -> Result<[Token], Diagnostic> {
        var lexer = Lexer(source)
        var out: [Token] = []
        do {
            while true {
                let t = try lexer.next()
                out.append(t)
                if t.kind == .eof { return .success(out) }
            }
        } catch let d as Diagnostic { return .failure(d) } catch { fatalError("lexer throws only diagnostics") }
    }

    /// All tokens, ending with `.eof`; a lexical error becomes an `.invalid` token and the lexer goes on
    /// from the next line, so one bad line does not stop the statements around it.
    public static func recoveringTokens(_ source: SourceFile) -> [Token] {
        var lexer = Lexer(source)
        var out: [Token] = []
        while true {
            do {
                let t = try lexer.next()
                out.append(t)
                if t.kind == .eof { return out }
            } catch let d as Diagnostic {
                // Each error has consumed its own text (a bad character, a number, a whole string), so
                // the statements after it on the same line still lex normally.
                out.append(Token(kind: .invalid(d), range: d.range ?? SourceRange(file: source.name, start: lexer.here, end: lexer.here), text: ""))
            } catch { fatalError("the lexer throws only diagnostics") }
        }
    }

    private var here: Location { Location(line: line, column: column) }
    private func peek(_ k: Int = 0) -> Unicode.Scalar? { index + k < chars.count ? chars[index + k] : nil }

    private mutating func advance() {
        if chars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private func range(from start: Location) -> SourceRange { SourceRange(file: source.name, start: start, end: here) }

    private func error(_ id: Diagnostic.ID, _ message: String, _ range: SourceRange, _ notes: [String] = []) -> Diagnostic {
        Diagnostic(id, message, range, notes: notes, source: source)
    }

    private mutating func next() throws -> Token {
        // Skip blanks, comments and continuations.
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" { advance(); continue }
            if c == "#" { while let d = peek(), d != "\n" { advance() }; continue }
            if c == "\\" {
                var k = 1
                while let d = peek(k), d == " " || d == "\t" || d == "\r" { k += 1 }
                if peek(k) == "\n" {
                    var rest = k + 1
                    while let d = peek(rest), d == " " || d == "\t" || d == "\r" || d == "\n" { rest += 1 }
                    if peek(rest) == nil {
                        let start = here
                        advance()
                        throw error(.unfinished, "a '\\' continuation at the end of the input", range(from: start),
                                    ["a line ending in '\\' continues on the next line; remove it or add the rest of the statement"])
                    }
                    for _ in 0...k { advance() }
                    continue
                }
                if peek(k) == nil {
                    let start = here
                    while peek() != nil { advance() }
                    throw error(.unfinished, "a '\\' continuation at the end of the input", range(from: start),
                                ["a line ending in '\\' continues on the next line"])
                }
            }
            break
        }
        let start = here
        tokenStart = index
        guard let c = peek() else { return Token(kind: .eof, range: range(from: start), text: "") }
        if c == "\n" || c == ";" { advance(); return Token(kind: .end, range: range(from: start), text: c == ";" ? ";" : "newline") }
        if c == "\"" { return try string(start) }
        if isDigit(c) || c == "£" || (c == "." && peek(1).map(isDigit) == true)
            || (c == "-" && (peek(1).map(isDigit) == true || peek(1) == "£" || (peek(1) == "." && peek(2).map(isDigit) == true))) {
            return try number(start)
        }
        if isLetter(c) || c == "_" { return word(start) }
        for symbol in ["..", "<=", ">=", "==", "!=", "<", ">", "="] where matches(symbol) {
            for _ in symbol.unicodeScalars { advance() }
            if symbol == "==" || symbol == "!=" {
                throw error(.unexpectedCharacter, "unexpected '\(symbol)'", range(from: start),
                            [symbol == "==" ? "use '=' to compare" : "conditions use <, <=, >, >= or ="])
            }
            return Token(kind: .symbol(symbol), range: range(from: start), text: symbol)
        }
        advance()
        throw error(.unexpectedCharacter, "unexpected character '\(Character(c))'", range(from: start),
                    ["statements are words, numbers, years and \"strings\"; see 'help'"])
    }

    private func matches(_ s: String) -> Bool {
        for (k, u) in s.unicodeScalars.enumerated() where peek(k) != u { return false }
        return true
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }

    private mutating func word(_ start: Location) -> Token {
        var text = ""
        while let c = peek() {
            if isLetter(c) || isDigit(c) || c == "_" { text.unicodeScalars.append(c); advance(); continue }
            if (c == "-" || c == "."), let d = peek(1), isLetter(d) || isDigit(d) { text.unicodeScalars.append(c); advance(); continue }
            break
        }
        return Token(kind: .word(text), range: range(from: start), text: text)
    }

    private mutating func string(_ start: Location) throws -> Token {
        advance()
        var text = ""
        while true {
            guard let c = peek() else {
                throw error(.unfinished, "unterminated string", range(from: start), ["close the string with '\"'"])
            }
            if c == "\n" {
                throw error(.unterminatedString, "unterminated string", range(from: start), ["close the string with '\"' on the same line"])
            }
            if c == "\"" { advance(); break }
            if c == "\\" {
                let escapeStart = here
                advance()
                guard let e = peek() else {
                    throw error(.unfinished, "unterminated string", range(from: start), ["close the string with '\"'"])
                }
                if e == "\n" { advance(); continue }
                advance()
                switch e {
                case "\"": text += "\""
                case "\\": text += "\\"
                case "n": text += "\n"
                case "t": text += "\t"
                default:
                    let bad = range(from: escapeStart)
                    // Read to the closing quote, so what follows the string is not taken for new tokens.
                    while let c = peek(), c != "\"", c != "\n" { if c == "\\" { advance() }; if peek() != nil, peek() != "\n" { advance() } }
                    if peek() == "\"" { advance() }
                    throw error(.invalidEscape, "unknown escape '\\\(Character(e))' in a string", bad,
                                ["strings take \\\" and \\\\ (and \\n, \\t)"])
                }
                continue
            }
            text.unicodeScalars.append(c)
            advance()
        }
        return Token(kind: .string(text), range: range(from: start), text: tokenText)
    }

    /// `12`, `-0.25`, `1e3`, `£12m`, `£1.2bn`, `£500k`, `£1,250m`, `2%`, and years `2024/25`, `2024-25`.
    private mutating func number(_ start: Location) throws -> Token {
        var negative = false, pound = false
        if peek() == "-" { negative = true; advance() }
        if peek() == "£" { pound = true; advance() }
        if !negative, pound, peek() == "-" { negative = true; advance() }
        var digits = ""
        let intStart = index
        while let c = peek() {
            if isDigit(c) { digits.unicodeScalars.append(c); advance(); continue }
            if c == ",", (1...3).allSatisfy({ peek($0).map(isDigit) == true }), peek(4).map(isDigit) != true, index > intStart {
                advance(); continue
            }
            break
        }
        // A year written with four digits on both sides (2027/2028): say how it is written, not that '/' is odd.
        if !negative, !pound, digits.count == 4, index - intStart == 4, let sep = peek(), sep == "/" || sep == "-",
           (1...4).allSatisfy({ peek($0).map(isDigit) == true }), peek(5).map({ isDigit($0) || isLetter($0) }) != true {
            for _ in 0..<5 { advance() }
            throw error(.invalidNumber, "'\(tokenText)' is not how a year is written", range(from: start),
                        ["write a financial year as \(FinancialYear.label(Int(digits)!)) (or 27/28, y2)"])
        }
        // A year label: four digits (or two: 27/28 is 2027/28), then '/' or '-', then two digits.
        if !negative, !pound, digits.count == 4 || digits.count == 2, index - intStart == digits.count, let sep = peek(), sep == "/" || sep == "-",
           let d1 = peek(1), let d2 = peek(2), isDigit(d1), isDigit(d2), peek(3).map({ isDigit($0) || isLetter($0) }) != true {
            advance(); advance(); advance()
            let first = (digits.count == 2 ? 2000 : 0) + Int(digits)!, second = Int("\(Character(d1))\(Character(d2))")!
            if second != (first + 1) % 100 {
                throw error(.invalidNumber, "'\(digits)\(Character(sep))\(Character(d1))\(Character(d2))' is not a financial year",
                            range(from: start), ["write a year as \(FinancialYear.label(first))"])
            }
            return Token(kind: .yearLabel(first), range: range(from: start), text: tokenText)
        }
        if peek() == ".", peek(1).map(isDigit) == true {
            digits += "."; advance()
            while let c = peek(), isDigit(c) { digits.unicodeScalars.append(c); advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if peek(1) == "+" || peek(1) == "-" { k = 2 }
            if peek(k).map(isDigit) == true {
                for _ in 0..<k { digits.unicodeScalars.append(peek()!); advance() }
                while let c = peek(), isDigit(c) { digits.unicodeScalars.append(c); advance() }
            }
        }
        guard !digits.isEmpty, var value = Double(digits) else {
            throw error(.invalidNumber, "expected a number", range(from: start), ["write money as £12m, £1.2bn or £500k"])
        }
        var unit: Quantity.Unit = pound ? .money : .bare
        if matchesSuffix("bn") { advance(); advance(); value *= 1000; unit = .money }
        else if matchesSuffix("m") { advance(); unit = .money }
        else if matchesSuffix("k") { advance(); value /= 1000; unit = .money }
        else if peek() == "%" {
            advance()
            if pound { throw error(.wrongUnit, "money cannot be a percentage", range(from: start), ["write £12m or 2%"]) }
            value /= 100; unit = .percent
        }
        if let c = peek(), isLetter(c) || isDigit(c) || c == "_" {
            while let c = peek(), isLetter(c) || isDigit(c) || c == "_" || c == "." { advance() }
            throw error(.invalidNumber, "unexpected letters after a number", range(from: start),
                        ["write money as £12m, £1.2bn or £500k, a percentage as 2%"])
        }
        if negative { value = -value }
        guard value.isFinite else {
            throw error(.notFinite, "number is not finite", range(from: start), ["use a number within ±1e308"])
        }
        return Token(kind: .number(value, unit), range: range(from: start), text: tokenText)
    }

    private func matchesSuffix(_ s: String) -> Bool {
        for (k, u) in s.unicodeScalars.enumerated() {
            guard let c = peek(k), Character(c).lowercased() == String(Character(u)) else { return false }
        }
        if let after = peek(s.unicodeScalars.count), isLetter(after) || isDigit(after) { return false }
        return true
    }

    /// The text of the token being read, as written.
    private var tokenText: String {
        var s = ""
        s.unicodeScalars.append(contentsOf: chars[tokenStart..<index])
        return s
    }
}
