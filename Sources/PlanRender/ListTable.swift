import PlanSupport

/// A table of named columns (not years), for the CSV and Markdown views of sensitivity, explain and seek.
public struct ListTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public init(header: [String], rows: [[String]]) { self.header = header; self.rows = rows }

    public func csv() -> String {
        ([header] + rows).map { $0.map(ListTable.field).joined(separator: ",") }.joined(separator: "\n")
    }

    public func markdown() -> String {
        var out = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---|" }.joined()]
        out += rows.map { "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
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
