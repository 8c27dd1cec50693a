/// Tab completion as a pure function of the line, the cursor and the vocabulary: it parses the text
/// before the word being typed and offers what the grammar would accept there.
public enum Completion {
    public struct Result: Equatable, Sendable {
        /// Where the word being completed starts (a scalar offset into the line).
        public var start: Int
        /// The word typed so far.
        public var partial: String
        public var candidates: [String]

        public init(start: Int, partial: String, candidates: [String]) {
            self.start = start; self.partial = partial; self.candidates = candidates
        }

        /// The text all candidates share beyond what was typed (what one TAB inserts).
        public var commonExtension: String {
            guard var common = candidates.first else { return "" }
            for c in candidates.dropFirst() {
                while !c.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
            }
            return common.count > partial.count ? String(common.dropFirst(partial.count)) : ""
        }
    }

    public static func complete(line: String, cursor: Int, vocabulary: Vocabulary) -> Result {
        let scalars = Array(line.unicodeScalars.prefix(cursor))
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
        return Result(start: start, partial: partial, candidates: out)
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
