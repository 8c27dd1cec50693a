import Foundation
import Testing
@testable import PlanSupport

/// Terminal text is inert (issue 27): no control character, C1 control or bidi control is sent.
@Suite struct InertTextTests {
    @Test func controlsAreShownNotSent() {
        #expect(InertText.inert("a\u{1B}[2Jb", keepingStyles: false) == "a\\u001B[2Jb")
        #expect(InertText.inert("\u{1B}]52;c;aGk=\u{07}", keepingStyles: true) == "\\u001B]52;c;aGk=\\u0007")
        #expect(InertText.inert("x\u{9B}31m", keepingStyles: false) == "x\\u009B31m")
        #expect(InertText.inert("\u{202E}gnp.exe \u{2066}i\u{2069} \u{200F}", keepingStyles: false) == "\\u202Egnp.exe \\u2066i\\u2069 \\u200F")
        #expect(InertText.inert("nul \u{0} cr \r del \u{7F}", keepingStyles: false) == "nul \\u0000 cr \\u000D del \\u007F")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "  Balance (£m)  31.0 ≥ 0 ↳ █░ │\tend\n"
        #expect(InertText.inert(text, keepingStyles: false) == text)
    }

    @Test func theProgramsOwnStylesPassOnlyWhenColourIsOn() {
        let styled = "\u{1B}[1mbold\u{1B}[0m \u{1B}[31mbad\u{1B}[0m"
        #expect(InertText.inert(styled, keepingStyles: true) == styled)
        #expect(InertText.inert(styled, keepingStyles: false) == "\\u001B[1mbold\\u001B[0m \\u001B[31mbad\\u001B[0m")
        // Anything else after ESC is shown, colour or not.
        #expect(InertText.inert("\u{1B}[2J\u{1B}[38;5;9m", keepingStyles: true) == "\\u001B[2J\\u001B[38;5;9m")
    }

    @Test func jsonStaysValidAndMeansTheSame() throws {
        let json = "{\"name\":\"a\u{202E}b\u{85}c\"}"
        let inert = InertText.inert(json, keepingStyles: false)
        #expect(!inert.unicodeScalars.contains { InertText.isUnsafe($0) })
        let decoded = try JSONSerialization.jsonObject(with: Data(inert.utf8)) as? [String: String]
        #expect(decoded?["name"] == "a\u{202E}b\u{85}c")
    }
}
