import PlanSupport

/// A table of year-indexed rows in sections: the one shape behind the table, CSV and Markdown views.
public struct ReportTable: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var unit: String
        public var values: [Double]
        public var decimals: Int
        public var note: String
        /// The label with its unit in brackets, as every drawing shows it (`named`).
        var labelWithUnit: String { named(label, unit: unit) }
        /// A note to show coloured as good (true) or bad (false).
        public var noteIsGood: Bool?
        /// The row's key in JSON when it is not the label: a label reworded for readers keeps its key.
        public var key: String?
        /// A value as the table shows it; NaN is a year the row has no value for (the investment standard is
        /// not judged in year 1), shown as "–" (blank in CSV and a sheet, null in JSON).
        func cell(_ v: Double) -> String { v.isNaN ? "–" : NumberFormat.fixed(v, decimals: decimals) }
        public init(_ label: String, unit: String, _ values: [Double], decimals: Int = 1, note: String = "", noteIsGood: Bool? = nil,
                    key: String? = nil) {
            self.label = label; self.unit = unit; self.values = values; self.decimals = decimals; self.note = note; self.noteIsGood = noteIsGood
            self.key = key
        }
    }
    public struct Section: Sendable {
        public var title: String
        public var rows: [Row]
        public init(_ title: String, _ rows: [Row]) { self.title = title; self.rows = rows }
    }

    public var title: String
    public var years: [String]
    public var sections: [Section]
    /// Lines printed after the table (the objective, notes).
    public var footer: [String]

    public init(title: String, years: [String], sections: [Section], footer: [String] = []) {
        self.title = title; self.years = years; self.sections = sections; self.footer = footer
    }

    /// A fixed-width table for the terminal, fitted to `width` columns: labels are abbreviated at a word
    /// where they can be (never numbers), a note that would not fit goes on lines of its own, and text lines
    /// wrap. When the years do not fit beside readable labels (a 10- or 20-year horizon), they are shown in
    /// blocks of equal size, one under the other, each with its own header of years; notes show once, in
    /// the first block.
    public func text(style: Style, width: Int = 80) -> String {
        // Each row's numbers, formatted once: for the column width, then for the row.
        let cells = sections.map { $0.rows.map { r in r.values.map(r.cell) } }
        let column = max(8, (cells.joined().joined().map(\.count).max() ?? 7) + 1)
        let wanted = max(22, (sections.flatMap(\.rows).map { visibleWidth($0.label) + 2 + unitWidth($0.unit) }.max() ?? 22) + 1)
        let room = width - column * years.count
        // All the years fit beside labels of 28 columns (or the whole labels): one block, labels shrunk to fit.
        // Otherwise as many years as fit beside labels of up to 36 columns, in blocks of equal size.
        let labelWidth: Int, blocks: [Range<Int>]
        if years.count <= 1 || room >= min(wanted, 28) {
            labelWidth = max(min(wanted, room), min(wanted, 12)); blocks = [0..<years.count]
        } else {
            labelWidth = min(wanted, max(22, width - column * 5))
            let fit = max(1, (width - labelWidth) / column), count = (years.count + fit - 1) / fit
            let size = (years.count + count - 1) / count
            blocks = stride(from: 0, to: years.count, by: size).map { $0..<min(years.count, $0 + size) }
        }
        var out = wrap(style.bold(title), width)
        for (b, block) in blocks.enumerated() {
            if b > 0 { out.append("") }
            out.append(pad("", labelWidth) + years[block].map { pad($0, column, right: true) }.joined())
            for (section, sectionCells) in zip(sections, cells) where !section.rows.isEmpty {
                if !section.title.isEmpty { out += wrap(style.bold(section.title), width) }
                for (r, rowCells) in zip(section.rows, sectionCells) {
                    let label = abbreviate("  " + r.labelWithUnit, labelWidth - 1)
                    var line = pad(label, labelWidth)
                    for cell in rowCells[block] { line += spaces(max(0, column - visibleWidth(cell))); line += cell }
                    guard !r.note.isEmpty, b == 0 else { out.append(line); continue }
                func coloured(_ s: String) -> String { r.noteIsGood.map { $0 ? style.good(s) : style.bad(s) } ?? s }
                if visibleWidth(line) + 2 + visibleWidth(r.note) <= width {
                    out.append(line + "  " + coloured(r.note))
                } else {
                    // On lines of its own under the row, wrapped within the width.
                    out.append(line)
                    let lead = pad("", min(labelWidth, 6))
                    for (i, part) in Wrap.lines(r.note, width: max(20, width - visibleWidth(lead) - 2), indent: "").enumerated() {
                        out.append(lead + (i == 0 ? (style.unicode ? "↳ " : "> ") : "  ") + coloured(part))
                    }
                }
                }
            }
        }
        for line in footer { out += wrap(line, width, indent: "    ") }
        return out.joined(separator: "\n")
    }

    /// A label cut to `width` with an ellipsis, keeping its unit: `pharmacy-dental-optom… (£m)`.
    private func abbreviate(_ label: String, _ width: Int) -> String {
        guard visibleWidth(label) > width, width > 4 else { return label }
        var head = label, unit = ""
        if let open = label.lastIndex(of: "("), label.hasSuffix(")"), label.distance(from: open, to: label.endIndex) <= width / 2 {
            unit = " " + label[open...]
            head = String(label[..<open]).trimmingTrailingSpaces()
        }
        let room = width - visibleWidth(unit) - 1
        guard room > 3 else { return String(label.prefix(width - 1)) + "…" }
        // Cut at the last word break (space, '-' or '.') that keeps at least half the room, else mid-word.
        var cut = String(head.prefix(room))
        if let breakAt = cut.lastIndex(where: { $0 == " " || $0 == "-" || $0 == "." }), cut.distance(from: cut.startIndex, to: breakAt) >= room / 2 {
            cut = String(cut[...breakAt]).trimmingTrailingSpaces()
        }
        return cut + "…" + unit
    }

    private func wrap(_ text: String, _ width: Int, indent: String = "  ") -> [String] { Wrap.lines(text, width: width, indent: indent) }

    private func unitWidth(_ unit: String) -> Int { unit.isEmpty ? 0 : visibleWidth(unit) + 3 }

    /// CSV with full-precision numbers, one row per table row, the section in the first column.
    public func csv() -> String {
        var out = [(["section", "row", "unit"] + years + ["note"]).map(csvField).joined(separator: ",")]
        for s in sections {
            // An indented row belongs to the row above it (a place's value, the gap between places): in CSV,
            // where there is no indent, it carries that row's label ("Smoking prevalence: gap between places").
            var parent = ""
            for r in s.rows {
                let label = r.label.trimmingLeadingSpaces()
                let child = label.count < r.label.count && !parent.isEmpty
                if !child { parent = label }
                out.append(([s.title, child ? parent + ": " + label : label, r.unit].map(csvField) + r.values.map { $0.isNaN ? "" : NumberFormat.csv($0) } + [csvField(r.note)]).joined(separator: ","))
            }
        }
        for line in footer {
            out.append((["note", ""].map(csvField) + [String](repeating: "", count: years.count + 1) + [csvField(line)]).joined(separator: ","))
        }
        return out.joined(separator: "\n")
    }

    private func csvField(_ s: String) -> String { ListTable.field(s) }

    /// A GitHub-flavoured Markdown table with the table's rounding.
    public func markdown() -> String {
        let e = MarkdownText.escape
        var out = ["### \(e(title))", "", "| | " + years.joined(separator: " | ") + " | |", "|---|" + years.map { _ in "---:|" }.joined() + "---|"]
        for s in sections where !s.rows.isEmpty {
            if !s.title.isEmpty { out.append("| **\(e(s.title))** |" + years.map { _ in " |" }.joined() + " |") }
            for r in s.rows {
                out.append("| \(e(r.labelWithUnit)) | "
                           + r.values.map(r.cell).joined(separator: " | ") + " | \(e(r.note)) |")
            }
        }
        // Each note a paragraph of its own: lines one under another run together in Markdown.
        if !footer.isEmpty { out += footer.flatMap { ["", e($0)] } }
        return out.joined(separator: "\n")
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = "", rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
    func trimmingTrailingSpaces() -> String { var s = self; while s.last == " " { s.removeLast() }; return s }
}
