import PlanSupport

/// A self-contained HTML page of a report table (for `export html`).
public enum HTMLPage {
    /// Text for an HTML page (element content; no attribute holds user text): &, < and > escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    public static func render(title: String, subtitle: String, statements: [String], table: ReportTable) -> String {
        let esc = escape
        var out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>",
                   "<style>body{font-family:sans-serif}td,th{padding:2px 8px}td.n{text-align:right}</style></head><body>",
                   "<h1>\(esc(title))</h1>", "<p>\(esc(subtitle))</p>", "<ol>"]
        out += statements.map { "<li><code>\(esc($0))</code></li>" }
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
        out.append("</body></html>")
        return out.joined(separator: "\n") + "\n"
    }
}
