import Testing
@testable import PlanLanguage

/// Parser tests as data: Parse/NAME.scenario with its syntax-tree dump or diagnostic in Parse/NAME.expected.
@Suite struct ParserGoldenTests {
    static let cases = Fixtures.names(in: here + "Parse", suffix: ".scenario")

    /// A folder that went missing or empty would otherwise run no test and pass.
    @Test func folderIsNotEmpty() { #expect(Self.cases.count >= 5) }

    @Test(arguments: cases)
    func parse(_ name: String) {
        let path = here + "Parse/" + name
        let source = SourceFile(name: name, text: Fixtures.text(path))
        let actual = describe(Parser.parseAll(source, vocabulary: vocabulary))
        Golden.check(path.replacingSuffix(".scenario", ".expected"), actual)
    }
}

extension String {
    func replacingSuffix(_ old: String, _ new: String) -> String { hasSuffix(old) ? String(dropLast(old.count)) + new : self }
}
