import PlanLanguage
import PlanSupport

/// `help` and `help STATEMENT`, drawn from the command table alone.
public enum Help {
    public static func text(topic: String?, range: SourceRange? = nil) throws -> String {
        guard let topic else { return overview() }
        guard let c = CommandTable.command(named: topic.lowercased()) else {
            var notes = ["type 'help' for the list of statements"]
            if let near = Suggestion.closest(to: topic, in: CommandTable.names) { notes.insert("did you mean '\(near)'?", at: 0) }
            throw Diagnostic(.unknownName, "no help on '\(topic)'", range, notes: notes)
        }
        var out = c.synopsis.map { "  " + $0 }
        out.append("")
        out.append("  " + c.summary + ".")
        if !c.detail.isEmpty { out += c.detail.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
        return out.joined(separator: "\n")
    }

    public static func overview() -> String {
        var out = ["Statements (type 'help STATEMENT' for more; Tab completes names):"]
        for c in CommandTable.commands {
            out.append(Columns.render(nil, c.synopsis.enumerated().map { i, s in [s, i == 0 ? c.summary : ""] }))
        }
        out.append("")
        out.append("Amounts: £12m, 12m, £1.2bn, £500k, 2%.  Years: 2024/25, 2024-25, y2.  Periods: in Y, from Y, Y1..Y2.")
        return out.joined(separator: "\n")
    }
}
