import PlanSupport

/// A statement's result as a value (numbers and names, never formatted text). Each result gives its three
/// drawings: text for people at a width, JSON, and the rows a spreadsheet takes; `render` is the one place
/// that picks a drawing for an output format, so a new format is one case there (issue 9).
public protocol Rendering {
    /// Text for people, for a terminal `width` columns wide.
    func text(width: Int, style: Style) -> String
    /// One JSON value.
    func json() -> String
    /// The rows for CSV and Markdown; nil where the result is text only (CSV and Markdown then give the text).
    func sheet(style: Style) -> Sheet?
    /// Whether the result shows at all in `format` (a confirmation shows only as a table).
    func shows(in format: OutputFormat) -> Bool
    /// The heading over its rows in Markdown (nil: none): by default the first line of its text.
    func markdownHeading(style: Style) -> String?
}

/// Rows that CSV and Markdown can draw.
public protocol Sheet {
    func csv() -> String
    func markdown() -> String
}

extension ReportTable: Sheet {}

/// Text as a sheet: one CSV field, quoted where it must be; in Markdown the text itself.
struct TextSheet: Sheet {
    var text: String
    func csv() -> String { ListTable.field(text) }
    func markdown() -> String { text }
}
extension ListTable: Sheet {}

extension Rendering {
    public func shows(in format: OutputFormat) -> Bool { true }
    public func sheet(style: Style) -> Sheet? { nil }
    public func markdownHeading(style: Style) -> String? {
        text(width: 10_000, style: style).split(separator: "\n", maxSplits: 1).first.map(String.init)
    }

    /// The result in `format`: the only switch over the output formats.
    public func render(_ format: OutputFormat, width: Int, style: Style) -> String {
        switch format {
        case .table: return text(width: width, style: style)
        case .json: return json()
        case .csv: return sheet(style: style)?.csv() ?? text(width: width, style: style)
        case .markdown: return markdown(width: width, style: style)
        }
    }

    /// A Markdown block that stands on its own (the session puts a blank line between results): a table by year
    /// with its `###` title; other rows under a `###` heading, the first line of the text; text as it is (echo,
    /// help); a drawing (a chart, a list laid out in columns) in a code fence, so its alignment survives.
    func markdown(width: Int, style: Style) -> String {
        guard let sheet = sheet(style: style) else { return "```\n" + text(width: width, style: style) + "\n```" }
        let rows = sheet.markdown()
        if sheet is TextSheet || rows.hasPrefix("#") { return rows }
        let heading = markdownHeading(style: style)?.trimmingTrailingSpaces() ?? ""
        return heading.isEmpty ? rows : "### " + MarkdownText.escape(heading) + "\n\n" + rows
    }
}

/// Text for people, with its JSON form: an object of the given kind and fields, the text last. A note
/// (a confirmation) shows only as a table: the machine-readable formats stay free of it.
public struct TextView: Rendering, Sendable {
    public var kind: String
    /// Fields before "text" in the JSON, in order.
    public var fields: [(String, String)]
    public var text: String
    /// Wrap each line at the width, continuing under its own indentation (help).
    public var wraps: Bool
    /// Wrapped lines continue four columns in (a list's item), or flush under their line (prose, `echo`).
    public var hanging = true
    public var onlyInTables: Bool

    public init(kind: String, fields: [(String, String)] = [], text: String, wraps: Bool = false) {
        self.kind = kind; self.fields = fields; self.text = text; self.wraps = wraps; onlyInTables = false
    }

    /// A confirmation such as "now on scenario 'x'": shown as a table only.
    public static func note(_ text: String, wraps: Bool = false) -> TextView {
        var v = TextView(kind: "note", text: text, wraps: wraps)
        v.onlyInTables = true
        return v
    }

    public func shows(in format: OutputFormat) -> Bool { !onlyInTables || format == .table }

    /// In CSV, the text is one quoted field, so a comma in it does not start a column.
    public func sheet(style: Style) -> Sheet? { TextSheet(text: text) }

    public func text(width: Int, style: Style) -> String {
        onlyInTables ? wrapped(width, indent: "    ") : wraps ? wrapped(width, indent: nil) : text
    }

    public func json() -> String {
        "{\"kind\":\(JSONText.quote(kind))," + fields.map { "\(JSONText.quote($0.0)):\(JSONText.quote($0.1))," }.joined()
            + "\"text\":\(JSONText.quote(text))}"
    }

    /// Each line wrapped to the width, continuing under `indent`, or under its own indentation and four more.
    func wrapped(_ width: Int, indent: String?) -> String {
        guard wraps else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            Wrap.lines(String(line), width: width, indent: indent ?? String(line.prefix { $0 == " " }) + (hanging ? "    " : ""))
        }.joined(separator: "\n")
    }
}

/// A list in aligned columns (`show categories`, `show enablers`, `show places` …): fitted to the width by
/// wrapping its widest columns; in JSON the text as laid out at its natural width (as a `TextView` gives it);
/// in CSV and Markdown the rows.
public struct ColumnsView: Rendering, Sendable {
    public var kind: String, fields: [(String, String)], title: String?, header: [String], rows: [[String]]

    public init(kind: String, fields: [(String, String)] = [], title: String? = nil, header: [String], rows: [[String]]) {
        self.kind = kind; self.fields = fields; self.title = title; self.header = header; self.rows = rows
    }

    public func text(width: Int, style: Style) -> String {
        ((title.map { Wrap.lines($0, width: width) } ?? []) + [Columns.render(header, rows, width: width)]).joined(separator: "\n")
    }

    /// Its title, if it has one: its first line otherwise is the header of the columns.
    public func markdownHeading(style: Style) -> String? { title }

    public func json() -> String {
        TextView(kind: kind, fields: fields, text: (title.map { $0 + "\n" } ?? "") + Columns.render(header, rows)).json()
    }

    public func sheet(style: Style) -> Sheet? { ListTable(header: header, rows: rows) }
}

/// A year-by-year table (`show` of a line, a metric or the places): the table in text, CSV and Markdown, and in
/// JSON the given object or the rows by label.
public struct TableView: Rendering, Sendable {
    public var table: ReportTable, kind: String
    /// The JSON when it is not the rows by label.
    public var jsonText: String?
    public init(_ table: ReportTable, json: String? = nil, kind: String = "table") { self.table = table; self.kind = kind; jsonText = json }

    public func text(width: Int, style: Style) -> String { table.text(style: style, width: width) }
    public func sheet(style: Style) -> Sheet? { table }

    /// The rows by key (the label unless a row names its own); a key that more than one section holds is keyed "SECTION: label", so no row is lost.
    public func json() -> String {
        if let jsonText { return jsonText }
        let keys = table.sections.flatMap { $0.rows.map { $0.key ?? $0.label } }
        let rows = table.sections.flatMap { section in
            section.rows.map { row -> String in
                let key = row.key ?? row.label
                let repeated = keys.filter { $0 == key }.count > 1 && !section.title.isEmpty
                return "\(JSONText.quote(repeated ? section.title + ": " + key : key)):\(JSONText.numbers(row.values))"
            }
        }
        return "{\"kind\":\"\(kind)\",\"title\":\(JSONText.quote(table.title)),\"years\":[" + table.years.map(JSONText.quote).joined(separator: ",")
            + "],\"rows\":{" + rows.joined(separator: ",") + "}}"
    }
}

extension SimulationReport: Rendering {
    public func text(width: Int, style: Style) -> String { table().text(style: style, width: width) }
    public func sheet(style: Style) -> Sheet? { table() }
}
