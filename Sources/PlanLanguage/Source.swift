/// A 1-based line and column (columns count Unicode scalars).
public struct Location: Equatable, Comparable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static func < (a: Location, b: Location) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// Where a piece of syntax stands: a file (or `<stdin>`), a start and an end (exclusive).
public struct SourceRange: Equatable, Sendable {
    public var file: String
    public var start: Location
    public var end: Location
    public init(file: String, start: Location, end: Location) { self.file = file; self.start = start; self.end = end }
}

/// A script's text with its name, split into lines for diagnostics.
public struct SourceFile: Sendable {
    public static let maxLineBytes = 64 * 1024

    public let name: String
    public let text: String
    public let lines: [Substring]
    /// The line number of the text's first line, less one: a prompt entry is line N of `<stdin>` without
    /// carrying the N − 1 lines before it.
    public let lineOffset: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.lineOffset = max(0, firstLine - 1)
        // Split on scalars: "\r\n" is one Character, so a Windows file split on the character "\n" stays one line.
        self.lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            Substring(scalars.last == "\r" ? scalars.dropLast() : scalars)
        }
    }

    /// The text of a 1-based line (counted from line 1 of the whole input), or "" outside this text.
    public func line(_ n: Int) -> Substring {
        let i = n - lineOffset
        return i >= 1 && i <= lines.count ? lines[i - 1] : ""
    }

    /// Decodes bytes read from a file or a terminal, refusing bytes that are not UTF-8 and lines over
    /// 64 KiB with a diagnostic at their line and column.
    public static func decode(_ bytes: [UInt8], name: String, firstLine: Int = 1) -> Result<SourceFile, Diagnostic> {
        // A UTF-8 byte-order mark (left by some Windows editors) is not part of the script.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decode(Array(bytes.dropFirst(3)), name: name, firstLine: firstLine) }
        var line = firstLine, column = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                if i - lineStart > maxLineBytes { return .failure(tooLong(name, line)) }
                line += 1; column = 1; i += 1; lineStart = i
                continue
            }
            let width: Int
            switch b {
            case 0x00..<0x80: width = 1
            case 0xC2...0xDF: width = 2
            case 0xE0...0xEF: width = 3
            case 0xF0...0xF4: width = 4
            default: width = 0
            }
            var valid = width > 0 && i + width <= bytes.count
            if valid, width > 1 {
                valid = bytes[(i + 1)..<(i + width)].allSatisfy { $0 & 0xC0 == 0x80 }
                    && String(validating: bytes[i..<(i + width)], as: UTF8.self) != nil
            }
            if !valid {
                let at = Location(line: line, column: column)
                let range = SourceRange(file: name, start: at, end: Location(line: line, column: column + 1))
                let source = SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self), firstLine: firstLine)
                return .failure(Diagnostic(.invalidUTF8, "bytes that are not UTF-8 (0x\(String(b, radix: 16, uppercase: true)))",
                                           range, notes: ["save the file as UTF-8"], source: source))
            }
            i += width
            column += 1
        }
        if bytes.count - lineStart > maxLineBytes { return .failure(tooLong(name, line)) }
        return .success(SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self), firstLine: firstLine))
    }

    private static func tooLong(_ name: String, _ line: Int) -> Diagnostic {
        let at = Location(line: line, column: 1)
        return Diagnostic(.lineTooLong, "line longer than 64 KiB", SourceRange(file: name, start: at, end: at),
                          notes: ["split the line, or use ';' and '\\' to spread statements over several lines"])
    }
}
