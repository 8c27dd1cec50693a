/// Tab completion as a pure function of the line, the cursor and the vocabulary: it parses the text
/// before the word being typed and offers what the grammar would accept there. File names are the one
/// thing it does not know: the caller passes a function that lists them.
public enum Completion {
    public struct Result: Equatable, Sendable {
        /// Where the word being completed starts (a scalar offset into the line).
        public var start: Int
        /// The word typed so far.
        public var partial: String
        public var candidates: [String]
        /// What follows a word completed in full: a space, or `"` and a space after a file name.
        /// A directory (a candidate ending in `/`) takes nothing, so Tab can go on into it.
        public var closing: String
        /// The candidates are paths (as typed inside a string): matched with case, listed by their last part.
        public var isPath: Bool

        public init(start: Int, partial: String, candidates: [String], closing: String = " ", isPath: Bool = false) {
            self.start = start; self.partial = partial; self.candidates = candidates
            self.closing = closing; self.isPath = isPath
        }

        /// The text all candidates share beyond what was typed (what one TAB inserts).
        public var commonExtension: String {
            guard var common = candidates.first else { return "" }
            for c in candidates.dropFirst() {
                while !(isPath ? c.hasPrefix(common) : c.lowercased().hasPrefix(common.lowercased())) { common.removeLast() }
            }
            return common.count > partial.count ? String(common.dropFirst(partial.count)) : ""
        }

        /// What one TAB inserts when there is a single candidate: the rest of it and what follows it.
        public var completion: String? {
            guard candidates.count == 1, let only = candidates.first else { return nil }
            return String(only.dropFirst(partial.count)) + (isPath && only.hasSuffix("/") ? "" : closing)
        }

        /// How the candidates are listed: a path by its last part (a directory with its `/`).
        public var shown: [String] {
            guard isPath else { return candidates }
            return candidates.map { path in
                let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
                let last = trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? trimmed
                return last + (path.hasSuffix("/") ? "/" : "")
            }
        }
    }

    /// `files` lists the paths that begin with a partial path (as the user means it, escapes read), each as
    /// that path continued, a directory ending in `/`.
    public static func complete(line: String, cursor: Int, vocabulary: Vocabulary,
                                files: (String) -> [String] = { _ in [] }) -> Result {
        let scalars = Array(line.unicodeScalars.prefix(cursor))
        if let quote = openQuote(in: scalars) {
            var before = "", typed = ""
            before.unicodeScalars.append(contentsOf: scalars[..<quote])
            typed.unicodeScalars.append(contentsOf: scalars[(quote + 1)...])
            guard expectations(before: before, vocabulary: vocabulary).contains(.file) else {
                return Result(start: scalars.count, partial: "", candidates: [])
            }
            let paths = files(unescaped(typed)).filter { !$0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
            return Result(start: quote + 1, partial: typed, candidates: paths.map(escaped), closing: "\" ", isPath: true)
        }
        var start = scalars.count
        while start > 0, !" \t;=<>\"".unicodeScalars.contains(scalars[start - 1]) { start -= 1 }
        var partial = ""
        partial.unicodeScalars.append(contentsOf: scalars[start...])
        var before = ""
        before.unicodeScalars.append(contentsOf: scalars[..<start])
        let expectations = self.expectations(before: before, vocabulary: vocabulary)
        var seen = Set<String>()
        var out: [String] = []
        for e in expectations {
            for word in words(for: e, vocabulary) where word.lowercased().hasPrefix(partial.lowercased()) && !seen.contains(word) {
                seen.insert(word)
                out.append(word)
            }
        }
        // Where only a file name may stand, Tab opens its quotes; the next Tab lists the files.
        return Result(start: start, partial: partial, candidates: out, closing: out == ["\""] ? "" : " ")
    }

    /// Where the string the cursor is in opens, if it is in one (`\"` and `\\` are escapes inside it).
    static func openQuote(in scalars: [Unicode.Scalar]) -> Int? {
        var open: Int?
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if open != nil, c == "\\" { i += 2; continue }
            if c == "\"" { open = open == nil ? i : nil }
            else if open == nil, c == "#" { return nil }
            i += 1
        }
        return open
    }

    static func unescaped(_ s: String) -> String {
        var out = "", escape = false
        for c in s.unicodeScalars {
            if escape || c != "\\" { out.unicodeScalars.append(c); escape = false } else { escape = true }
        }
        return out
    }

    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c == "\\" || c == "\"" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// What the grammar accepts right after `text`.
    static func expectations(before text: String, vocabulary: Vocabulary) -> [Expectation] {
        let trimmed = text.trimmingTrailingSpace()
        if trimmed.isEmpty || trimmed.hasSuffix(";") { return CommandTable.names.map(Expectation.keyword) }
        var parser = Parser(SourceFile(name: "<completion>", text: text))
        var last: [Expectation] = []
        while true {
            let outcome = parser.next(vocabulary: vocabulary)
            switch outcome {
            case .end: return last
            case .error: last = []
            case .statement, .incomplete: last = parser.expectations
            }
        }
    }

    static func words(for e: Expectation, _ v: Vocabulary) -> [String] {
        switch e {
        case .keyword(let k): return [k]
        case .category: return v.categories + (v.preventionCategories.isEmpty ? [] : ["prevention"])
        case .enabler: return v.enablers
        case .metric: return v.metrics
        case .assumption: return v.assumptions
        case .scenario: return v.scenarios
        case .place: return v.places
        case .organisation: return v.organisations
        case .year: return (1...max(1, v.years)).map(v.yearLabel)
        case .file: return ["\""]
        case .amount, .string, .number: return []
        }
    }
}

extension String {
    func trimmingTrailingSpace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
