import PropertyBased
import Testing
@testable import PlanLanguage

/// Any string of printable characters either parses or yields diagnostics whose ranges lie inside it;
/// parsing never traps. Two generators: raw printable text, and shuffled words of the language.
@Suite struct PropertyTests {
    static let words = ["shift", "invest", "enable", "disable", "set", "scenario", "new", "use", "show", "explain", "seek",
                        "largest", "such", "that", "balance", ">=", "=", "<", "every", "year", "in", "from", "to", "of", "at",
                        "2%", "£12m", "1,250k", "-3", "1e3", "2024/25", "2024-25", "y2", "y9", "..", ";", "\\", "\"",
                        "\"x\"", "acute", "prevention", "digital", "inflation", "policy", "hold-budgets", "smoking-prevalence",
                        "meets", "target", "and", "#", "£", "%", "between", "maximizing"]

    @Test func printableTextParsesOrDiagnosesInside() async {
        await propertyCheck(count: 400, input: Gen.character(in: " "..."~").string(of: 0...60)) { text in
            check(text)
        }
    }

    @Test func languageWordSoupParsesOrDiagnosesInside() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0..<Self.words.count).array(of: 0...12)) { picks in
            check(picks.map { Self.words[$0] }.joined(separator: " "))
        }
    }

    func check(_ text: String) {
        let source = SourceFile(name: "p", text: text)
        for o in Parser.parseAll(source, vocabulary: vocabulary) {
            switch o {
            case .error(let d), .incomplete(let d): expectInside(d, source)
            case .statement(let s): #expect(!s.text.isEmpty)
            case .end: break
            }
        }
        _ = Completion.complete(line: text, cursor: text.unicodeScalars.count, vocabulary: vocabulary)
    }
}
