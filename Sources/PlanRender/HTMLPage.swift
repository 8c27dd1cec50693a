import PlanSupport

/// A self-contained HTML page of a report table (for `export html`).
public enum HTMLPage {
    /// Text for an HTML page, safe in element content, in quoted attributes and in SVG text: &, <, >, " and '
    /// escaped. Every page the program writes (the board report, `export html`) escapes model and user
    /// text through this one function.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// One page: a title, a subtitle, then for each part its name (where there are several), its statements and its table.
    public static func render(title: String, subtitle: String, sections parts: [(name: String, statements: [String], table: ReportTable)]) -> String {
        let esc = escape
        var out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>",
                   "<style>body{font-family:sans-serif}td,th{padding:2px 8px}td.n{text-align:right}</style></head><body>",
                   "<h1>\(esc(title))</h1>", "<p>\(esc(subtitle))</p>"]
        for part in parts {
            let table = part.table
            if parts.count > 1 { out.append("<h2>\(esc(part.name))</h2>") }
            out.append("<ol>")
            out += part.statements.map { "<li><code>\(esc($0))</code></li>" }
            out.append("</ol><table><tr><th></th>" + table.years.map { "<th>\(esc($0))</th>" }.joined() + "<th></th></tr>")
            for s in table.sections where !s.rows.isEmpty {
                out.append("<tr><th colspan=\"\(table.years.count + 2)\" style=\"text-align:left\">\(esc(s.title))</th></tr>")
                for r in s.rows {
                    out.append("<tr><td>\(esc(r.labelWithUnit))</td>"
                               + r.values.map { "<td class=\"n\">\(NumberFormat.fixed($0, decimals: r.decimals))</td>" }.joined()
                               + "<td>\(esc(r.note))</td></tr>")
                }
            }
            out.append("</table>")
            out += table.footer.map { "<p>\(esc($0))</p>" }
        }
        out.append("</body></html>")
        return out.joined(separator: "\n") + "\n"
    }
}
