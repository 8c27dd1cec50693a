import CZlib

/// What a cell of a workbook holds, as Excel, LibreOffice and openpyxl write it: a number (formulas give
/// their cached value), text (shared or inline), a truth value, or an error such as `#DIV/0!`.
public enum XlsxValue: Equatable, Sendable {
    case number(Double)
    case text(String)
    case bool(Bool)
    case error(String)
}

/// One worksheet: its name and its non-empty cells by row (1-based) and column (0-based).
public struct XlsxSheet: Sendable {
    public var name: String
    public var rows: [Int: [Int: XlsxValue]]
    /// The last row with a cell, 0 when empty.
    public var lastRow: Int { rows.keys.max() ?? 0 }
    public subscript(row: Int, column: Int) -> XlsxValue? { rows[row]?[column] }
}

public struct XlsxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads an .xlsx package (Office Open XML): the ZIP directory, DEFLATE through Debian's zlib, the workbook's
/// sheets in order, shared strings, and each sheet's cells. Enough of the format for what Excel, LibreOffice
/// and openpyxl write; charts, styles and formulas' text are ignored (a formula's cached value is read).
public enum XlsxReader {
    /// The largest part read, uncompressed: a planning workbook is some hundreds of kilobytes.
    static let maxPart = 64 << 20

    public static func read(_ bytes: [UInt8]) throws -> [XlsxSheet] {
        let zip = try ZipArchive(bytes)
        func part(_ path: String) throws -> String {
            let text = try zip.text(path)
            guard XML.isWellFormed(text) else {
                throw XlsxError("its part \(path) is cut short or is not well-formed XML: the file is damaged; open and save it again in Excel or LibreOffice")
            }
            return text
        }
        let workbook = try part("xl/workbook.xml")
        let rels = zip.has("xl/_rels/workbook.xml.rels") ? try part("xl/_rels/workbook.xml.rels") : ""
        var targets: [String: String] = [:]
        for e in XML.elements(rels) where e.name == "Relationship" {
            if let id = e.attributes["Id"], let target = e.attributes["Target"] { targets[id] = target }
        }
        let shared = zip.has("xl/sharedStrings.xml") ? sharedStrings(try part("xl/sharedStrings.xml")) : []
        var sheets: [XlsxSheet] = []
        for e in XML.elements(workbook) where e.name == "sheet" {
            guard let name = e.attributes["name"] else { continue }
            let rid = e.attributes.first { $0.key.hasSuffix(":id") || $0.key == "id" }?.value
            var path = rid.flatMap { targets[$0] } ?? "worksheets/sheet\(sheets.count + 1).xml"
            path = path.hasPrefix("/") ? String(path.dropFirst()) : "xl/" + path
            guard zip.has(path) else { throw XlsxError("the workbook lists sheet '\(name)' but its part \(path) is missing") }
            sheets.append(XlsxSheet(name: name, rows: try cells(part(path), shared)))
        }
        if sheets.isEmpty { throw XlsxError("the workbook has no sheets") }
        return sheets
    }

    /// `<si>` items: the text of their `<t>` runs, leaving out phonetic runs (`<rPh>`).
    static func sharedStrings(_ xml: String) -> [String] {
        var out: [String] = [], current = "", inItem = false, phonetic = 0, inText = false
        XML.scan(xml) { event in
            switch event {
            case let .start(name, _, selfClosing):
                if name == "si" { inItem = !selfClosing; current = ""; if selfClosing { out.append("") } }
                if name == "rPh" && !selfClosing { phonetic += 1 }
                if name == "t" && !selfClosing { inText = true }
            case let .end(name):
                if name == "si" { out.append(current); inItem = false }
                if name == "rPh" { phonetic -= 1 }
                if name == "t" { inText = false }
            case let .text(t):
                if inItem, inText, phonetic == 0 { current += t }
            }
        }
        return out
    }

    /// A sheet's cells: `<c r="D7" t="s"><v>12</v></c>`, inline strings, booleans, errors and formulas'
    /// cached values. A cell or row without `r` follows the one before it.
    static func cells(_ xml: String, _ shared: [String]) throws -> [Int: [Int: XlsxValue]] {
        var rows: [Int: [Int: XlsxValue]] = [:]
        var row = 0, column = -1
        var type = "", value = "", inline = "", formula = "", inValue = false, inInline = false, inFormula = false, inCell = false
        var failure: XlsxError?
        XML.scan(xml) { event in
            guard failure == nil else { return }
            switch event {
            case let .start(name, attributes, selfClosing):
                switch name {
                case "row":
                    row = attributes["r"].flatMap { Int($0) } ?? row + 1
                    column = -1
                case "c":
                    if let r = attributes["r"], let ref = CellRef(r) { row = ref.row; column = ref.column } else { column += 1 }
                    type = attributes["t"] ?? "n"
                    value = ""; inline = ""; formula = ""
                    inCell = !selfClosing
                case "v": inValue = !selfClosing
                case "f": inFormula = !selfClosing; if selfClosing { formula = "=" }
                case "is": inInline = !selfClosing
                default: break
                }
            case let .end(name):
                switch name {
                case "v": inValue = false
                case "f": inFormula = false; if formula.isEmpty { formula = "=" }
                case "is": inInline = false
                case "c":
                    guard inCell else { break }
                    inCell = false
                    let cell: XlsxValue?
                    // A formula no application has calculated yet (openpyxl writes them so) has no value to read.
                    if !formula.isEmpty, value.trimmed.isEmpty, type != "inlineStr" {
                        rows[row, default: [:]][column] = .error(formula.hasPrefix("=") ? formula : "=" + formula)
                        return
                    }
                    switch type {
                    case "s":
                        guard let i = Int(value.trimmed), shared.indices.contains(i) else {
                            failure = XlsxError("\(CellRef(row: row, column: column)): a shared string that is not in the workbook"); return
                        }
                        cell = .text(shared[i])
                    case "inlineStr": cell = .text(inline)
                    case "str": cell = .text(value)
                    case "b": cell = .bool(value.trimmed == "1" || value.trimmed.lowercased() == "true")
                    case "e": cell = .error(value)
                    default:
                        let v = value.trimmed
                        if v.isEmpty { cell = nil } else if let d = Double(v) { cell = .number(d) } else { cell = .text(v) }
                    }
                    if let cell { rows[row, default: [:]][column] = cell }
                default: break
                }
            case let .text(t):
                if inValue { value += t } else if inInline { inline += t } else if inFormula { formula += t }
            }
        }
        if let failure { throw failure }
        return rows
    }
}

/// A cell's reference: `D7` is row 7, column 3 (0-based).
public struct CellRef: Hashable, Sendable, CustomStringConvertible {
    public var row: Int, column: Int
    public init(row: Int, column: Int) { self.row = row; self.column = column }
    public init?(_ text: String) {
        var letters = 0, digits = 0, seenDigit = false
        for u in text.unicodeScalars {
            switch u.value {
            case 65...90 where !seenDigit: letters = letters * 26 + Int(u.value - 64)
            case 97...122 where !seenDigit: letters = letters * 26 + Int(u.value - 96)
            case 48...57: seenDigit = true; digits = digits * 10 + Int(u.value - 48); if digits > 10_000_000 { return nil }
            case 36: continue // $A$1
            default: return nil
            }
        }
        guard letters > 0, digits > 0 else { return nil }
        row = digits; column = letters - 1
    }
    public static func letters(_ column: Int) -> String {
        var n = column + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }
    public var description: String { CellRef.letters(column) + "\(row)" }
}

/// The entries of a ZIP archive, stored or DEFLATE-compressed, found through its central directory.
struct ZipArchive {
    private let bytes: [UInt8]
    private var entries: [String: (method: Int, offset: Int, compressed: Int, size: Int, crc: UInt32)] = [:]

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let n = bytes.count
        guard n >= 22 else { throw XlsxError("not an .xlsx workbook (too short to be a ZIP package)") }
        var end = -1
        var i = n - 22
        while i >= max(0, n - 22 - 65_535) {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { end = i; break }
            i -= 1
        }
        guard end >= 0 else { throw XlsxError("not an .xlsx workbook (no ZIP directory)") }
        let count = u16(end + 10), start = u32(end + 16)
        var p = start
        for _ in 0..<count {
            guard p + 46 <= n, u32(p) == 0x0201_4B50 else { throw XlsxError("a damaged .xlsx workbook (its ZIP directory)") }
            let method = u16(p + 10), crc = UInt32(u32(p + 16)), compressed = u32(p + 20), size = u32(p + 24)
            let nameLength = u16(p + 28), extra = u16(p + 30), comment = u16(p + 32), offset = u32(p + 42)
            guard p + 46 + nameLength <= n else { throw XlsxError("a damaged .xlsx workbook (its ZIP directory)") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            entries[name] = (method, offset, compressed, size, crc)
            p += 46 + nameLength + extra + comment
        }
    }

    func has(_ name: String) -> Bool { entries[name] != nil }

    func data(_ name: String) throws -> [UInt8] {
        guard let e = entries[name] else { throw XlsxError("not an .xlsx workbook (no \(name))") }
        guard e.size <= XlsxReader.maxPart else { throw XlsxError("\(name) is larger than \(XlsxReader.maxPart >> 20) MiB uncompressed") }
        let h = e.offset
        guard h + 30 <= bytes.count, u32(h) == 0x0403_4B50 else { throw XlsxError("a damaged .xlsx workbook (\(name))") }
        let start = h + 30 + u16(h + 26) + u16(h + 28)
        guard start + e.compressed <= bytes.count else { throw XlsxError("a damaged .xlsx workbook (\(name) is cut short)") }
        var out: [UInt8]
        switch e.method {
        case 0:
            out = Array(bytes[start..<(start + e.compressed)])
        case 8:
            out = [UInt8](repeating: 0, count: e.size)
            if e.size > 0 {
                let written = bytes.withUnsafeBufferPointer { src in
                    out.withUnsafeMutableBufferPointer { dst in
                        czlib_inflate_raw(src.baseAddress! + start, UInt(e.compressed), dst.baseAddress!, UInt(e.size))
                    }
                }
                guard written == e.size else { throw XlsxError("a damaged .xlsx workbook (\(name) does not decompress)") }
            }
        default:
            throw XlsxError("\(name) uses ZIP compression method \(e.method); save the workbook again from Excel or LibreOffice")
        }
        let crc = out.withUnsafeBufferPointer { czlib_crc32($0.baseAddress, UInt($0.count)) }
        guard UInt32(truncatingIfNeeded: crc) == e.crc else { throw XlsxError("a damaged .xlsx workbook (\(name) fails its checksum)") }
        return out
    }

    func text(_ name: String) throws -> String {
        let d = try data(name)
        guard let s = String(validating: d, as: UTF8.self) else { throw XlsxError("\(name) is not UTF-8 text") }
        return s
    }

    private func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
    private func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
}

/// A small XML scanner: start and end tags (namespace prefixes dropped), attributes and text with entities
/// decoded. Comments, processing instructions, DOCTYPE and CDATA are skipped or read as text.
enum XML {
    enum Event {
        case start(String, [String: String], selfClosing: Bool)
        case end(String)
        case text(String)
    }

    struct Element { var name: String; var attributes: [String: String] }

    /// Every start tag, in order.
    static func elements(_ xml: String) -> [Element] {
        var out: [Element] = []
        scan(xml) { if case let .start(name, attributes, _) = $0 { out.append(Element(name: name, attributes: attributes)) } }
        return out
    }

    /// Whether a part is whole: every element closed in order, one root, and nothing after a cut-off tag. A
    /// part cut short (a damaged file) would otherwise read as fewer rows, without a word.
    static func isWellFormed(_ xml: String) -> Bool {
        var trimmed = Substring(xml)
        while let l = trimmed.last, l == " " || l == "\n" || l == "\r" || l == "\t" { trimmed = trimmed.dropLast() }
        guard trimmed.hasSuffix(">") else { return false }
        var open: [String] = [], roots = 0, whole = true
        scan(xml) { event in
            switch event {
            case let .start(name, _, selfClosing):
                if open.isEmpty { roots += 1 }
                if !selfClosing { open.append(name) }
            case let .end(name):
                if open.last == name { open.removeLast() } else { whole = false }
            case .text: break
            }
        }
        return whole && open.isEmpty && roots == 1
    }

    static func scan(_ xml: String, _ body: (Event) -> Void) {
        let u = Array(xml.utf8)
        let n = u.count
        var i = 0
        while i < n {
            if u[i] != 0x3C { // text up to the next '<'
                var j = i
                while j < n && u[j] != 0x3C { j += 1 }
                body(.text(decode(u[i..<j])))
                i = j
                continue
            }
            if i + 1 < n, u[i + 1] == 0x3F { i = find(u, [0x3F, 0x3E], from: i + 2) + 2; continue } // <? ?>
            if i + 3 < n, u[i + 1] == 0x21, u[i + 2] == 0x2D, u[i + 3] == 0x2D { i = find(u, [0x2D, 0x2D, 0x3E], from: i + 4) + 3; continue }
            if i + 8 < n, u[i + 1] == 0x21, u[i + 2] == 0x5B { // <![CDATA[ ... ]]>
                let end = find(u, [0x5D, 0x5D, 0x3E], from: i + 9)
                body(.text(String(decoding: u[min(i + 9, end)..<end], as: UTF8.self)))
                i = end + 3
                continue
            }
            if i + 1 < n, u[i + 1] == 0x21 { i = find(u, [0x3E], from: i + 2) + 1; continue } // <!DOCTYPE>
            // A tag: find its end, minding quoted attribute values.
            var j = i + 1, quote: UInt8 = 0
            while j < n {
                let c = u[j]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
                j += 1
            }
            let inner = u[(i + 1)..<min(j, n)]
            i = j + 1
            if inner.first == 0x2F { body(.end(localName(inner.dropFirst()))); continue }
            let selfClosing = inner.last == 0x2F
            let tag = selfClosing ? inner.dropLast() : inner
            var k = tag.startIndex
            while k < tag.endIndex, !isSpace(tag[k]) { k += 1 }
            let name = localName(tag[tag.startIndex..<k])
            body(.start(name, attributes(tag[k...]), selfClosing: selfClosing))
        }
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func localName(_ s: ArraySlice<UInt8>) -> String {
        var t = s
        while let l = t.last, isSpace(l) { t = t.dropLast() }
        if let colon = t.lastIndex(of: 0x3A) { t = t[(colon + 1)...] }
        return String(decoding: t, as: UTF8.self)
    }

    private static func attributes(_ s: ArraySlice<UInt8>) -> [String: String] {
        var out: [String: String] = [:]
        var k = s.startIndex
        while k < s.endIndex {
            while k < s.endIndex, isSpace(s[k]) { k += 1 }
            let nameStart = k
            while k < s.endIndex, s[k] != 0x3D, !isSpace(s[k]) { k += 1 }
            let name = String(decoding: s[nameStart..<k], as: UTF8.self)
            while k < s.endIndex, isSpace(s[k]) { k += 1 }
            guard k < s.endIndex, s[k] == 0x3D else { break }
            k += 1
            while k < s.endIndex, isSpace(s[k]) { k += 1 }
            guard k < s.endIndex, s[k] == 0x22 || s[k] == 0x27 else { break }
            let quote = s[k]
            k += 1
            let valueStart = k
            while k < s.endIndex, s[k] != quote { k += 1 }
            let value = decode(s[valueStart..<k])
            k += 1
            let local = name.split(separator: ":").count == 2 && !name.hasPrefix("xmlns") ? name : name
            out[local] = value
        }
        return out
    }

    private static func find(_ u: [UInt8], _ pattern: [UInt8], from: Int) -> Int {
        var i = from
        while i + pattern.count <= u.count {
            if u[i] == pattern[0], Array(u[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return u.count
    }

    /// Text with `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and numeric references decoded.
    static func decode(_ s: ArraySlice<UInt8>) -> String {
        guard s.contains(0x26) else { return String(decoding: s, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            guard s[i] == 0x26, let semi = s[i...].prefix(12).firstIndex(of: 0x3B) else { out.append(s[i]); i += 1; continue }
            let entity = String(decoding: s[(i + 1)..<semi], as: UTF8.self)
            var scalar: UnicodeScalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(UnicodeScalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(UnicodeScalar.init) }
            }
            if let scalar { out += Array(String(scalar).utf8); i = semi + 1 } else { out.append(s[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
