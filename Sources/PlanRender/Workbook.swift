/// A small Office Open XML spreadsheet writer (`export xlsx`): sheets of text and numbers, numbers kept as
/// numbers with £m, percentage or decimal formats, frozen header rows and column widths. The package is a
/// ZIP of stored (uncompressed) entries with CRC-32 checksums and fixed timestamps, so the same workbook
/// gives the same bytes. No package on this machine writes .xlsx (docs/DECISIONS.md says why this is
/// written here rather than wrapping a C library).
public struct Workbook: Sendable {
    public enum Format: Int, Sendable {
        case general = 0, money = 1, percent = 2, decimal = 3, integer = 4
        /// A rate shown to two decimal places of a percentage (3.19%): the planning workbook's rates.
        case rate = 6
    }

    /// A drop-down list of the words a column's cells take (Excel's and LibreOffice's data validation).
    public struct Validation: Sendable {
        public var column: Int, firstRow: Int, lastRow: Int, words: [String]
        public init(column: Int, firstRow: Int, lastRow: Int, words: [String]) {
            self.column = column; self.firstRow = firstRow; self.lastRow = lastRow; self.words = words
        }
    }

    public enum Cell: Sendable {
        case empty
        case text(String)
        case number(Double, Format)
        case bold(String)
        /// TRUE or FALSE, as a spreadsheet's own truth value.
        case bool(Bool)
    }

    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
        /// Rows kept in view when scrolling (the header).
        public var frozenRows: Int
        /// Columns kept in view when scrolling right (the labels).
        public var frozenColumns: Int
        public var columnWidths: [Double]
        public var validations: [Validation]
        public init(name: String, rows: [[Cell]], frozenRows: Int = 1, frozenColumns: Int = 1, columnWidths: [Double] = [],
                    validations: [Validation] = []) {
            self.name = name; self.rows = rows; self.frozenRows = frozenRows; self.frozenColumns = frozenColumns
            self.columnWidths = columnWidths; self.validations = validations
        }
    }

    public var sheets: [Sheet]
    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The .xlsx file's bytes.
    public func bytes() -> [UInt8] {
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", contentTypes())
        zip.add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        zip.add("xl/workbook.xml", workbookXML())
        zip.add("xl/_rels/workbook.xml.rels", workbookRels())
        zip.add("xl/styles.xml", Workbook.styles)
        for (i, sheet) in sheets.enumerated() { zip.add("xl/worksheets/sheet\(i + 1).xml", sheetXML(sheet)) }
        return zip.finish()
    }

    private func contentTypes() -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
        """ + sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined() + "</Types>"
    }

    private func workbookXML() -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
        """ + sheets.enumerated().map { i, s in
            "<sheet name=\"\(Workbook.escape(Workbook.sheetName(s.name)))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }.joined() + "</sheets></workbook>"
    }

    private func workbookRels() -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        """ + sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined() + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    }

    /// Cell styles: 0 general, 1 £m (one decimal), 2 percentage, 3 two decimals, 4 whole number, 5 bold text,
    /// 6 percentage with two decimals.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="3"><numFmt numFmtId="164" formatCode="&quot;£&quot;#,##0.0&quot;m&quot;;&quot;-£&quot;#,##0.0&quot;m&quot;"/>\
        <numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="0.00%"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    private func sheetXML(_ sheet: Sheet) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        let fr = sheet.frozenRows, fc = sheet.frozenColumns
        if fr > 0 || fc > 0 {
            let topLeft = Workbook.column(fc) + "\(fr + 1)"
            let pane = fr > 0 && fc > 0 ? "bottomRight" : fr > 0 ? "bottomLeft" : "topRight"
            out += "<sheetViews><sheetView workbookViewId=\"0\"><pane"
                + (fc > 0 ? " xSplit=\"\(fc)\"" : "") + (fr > 0 ? " ySplit=\"\(fr)\"" : "")
                + " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !sheet.columnWidths.isEmpty {
            out += "<cols>" + sheet.columnWidths.enumerated().map { i, w in
                "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        out += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            out += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = Workbook.column(c) + "\(r + 1)"
                switch cell {
                case .empty: continue
                case .text(let s):
                    out += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Workbook.escape(s))</t></is></c>"
                case .bold(let s):
                    out += "<c r=\"\(ref)\" s=\"5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Workbook.escape(s))</t></is></c>"
                case .bool(let b):
                    out += "<c r=\"\(ref)\" t=\"b\"><v>\(b ? 1 : 0)</v></c>"
                case let .number(v, format):
                    guard v.isFinite else { continue }
                    out += "<c r=\"\(ref)\" s=\"\(format.rawValue)\"><v>\(Workbook.number(v))</v></c>"
                }
            }
            out += "</row>"
        }
        out += "</sheetData>"
        if !sheet.validations.isEmpty {
            out += "<dataValidations count=\"\(sheet.validations.count)\">" + sheet.validations.map { v in
                let range = Workbook.column(v.column) + "\(v.firstRow):" + Workbook.column(v.column) + "\(v.lastRow)"
                return "<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"\(range)\">"
                    + "<formula1>\(Workbook.escape("\"" + v.words.joined(separator: ",") + "\""))</formula1></dataValidation>"
            }.joined() + "</dataValidations>"
        }
        return out + "</worksheet>"
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// A number written so that it reads back exactly (Swift's shortest round-trip form).
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Sheet names: at most 31 characters, none of []:*?/\ .
    static func sheetName(_ s: String) -> String {
        String(s.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
    }

    /// XML text: the five escapes, and characters XML 1.0 cannot hold (controls other than tab, newline and
    /// return; U+FFFE and U+FFFF) dropped, so Excel, LibreOffice and openpyxl read the cell whole.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if u.value < 0x20, u != "\t", u != "\n", u != "\r" { continue }
                if u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// A ZIP archive of stored entries (no compression), enough for an .xlsx package.
struct ZipWriter {
    private var data: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ text: String) {
        let content = Array(text.utf8), nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(content), offset = data.count
        // Local file header: version 2.0, no flags, stored, 1980-01-01 00:00 (fixed: the same bytes every time).
        data += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
        data += le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count))
        data += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + content
        central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
        central += le32(crc) + le32(UInt32(content.count)) + le32(UInt32(content.count))
        central += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset))
        central += nameBytes
        count += 1
    }

    mutating func finish() -> [UInt8] {
        let start = data.count
        var out = data + central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
        out += le32(UInt32(central.count)) + le32(UInt32(start)) + le16(0)
        return out
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
}

/// CRC-32 (IEEE 802.3, as ZIP uses), table-driven.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
