import Testing
import TestSupport
@testable import PlanRender

/// The board report's words for a change against baseline (issue 26, F-M6): each shape named correctly, and
/// never a direction the figures do not show. The paths are the report's own kinds of scenario.
@Suite struct NarrativeTests {
    static let years = ["2026/27", "2027/28", "2028/29", "2029/30", "2030/31"]
    static let cases: [(String, [Double], Narrative.Shape)] = [
        // A prevention push: it costs while the programmes build, then saves more than it costs.
        ("j-curve", [0, -9.8, -3.1, 4.2, 7.9], .jCurve),
        // Disabling digital: £20m saved at once, then the lost efficiency costs more every year.
        ("inverted-j", [0, 0, 20.2, -0.4, -2.0], .invertedJ),
        // A higher savings rate: better in every year it acts.
        ("steady-gain", [0, 3.6, 7.4, 11.3, 15.4], .steadyGain),
        // Savings delivered at 60% of plan: worse every year.
        ("steady-loss", [0, -48.7, -100.8, -156.5, -216.1], .steadyLoss),
        ("mixed", [0, -2, 3, -4, 5], .mixed),
        ("none", [0, 0.01, -0.02, 0, 0], .none),
    ]

    @Test func everyShapeIsNamedAndTold() {
        var text = ""
        for (name, change, shape) in Self.cases {
            let n = Narrative(change: change, years: Self.years)
            #expect(n.shape == shape, "\(name)")
            text += "\(name): \(change)\n  \(n.shape.rawValue): \(n.sentence)\n"
        }
        Golden.check("Tests/PlanRenderTests/Golden/narrative.txt", text)
    }

    /// Found in review: a path that gets worse every year after its gain is never called a recovery.
    @Test func anInvertedJIsNotARecovery() {
        let n = Narrative(change: [0, 0, 20.2, -0.4, -2.0], years: Self.years)
        #expect(!n.sentence.contains("recovers") && n.sentence.contains("not a recovery") && n.sentence.contains("worsens it from 2029/30"))
    }
}
