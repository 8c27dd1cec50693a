import PlanSupport

/// A table of named columns (not years), for the CSV and Markdown views of sensitivity, explain and seek.
public struct ListTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public init(header: [String], rows: [[String]]) { self.header = header; self.rows = rows }

    public func csv() -> String {
        ([header] + rows).map { $0.map(ListTable.field).joined(separator: ",") }.joined(separator: "\n")
    }

    /// Markdown is read by people: a number carried at CSV's six decimals shows two decimals, or two significant
    /// figures below 1 (-105.92, not -105.920159; 0.0041, not 0); everything else as it is.
    public func markdown() -> String {
        func readable(_ cell: String) -> String {
            guard let v = Double(cell), v.isFinite, v != 0, let dot = cell.firstIndex(of: "."),
                  cell.distance(from: dot, to: cell.endIndex) > 3, !cell.contains("e") else { return cell }
            var scaled = abs(v), leadingZeros = 0
            while scaled < 0.1, leadingZeros < 4 { scaled *= 10; leadingZeros += 1 }
            return NumberFormat.trimmed(v, maxDecimals: 2 + leadingZeros)
        }
        var out = ["| " + header.map(MarkdownText.escape).joined(separator: " | ") + " |", "|" + header.map { _ in "---|" }.joined()]
        out += rows.map { "| " + $0.map { MarkdownText.escape(readable($0)) }.joined(separator: " | ") + " |" }
        return out.joined(separator: "\n")
    }

    /// One CSV field, quoted where it must be. Text that a spreadsheet would read as a formula (it begins with
    /// =, +, -, @, a tab or a carriage return, and is not a plain number) is written with a leading ' inside
    /// quotes, as OWASP's CSV-injection guidance asks, so no spreadsheet evaluates it.
    static func field(_ s: String) -> String {
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(s) == nil {
            return "\"'" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// Text from a model or a user inside Markdown (issue 27): it stays text. Markdown's punctuation is
/// backslash-escaped, HTML's specials become entities (a renderer passes raw HTML through), and a line break,
/// which would end a table row, becomes a space.
public enum MarkdownText {
    /// A code span that holds `s` whatever backticks it has: its fence is one backtick longer than the longest
    /// run inside (CommonMark), and a line break becomes a space.
    public static func code(_ s: String) -> String {
        var longest = 0, run = 0
        for c in s { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let body = String(s.map { $0.isNewline ? " " : $0 })
        let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + pad + body + pad + fence
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "|", "*", "`", "[", "]": out.append("\\"); out.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }
}
