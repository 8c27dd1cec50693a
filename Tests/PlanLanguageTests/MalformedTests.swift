import Testing
@testable import PlanLanguage

/// A corpus of malformed inputs: each yields exactly one diagnostic, located inside the input, and no crash.
@Suite struct MalformedTests {
    static let corpus: [String] = Fixtures.text(here + "Malformed/corpus.txt")
        .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }

    @Test func corpusIsLargeEnough() { #expect(Self.corpus.count >= 60) }

    @Test(arguments: corpus)
    func oneLocatedDiagnostic(_ line: String) {
        expectOneDiagnostic(line)
    }

    @Test func nonUTF8BytesAreReportedAtTheirLineAndColumn() {
        let bytes = Array("simulate\nshow ".utf8) + [0xFF, 0xFE] + Array(" levers\n".utf8)
        guard case .failure(let d) = SourceFile.decode(bytes, name: "bad.scenario") else { Issue.record("decoded"); return }
        #expect(d.id == .invalidUTF8)
        #expect(d.range?.start == Location(line: 2, column: 6))
        #expect(d.rendered().hasPrefix("error: bad.scenario:2:6: bytes that are not UTF-8"))
    }

    @Test func overlongLinesAreRefused() {
        let long = "echo \"" + String(repeating: "x", count: 70_000) + "\""
        guard case .failure(let d) = SourceFile.decode(Array(("simulate\n" + long).utf8), name: "long.scenario") else {
            Issue.record("accepted a 70 KB line"); return
        }
        #expect(d.id == .lineTooLong)
        #expect(d.range?.start.line == 2)
    }

    @Test func diagnosticShowsLineCaretAndSuggestion() {
        let outcomes = Parser.parseAll(SourceFile(name: "s.scenario", text: "simulate\nshift 2% of acute-care to prevention from 2024/25\n"),
                                       vocabulary: vocabulary)
        guard case .error(let d) = outcomes[1] else { Issue.record("no error"); return }
        #expect(d.rendered() == """
        error: s.scenario:2:13: unknown category 'acute-care'
          shift 2% of acute-care to prevention from 2024/25
                      ^~~~~~~~~~
          did you mean 'acute'? categories: acute, community, mental-health, primary-care, prescribing, continuing-care, other, prevention.best-start, …
        """)
    }

    @Test func unfinishedStatementsAreIncompleteNotErrors() {
        for text in ["shift 2% of", "echo \"open", "simulate \\", "seek largest shift from acute to prevention such that"] {
            let outcomes = Parser.parseAll(SourceFile(name: "<stdin>", text: text), vocabulary: vocabulary)
            guard case .incomplete = outcomes.last else { Issue.record("'\(text)' is not incomplete: \(outcomes)"); continue }
        }
    }
}

func expectOneDiagnostic(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let source = SourceFile(name: "case.scenario", text: text)
    let outcomes = Parser.parseAll(source, vocabulary: vocabulary)
    let diagnostics: [Diagnostic] = outcomes.compactMap {
        switch $0 {
        case .error(let d), .incomplete(let d): return d
        default: return nil
        }
    }
    #expect(diagnostics.count == 1, "'\(text)' gave \(diagnostics.count) diagnostics: \(diagnostics.map { $0.rendered() })",
            sourceLocation: sourceLocation)
    for d in diagnostics { expectInside(d, source, sourceLocation: sourceLocation) }
}

/// A diagnostic's range lies inside the input (the end of input counts as inside).
func expectInside(_ d: Diagnostic, _ source: SourceFile, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let r = d.range else { Issue.record("diagnostic without a range: \(d.message)", sourceLocation: sourceLocation); return }
    let lines = max(1, source.lines.count)
    #expect(r.start.line >= 1 && r.start.line <= lines, "line \(r.start.line) outside 1...\(lines)", sourceLocation: sourceLocation)
    let width = source.line(r.start.line).unicodeScalars.count
    #expect(r.start.column >= 1 && r.start.column <= width + 1, "column \(r.start.column) outside the line", sourceLocation: sourceLocation)
    #expect(!(r.end < r.start), "range ends before it starts", sourceLocation: sourceLocation)
}
