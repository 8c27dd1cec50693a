import Testing
@testable import PlanLanguage

@Suite struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] {
        guard case .success(let tokens) = Lexer.tokens(SourceFile(name: "t", text: text)) else { return [] }
        return tokens.map(\.kind)
    }

    @Test func moneyPercentAndNumbers() {
        #expect(kinds("£12m") == [.number(12, .money), .eof])
        #expect(kinds("12m") == [.number(12, .money), .eof])
        #expect(kinds("£1.2bn") == [.number(1200, .money), .eof])
        #expect(kinds("£500k") == [.number(0.5, .money), .eof])
        #expect(kinds("£1,250m") == [.number(1250, .money), .eof])
        #expect(kinds("12") == [.number(12, .bare), .eof])
        #expect(kinds("2%") == [.number(0.02, .percent), .eof])
        #expect(kinds("0.5%") == [.number(0.005, .percent), .eof])
        #expect(kinds("-0.25") == [.number(-0.25, .bare), .eof])
        #expect(kinds("1e3") == [.number(1000, .bare), .eof])
        #expect(kinds("-£5m") == [.number(-5, .money), .eof])
    }

    @Test func yearsRangesStringsAndSeparators() {
        #expect(kinds("2024/25") == [.yearLabel(2024), .eof])
        #expect(kinds("2024-25") == [.yearLabel(2024), .eof])
        #expect(kinds("2024/25..2026/27") == [.yearLabel(2024), .symbol(".."), .yearLabel(2026), .eof])
        #expect(kinds("y2..y4") == [.word("y2"), .symbol(".."), .word("y4"), .eof])
        #expect(kinds("\"a \\\"b\\\" \\\\ c\"") == [.string("a \"b\" \\ c"), .eof])
        #expect(kinds("a; b # c\nd") == [.word("a"), .end, .word("b"), .end, .word("d"), .eof])
        #expect(kinds("a \\\n b") == [.word("a"), .word("b"), .eof])
        #expect(kinds("prevention.lifestyles.return-scale") == [.word("prevention.lifestyles.return-scale"), .eof])
    }
}
