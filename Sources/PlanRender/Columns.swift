import PlanSupport

/// A plain list laid out in aligned columns (for `show`, `scenario list`, `help`).
public enum Columns {
    /// The rows in columns two spaces apart. Given a `width`, a table wider than it is fitted: columns of
    /// words narrow (the one with most room to give first, to no less than its heading or its longest word)
    /// and their cells wrap onto more lines of the row; a table that still does not fit shows each row as a
    /// record, its first cell then each heading with its value, wrapped.
    public static func render(_ header: [String]?, _ rows: [[String]], indent: Int = 2, width: Int? = nil) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let count = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], visibleWidth(c)) } }
        func total(_ w: [Int]) -> Int { indent + w.reduce(0, +) + 2 * max(0, w.count - 1) }
        if let width, total(widths) > width {
            // A column narrows no further than its heading or its longest word; the one with most room to give goes first.
            let floors = (0..<count).map { i in
                max(header.map { i < $0.count ? visibleWidth($0[i]) : 0 } ?? 0,
                    rows.map { r in i < r.count ? (r[i].split(separator: " ").map { visibleWidth(String($0)) }.max() ?? 0) : 0 }.max() ?? 0)
            }
            while total(widths) > width,
                  let i = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] - floors[$0] < widths[$1] - floors[$1] }) {
                widths[i] = max(floors[i], widths[i] - (total(widths) - width))
            }
            if total(widths) > width, let header { return records(header, rows, indent: indent, width: width) }
        }
        var lines: [String] = []
        for r in all {
            let cells = r.enumerated().map { i, c in visibleWidth(c) > widths[i] ? Wrap.lines(c, width: widths[i], indent: "") : [c] }
            for k in 0..<(cells.map(\.count).max() ?? 1) {
                lines.append(String(repeating: " ", count: indent) + cells.enumerated().map { i, c in
                    let text = k < c.count ? c[k] : ""
                    return i == cells.count - 1 ? text : pad(text, widths[i])
                }.joined(separator: "  "))
            }
        }
        return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }

    /// Each row as a record: its first cell, then "heading: value" for the others that are not empty.
    static func records(_ header: [String], _ rows: [[String]], indent: Int, width: Int) -> String {
        let lead = String(repeating: " ", count: indent)
        return rows.flatMap { r -> [String] in
            let fields = r.indices.dropFirst().filter { !r[$0].isEmpty }.map { "\(header[$0]) \(r[$0])" }
            return [lead + (r.first ?? "")] + (fields.isEmpty ? [] : Wrap.lines(lead + "    " + fields.joined(separator: "; "), width: width, indent: lead + "    "))
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
