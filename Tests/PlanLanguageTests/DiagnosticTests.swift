import Testing
@testable import PlanLanguage

/// Diagnostics at a terminal's width: the source line cut around the error, the caret still under it.
@Suite struct DiagnosticTests {
    @Test func aLongLineIsCutAroundTheErrorAndTheCaretStaysUnderIt() {
        let line = "seek largest shift from acute to prevention from 2027/28 such that balance >= -100 every year and smoking-prevalance <= 8 in 2030/31"
        let start = line.range(of: "smoking-prevalance")!.lowerBound
        let column = line.distance(from: line.startIndex, to: start) + 1
        var d = Diagnostic(.unknownName, "unknown target 'smoking-prevalance'",
                           SourceRange(file: "t.scenario", start: .init(line: 3, column: column), end: .init(line: 3, column: column + 18)),
                           notes: ["did you mean 'smoking-prevalence'? targets: balance, icb-balance, school-readiness, child-obesity, inequality-gap, …"])
        d.sourceLine = line
        let lines = d.rendered(width: 60).split(separator: "\n").map(String.init)
        #expect(lines[0] == "error: t.scenario:3:\(column): unknown target 'smoking-prevalance'")
        #expect(lines.dropFirst().allSatisfy { $0.count <= 60 }, "\(lines)")
        #expect(lines[1].hasPrefix("  …") && lines[1].hasSuffix("in 2030/31"))
        let caret = lines[2].firstIndex(of: "^")!
        let offset = lines[2].distance(from: lines[2].startIndex, to: caret)
        #expect(String(Array(lines[1])[offset..<(offset + 18)]) == "smoking-prevalance")
        #expect(lines[2].hasSuffix("^" + String(repeating: "~", count: 17)))
        // Without a width, the line is whole, as before.
        #expect(d.rendered().split(separator: "\n")[1] == "  " + line)
    }
}

@Suite struct SourceLineTests {
    /// "\r\n" is one Character in Swift: a Windows script's lines must still be found for its diagnostics.
    @Test func windowsLineEndsSplitIntoLines() {
        let source = SourceFile(name: "w.scenario", text: "scenario new a\r\nshift 2% of acutee to prevention\r\n")
        #expect(source.line(1) == "scenario new a")
        #expect(source.line(2) == "shift 2% of acutee to prevention")
        #expect(source.lines.count == 3)
    }
}
