/// A plain list laid out in aligned columns (for `show`, `scenario list`, `help`).
public enum Columns {
    public static func render(_ header: [String]?, _ rows: [[String]], indent: Int = 2) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let count = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], visibleWidth(c)) } }
        let lines = all.map { r in
            String(repeating: " ", count: indent) + r.enumerated().map { i, c in i == r.count - 1 ? c : pad(c, widths[i]) }.joined(separator: "  ")
        }
        return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
