/// Words wrapped to a width: the one way long text lines fold for an 80-column terminal.
public enum Wrap {
    /// `text` in lines of at most `width` visible columns (a single longer word stands alone); every line
    /// after the first starts with `indent`.
    public static func lines(_ text: String, width: Int, indent: String = "  ") -> [String] {
        guard visibleWidth(text) > width else { return [text] }
        // The text's own leading spaces stay on its first line.
        let lead = String(text.prefix { $0 == " " })
        let leadWidth = visibleWidth(lead), indentWidth = visibleWidth(indent), indentHasText = indent.contains { $0 != " " }
        // The line so far, its width (widths add up: words hold whole escapes), and whether it has more than spaces.
        var lines: [String] = [], current = lead, currentWidth = leadWidth, hasText = false
        for word in text.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
            let atLead = current == lead, wordWidth = visibleWidth(word)
            let candidateWidth = atLead ? leadWidth + wordWidth : currentWidth + 1 + wordWidth
            if candidateWidth > width, hasText, current != indent {
                lines.append(current)
                current = indent + word
                currentWidth = indentWidth + wordWidth
                hasText = indentHasText || !word.isEmpty
            } else {
                if !atLead { current += " " }
                current += word
                currentWidth = candidateWidth
                hasText = hasText || !word.isEmpty
            }
        }
        lines.append(current)
        return lines
    }
}

/// The printable width of a string: its Unicode scalars, less ANSI escapes (ESC up to `m`), which take no room.
/// Counted on the UTF-8 bytes (a scalar is a byte that does not continue one): tables measure every cell.
public func visibleWidth(_ s: String) -> Int {
    var copy = s
    return copy.withUTF8 { visibleWidth(utf8: $0) }
}

/// The printable width of a substring (a word of a line being wrapped).
public func visibleWidth(_ s: Substring) -> Int {
    var copy = s
    return copy.withUTF8 { visibleWidth(utf8: $0) }
}

@inline(__always)
private func visibleWidth(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var width = 0, inEscape = false
    for b in bytes {
        if inEscape { if b == UInt8(ascii: "m") { inEscape = false }; continue }
        if b == 0x1B { inEscape = true; continue }
        if b & 0xC0 != 0x80 { width += 1 }
    }
    return width
}
