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

    /// Inside a file name's quotes Tab offers files (from the lister the shell passes); before the quotes it
    /// opens them; in `echo`'s text it offers nothing. Escapes are read before listing and written back.
    @Test func fileNamesInsideQuotes() {
        var asked: [String] = []
        let files: (String) -> [String] = { partial in
            asked.append(partial)
            return ["Scenarios/", "Scenarios/a \"b\".scenario", "scripts/", "push.scenario"].filter { $0.hasPrefix(partial) }
        }
        func complete(_ line: String) -> Completion.Result {
            Completion.complete(line: line, cursor: line.unicodeScalars.count, vocabulary: vocabulary, files: files)
        }
        let dir = complete("run \"Sc")
        #expect(dir.candidates == ["Scenarios/", "Scenarios/a \\\"b\\\".scenario"])
        #expect(dir.start == 5 && dir.isPath)
        #expect(dir.commonExtension == "enarios/")
        #expect(dir.shown == ["Scenarios/", "a \\\"b\\\".scenario"])
        let one = complete("save \"pu")
        #expect(one.completion == "sh.scenario\" ")
        #expect(complete("model load \"scr").completion == "ipts/", "a folder takes no closing quote")
        #expect(complete("run \"Scenarios/a \\\"").candidates == ["Scenarios/a \\\"b\\\".scenario"])
        #expect(asked.last == "Scenarios/a \"")
        #expect(complete("export csv \"p").candidates == ["push.scenario"])
        #expect(complete("echo \"Sc").candidates.isEmpty)
        #expect(complete("run \"x\" # \"Sc").candidates.isEmpty)
        let open = complete("actuals load ")
        #expect(open.candidates == ["\""] && open.completion == "\"")
        #expect(complete("report ").completion == "\"")
        #expect(complete("run Sc").candidates.isEmpty, "a file name without its quotes is not guessed at")
    }

    /// After a report's or an export's file, or a chart's target, Tab offers scenarios as well as the keyword
    /// that may end the list, so a blind Tab does not write 'replace'.
    @Test func scenariosAfterAFileOrATarget() {
        var v = vocabulary
        v.scenarios = ["baseline", "push"]
        func candidates(_ line: String) -> [String] { Completion.complete(line: line, cursor: line.unicodeScalars.count, vocabulary: v).candidates }
        #expect(candidates("report \"r.html\" ").contains("push") && candidates("report \"r.html\" ").contains("replace"))
        #expect(candidates("export csv \"a.csv\" baseline ").contains("push"))
        #expect(candidates("chart balance ").contains("push"))
        #expect(candidates("report \"r.html\" re") == ["replace"])
    }
}
