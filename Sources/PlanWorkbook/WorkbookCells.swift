import PlanModel
import PlanSupport

/// One sheet read as a header row and records.
struct Table {
    let name: String
    let sheet: XlsxSheet
    /// Columns by their header, lower-case and without a unit in brackets: "base (£m)" is "base".
    var columns: [String: Int] = [:]
    /// Where each header is, for errors about it.
    var headerColumn: [String: Int] = [:]
    /// Year columns ("2026/27") by their 0-based year of the horizon; kernel columns ("+0") by offset.
    var years: [Int: Int] = [:], kernel: [Int: Int] = [:]
    /// Target pairs: "target 1" and "year 1"…, in order.
    var targets: [(value: Int, year: Int)] = []
    /// The data rows (after the header) that hold anything, in order.
    var rows: [Int] = []

    init(_ sheet: XlsxSheet, firstYear: Int?) throws {
        name = sheet.name
        self.sheet = sheet
        var targetValue: [Int: Int] = [:], targetYear: [Int: Int] = [:]
        for (column, value) in (sheet.rows[1] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let header = Table.header(value) else { continue }
            if let firstYear, let year = FinancialYear.parse(String(header.split(separator: " ").last ?? "")) {
                guard year >= firstYear, year < firstYear + Model.maxYears else {
                    throw WorkbookError("\(name)!\(CellRef(row: 1, column: column)): the year \(header) is outside the model's \(Model.maxYears) years from \(FinancialYear.label(firstYear))")
                }
                years[year - firstYear] = column
            } else if header.hasPrefix("+"), let k = Int(header.dropFirst()), k >= 0, k < 100 {
                kernel[k] = column
            } else if header.hasPrefix("target "), let n = Int(header.dropFirst(7)) {
                targetValue[n] = column
            } else if header.hasPrefix("year "), let n = Int(header.dropFirst(5)) {
                targetYear[n] = column
            } else {
                if columns[header] != nil {
                    throw WorkbookError("\(name)!\(CellRef(row: 1, column: column)): a second column headed '\(header)'")
                }
                columns[header] = column
                headerColumn[header] = column
            }
        }
        for n in targetValue.keys.sorted() {
            guard let y = targetYear[n] else { throw WorkbookError("\(name)!\(CellRef(row: 1, column: targetValue[n]!)): 'target \(n)' has no 'year \(n)' column") }
            targets.append((targetValue[n]!, y))
        }
        rows = sheet.rows.keys.filter { $0 > 1 && !(sheet.rows[$0]?.values.allSatisfy(Table.isBlank) ?? true) }.sorted()
    }

    static func isBlank(_ v: XlsxValue) -> Bool { if case .text(let t) = v { return t.trimmed.isEmpty } else { return false } }

    /// A header cell's key: lower-case, single spaces, without a trailing unit in brackets.
    static func header(_ v: XlsxValue) -> String? {
        guard case .text(let t) = v else {
            if case .number(let n) = v { return NumberFormat.json(n) }
            return nil
        }
        var s = t.trimmed.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        if s.hasSuffix(")"), let open = s.lastIndex(of: "("), open > s.startIndex { s = String(s[..<open]).trimmed }
        return s.isEmpty ? nil : s
    }

    func ref(_ row: Int, _ column: Int) -> String { "\(name)!\(CellRef(row: row, column: column))" }
}

extension FinancialYear {
    /// "2026/27" → 2026 (the year it starts); nil for anything else.
    static func parse(_ s: String) -> Int? {
        // "2026/27" or "2026-27", as the prompt takes either.
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" })
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let start = Int(parts[0]), let end = Int(parts[1]),
              end == (start + 1) % 100 else { return nil }
        return start
    }
}

/// Reading one cell: text, a number (a formula's cached value, text that is a number), a yes/no, a row of
/// years; every error names its Sheet!Cell.
extension WorkbookReader {

    func value(_ t: Table, _ row: Int, _ column: Int?) -> XlsxValue? {
        guard let column, let v = t.sheet[row, column], !Table.isBlank(v) else { return nil }
        return v
    }

    func text(_ t: Table, _ row: Int, _ key: String, required: Bool = false) throws -> String? {
        let c = t.columns[key]
        guard let v = value(t, row, c) else {
            if required { throw WorkbookError("\(t.ref(row, c ?? 0)): '\(key)' is empty; expected a value") }
            return nil
        }
        switch v {
        case .text(let s): return s.trimmed
        case .number(let n): return NumberFormat.json(n)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): throw WorkbookError("\(t.ref(row, c!)): " + Self.failed(e, key))
        }
    }

    /// What an error cell says: an uncalculated formula, or the spreadsheet's error value.
    static func failed(_ e: String, _ what: String) -> String {
        e.hasPrefix("=") && e.count > 1
            ? "the formula \(e) has no calculated value (openpyxl writes formulas so): open and save the workbook in Excel or LibreOffice, then load it"
            : e.hasPrefix("=") ? "a formula with no calculated value: open and save the workbook in Excel or LibreOffice, then load it"
            : "the cell holds an error (\(e)); expected \(what)"
    }

    /// A number; text that reads as one (with `%`, `£` or `m`) is accepted as Excel would have stored it.
    func number(_ t: Table, _ row: Int, _ column: Int?, _ what: String) throws -> Double? {
        guard let v = value(t, row, column) else { return nil }
        switch v {
        case .number(let n):
            guard n.isFinite else { throw WorkbookError("\(t.ref(row, column!)): \(what) must be a finite number") }
            return n
        case .text(let s):
            let x = s.trimmed
            if x.hasSuffix("%"), let n = NumberFormat.readMoney(String(x.dropLast())) { return n * 0.01 }
            if let n = NumberFormat.readMoney(x) { return n }
            let hint = x.hasSuffix("m") && NumberFormat.readMoney("£" + x) != nil ? " (write £\(x.dropLast())m, or the number alone, for £m)" : ""
            throw WorkbookError("\(t.ref(row, column!)): \(what) must be a number, not '\(s)'\(hint)")
        case .bool: throw WorkbookError("\(t.ref(row, column!)): \(what) must be a number, not TRUE or FALSE")
        case .error(let e): throw WorkbookError("\(t.ref(row, column!)): " + Self.failed(e, what))
        }
    }

    func number(_ t: Table, _ row: Int, _ key: String, required: Bool = false) throws -> Double? {
        let c = t.columns[key]
        let n = try number(t, row, c, key)
        if n == nil, required { throw WorkbookError("\(t.ref(row, c ?? 0)): '\(key)' is empty; expected a number") }
        return n
    }

    func truth(_ t: Table, _ row: Int, _ key: String) throws -> Bool? {
        let c = t.columns[key]
        guard let v = value(t, row, c) else { return nil }
        switch v {
        case .bool(let b): return b
        case .number(let n) where n == 0 || n == 1: return n == 1
        case .text(let s):
            switch s.trimmed.lowercased() {
            case "true", "yes", "y", "1": return true
            case "false", "no", "n", "0": return false
            default: break
            }
        default: break
        }
        throw WorkbookError("\(t.ref(row, c!)): \(key) must be TRUE or FALSE")
    }

    /// Consecutive columns (years or kernel offsets) from the first: a gap before a later value is an error.
    func series(_ t: Table, _ row: Int, _ columns: [Int: Int], _ what: String) throws -> [Double]? {
        var out: [Double] = [], gap: Int?
        for k in 0..<(columns.keys.max().map { $0 + 1 } ?? 0) {
            guard let c = columns[k], let n = try number(t, row, c, what) else {
                if gap == nil { gap = columns[k] ?? -1 }
                continue
            }
            if let g = gap {
                throw WorkbookError("\(t.ref(row, g >= 0 ? g : c)): \(what) is empty here but a later column has a value; fill every column up to the last")
            }
            out.append(n)
        }
        return out.isEmpty ? nil : out
    }

    func numbers(_ vs: [Double]) -> JSONValue { .array(vs.map { .number($0) }) }
}
