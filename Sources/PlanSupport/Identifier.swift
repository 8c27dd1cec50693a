/// The id rule: lower-case words (letters and digits) joined by single '-' or '.'.
public enum Identifier {
    public static func isValid(_ s: String) -> Bool {
        var previousWasSeparator = true
        for ch in s.unicodeScalars {
            switch ch {
            case "a"..."z", "0"..."9": previousWasSeparator = false
            case "-", ".":
                if previousWasSeparator { return false }
                previousWasSeparator = true
            default: return false
            }
        }
        return !s.isEmpty && !previousWasSeparator
    }
}

extension Identifier {
    /// Words the scenario language gives a meaning of its own, which no model id may take (MODEL.md §1):
    /// target and item words, `show` topics and statement names. A test keeps this list in step with the
    /// command table.
    public static let reserved: Set<String> = Set(MoneyWord.allCases.map(\.rawValue) + ShowTopic.allCases.map(\.rawValue) + [
        "plan",
        "place", "places", "policy", "rules", "variance",
        "shift", "invest", "enable", "disable", "set", "outturn", "risk", "mitigation", "rule",
        "scenario", "reset", "undo", "redo", "simulate", "show", "compare",
        "explain", "chart", "montecarlo", "sensitivity", "seek", "run", "save", "export", "report", "verify", "model", "actuals",
        "assert", "echo", "pause", "help", "quit",
        // Keywords of statements (MODEL.md §1).
        "in", "on", "at", "of", "from", "to", "by", "and", "vs", "off", "between", "such", "that", "every", "year",
        "non-recurrent", "replace", "seed", "change", "cumulative",
    ])

    /// A model id: lower-case words, each a letter then letters and digits, joined by '-' or '.'.
    public static func isModelId(_ s: String) -> Bool {
        guard isValid(s) else { return false }
        return s.split(whereSeparator: { $0 == "-" || $0 == "." }).allSatisfy { $0.first!.isLetter }
    }

    /// Whether an id reads as a year (`y3`), which the language would take for one.
    public static func looksLikeYear(_ s: String) -> Bool {
        s.count > 1 && s.first == "y" && s.dropFirst().allSatisfy(\.isNumber)
    }
}

/// The program's version, for `--version`, the banner and the provenance of reports.
public enum Version {
    public static let text = "0.3.0"
}
