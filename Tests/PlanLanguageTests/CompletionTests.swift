import Testing
@testable import PlanLanguage

/// Completion is a pure function of the line, the cursor and the vocabulary.
@Suite struct CompletionTests {
    func candidates(_ line: String) -> [String] {
        Completion.complete(line: line, cursor: line.unicodeScalars.count, vocabulary: vocabulary).candidates
    }

    /// Organisations complete wherever an organisation may stand: a risk's owner, a target, what to show,
    /// what to compare on.
    @Test func organisationsComplete() {
        #expect(candidates("risk x £1m on ") == ["central-east", "essex", "whth", "pah"])
        #expect(candidates("show wh") == ["whth"])
        #expect(candidates("chart pa") == ["pah"])
        #expect(candidates("seek largest shift from acute to prevention such that wh") == ["whth"])
        #expect(candidates("compare baseline push on es") == ["essex"])
        #expect(candidates("compare baseline push on und") == ["underlying"])
    }

    @Test func statementWordsFirst() {
        #expect(candidates("sim") == ["simulate"])
        #expect(candidates("s") == ["shift", "set", "scenario", "simulate", "show", "sensitivity", "seek", "save"])
        #expect(candidates("") == CommandTable.names)
        #expect(candidates("simulate; sh") == ["shift", "show"])
    }

    @Test func categoriesByPosition() {
        #expect(candidates("shift 2% of ac") == ["acute"])
        #expect(candidates("shift 2% of acute to prev").first == "prevention.best-start")
        #expect(candidates("shift 2% of acute to prev").contains("prevention"))
        #expect(candidates("shift 2% ").contains("of"))
        #expect(candidates("shift 2% ").contains("acute"))
        #expect(candidates("shift 2% of acute ") == ["to"])
    }

    /// After `in`, a place or a year: both are offered where both may stand.
    @Test func placesAfterIn() {
        #expect(candidates("shift 2% of acute to prevention in we") == ["west-essex"])
        #expect(candidates("shift 2% of acute to prevention in ").contains("west-essex"))
        #expect(candidates("shift 2% of acute to prevention in ").contains("2024/25"))
        #expect(candidates("show balance by ") == ["place"])
        #expect(candidates("explain var") == ["variance"])
        #expect(candidates("assert ru") == ["rules"])
        #expect(candidates("model ho") == ["horizon"])
    }

    @Test func enablersMetricsAssumptionsScenariosYears() {
        #expect(candidates("disable dig") == ["digital"])
        #expect(candidates("explain sm") == ["smoking-prevalence"])
        #expect(candidates("explain b") == ["balance"])
        #expect(candidates("set infl") == ["inflation"])
        #expect(candidates("set p").contains("policy"))
        #expect(candidates("set policy = h") == ["hold-budgets"])
        #expect(candidates("scenario use p") == ["push"])
        #expect(candidates("shift 2% of acute to prevention from 2025") == ["2025/26"])
        #expect(candidates("shift 2% of acute to prevention f") == ["from"])
        #expect(candidates("enable digital ").contains("at"))
    }

    @Test func commonPrefixAndMidLineCursor() {
        let r = Completion.complete(line: "show prevention.l", cursor: 17, vocabulary: vocabulary)
        #expect(r.candidates == ["prevention.lifestyles"])
        #expect(r.start == 5)
        let mid = Completion.complete(line: "sim; show levers", cursor: 3, vocabulary: vocabulary)
        #expect(mid.candidates == ["simulate"])
        let many = Completion.complete(line: "shift 2% of co", cursor: 14, vocabulary: vocabulary)
        #expect(many.candidates == ["community", "continuing-care"])
        #expect(many.commonExtension == "")
        #expect(Completion.complete(line: "explain ", cursor: 8, vocabulary: vocabulary).candidates.first == "balance")
    }

    @Test func nothingAfterACompleteStatement() {
        #expect(candidates("simulate ").isEmpty)
        #expect(candidates("bogus ").isEmpty)
    }
}
