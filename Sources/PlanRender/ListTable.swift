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

    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
