/// Words wrapped to a width: the one way long text lines fold for an 80-column terminal.
public enum Wrap {
    /// `text` in lines of at most `width` visible columns (a single longer word stands alone); every line
    /// after the first starts with `indent`.
    public static func lines(_ text: String, width: Int, indent: String = "  ") -> [String] {
        guard visibleWidth(text) > width else { return [text] }
        // The text's own leading spaces stay on its first line.
        let lead = String(text.prefix { $0 == " " })
        var lines: [String] = [], current = lead
        for word in text.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current == lead ? lead + word : current + " " + word
            if visibleWidth(candidate) > width, !current.trimmingCharacters(in: " ").isEmpty, current != indent {
                lines.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines
    }
}

extension String {
    fileprivate func trimmingCharacters(in c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}

/// The printable width of a string: ANSI escapes take no room.
public func visibleWidth(_ s: String) -> Int {
    var width = 0, inEscape = false
    for u in s.unicodeScalars {
        if inEscape { if u == "m" { inEscape = false }; continue }
        if u == "\u{1B}" { inEscape = true; continue }
        width += 1
    }
    return width
}
