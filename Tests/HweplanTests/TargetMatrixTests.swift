import Foundation
import Testing

/// Every kind of target, for the system, in a place and by place, in every statement that takes a target:
/// each either works or gives an error located at its line and column; none crashes the program.
@Suite struct TargetMatrixTests {
    static let targets = ["balance", "icb-balance", "income", "spend", "smoking-prevalence", "acute", "prevention",
                          "prevention.lifestyles", "digital", "workforce"]
    static let placings = ["", " in west-essex", " by place"]
    static let statements: [(String) -> String] = [
        { "show \($0)" }, { "chart \($0)" }, { "chart \($0) change baseline t" }, { "compare baseline t on \($0)" },
        { "explain \($0)" }, { "explain \($0) in 2029/30" }, { "sensitivity \($0)" },
        { "assert \($0) > -1000000 every year" }, { "assert \($0) > -1000000 in 2028/29" },
        { "seek largest shift from acute to prevention between 0 and 5 such that \($0) > -1000000 every year ignoring rules" },
        { "seek shift from acute to prevention between 0 and 5 such that balance > -1000000 every year maximizing \($0) ignoring rules" },
        { "explain variance \($0) in 2026/27" },
    ]

    @Test func everyTargetInEveryStatementWorksOrIsALocatedError() {
        var lines = ["scenario new t", "shift 1% of acute to prevention from 2027/28"]
        for statement in Self.statements {
            for target in Self.targets {
                for placing in Self.placings { lines.append(statement(target + placing)) }
            }
        }
        let r = Binary.run(["--keep-going", "--format", "json"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 1, "some combinations are refused, so the run exits 1; a signal would be \(r.status)")
        #expect(!r.err.contains("Fatal error") && !r.err.contains("Crash"), "\(r.err.suffix(2000))")
        // Every error names its line and column; lines that gave no error worked.
        var failed = Set<Int>()
        for line in r.err.split(separator: "\n") where line.hasPrefix("error:") {
            let parts = line.dropFirst("error: <stdin>:".count).split(separator: ":", maxSplits: 2)
            let n = parts.count == 3 ? Int(parts[0]) : nil
            #expect(line.hasPrefix("error: <stdin>:") && n != nil && Int(parts[1]) != nil, "an error without a location: \(line)")
            if let n { failed.insert(n) }
        }
        // The combinations that must work: prevention for the system, in a place and by place; the money words
        // and metrics everywhere `show` takes them.
        let mustWork = ["show prevention", "show prevention in west-essex", "show prevention by place",
                        "show balance by place", "show smoking-prevalence in west-essex", "show acute by place", "show digital",
                        "chart prevention", "sensitivity acute in west-essex", "explain icb-balance in west-essex"]
        for text in mustWork {
            guard let n = lines.firstIndex(of: text) else { Issue.record("\(text) is not in the matrix"); continue }
            #expect(!failed.contains(n + 1), "\(text) failed: \(r.err)")
        }
        // And the ones that must be refused: an enabler has no place.
        for text in ["show digital in west-essex", "show workforce by place"] {
            let n = lines.firstIndex(of: text)!
            #expect(failed.contains(n + 1), "\(text) was accepted")
        }
    }
}
