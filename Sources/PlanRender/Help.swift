import PlanLanguage
import PlanSupport

/// `help` and `help STATEMENT`, drawn from the command table alone.
public enum Help {
    /// `firstYear` is the model's: the examples show its years.
    public static func text(topic: String?, range: SourceRange? = nil, firstYear: Int = 2026) throws -> String {
        guard let topic else { return overview(firstYear: firstYear) }
        guard let c = CommandTable.command(named: topic.lowercased()) else {
            var notes = ["type 'help' for the list of statements"]
            if let near = Suggestion.closest(to: topic, in: CommandTable.names) { notes.insert("did you mean '\(near)'?", at: 0) }
            throw Diagnostic(.unknownName, "no help on '\(topic)'", range, notes: notes)
        }
        var out = c.synopsis.map { "  " + $0 }
        out.append("")
        out.append("  " + c.summary + ".")
        if !c.detail.isEmpty { out += paragraphs(CommandTable.examples(c.detail, firstYear: firstYear)).map { "  " + $0 } }
        return out.joined(separator: "\n")
    }

    /// A detail's lines joined into paragraphs, so the terminal's wrapping reflows them at any width: a line
    /// is its own where it starts a grammar rule (`LEVER :=`), an alternative (`| …`), or follows a blank line.
    static func paragraphs(_ detail: String) -> [String] {
        var out: [String] = []
        var ownLine = true
        for raw in detail.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).trimmingLeadingSpaces()
            if line.isEmpty { out.append(""); ownLine = true; continue }
            let rule = line.split(separator: " ").dropFirst().first == ":=", alternative = line.hasPrefix("|")
            if ownLine || rule || alternative {
                out.append(rule ? "  " + line : alternative ? "      " + line : line)
            } else {
                out[out.count - 1] += " " + line
            }
            // After a grammar line, the prose that follows starts a paragraph of its own.
            ownLine = rule || alternative
        }
        return out
    }

    public static func overview(firstYear: Int = 2026) -> String {
        // Each statement's forms, then what it does on a line of its own: reflows at any width.
        var out = ["Statements (type 'help STATEMENT' for more; Tab completes names, and file names in quotes):"]
        for c in CommandTable.commands {
            out += c.synopsis.map { "  " + $0 }
            out.append("      " + c.summary)
        }
        out.append("")
        out.append(CommandTable.examples("Amounts: £12m, 12m, £1.2bn, £500k, 2%.  Years: {Y1}, {Y1-}, y2.  Periods: in Y, from Y, Y1..Y2.", firstYear: firstYear))
        return out.joined(separator: "\n")
    }
}
