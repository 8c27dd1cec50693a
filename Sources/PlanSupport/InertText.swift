/// Text bound for a terminal, made inert (issue 27): whatever a user, a model file, an actuals CSV, a journal or
/// a file name put into it, no control character reaches the terminal. C0 controls other than newline and tab,
/// DEL, C1 controls and the bidirectional overrides and isolates are shown as `\u001B`, `\u202E` … (the JSON
/// spelling, so a JSON document stays valid and means the same). The program's own styles (bold, dim and three
/// colours, `ESC [ n m`) pass when `keepingStyles`, the caller's choice when colour is on.
public enum InertText {
    public static func inert(_ s: String, keepingStyles: Bool) -> String {
        guard needsWork(s) else { return s }
        var out = String.UnicodeScalarView()
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u.value == 0x1B, keepingStyles, let length = styleLength(scalars, at: i) {
                out.append(contentsOf: scalars[i..<i + length])
                i += length
                continue
            }
            if isUnsafe(u) {
                let hex = String(u.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                out.append(u)
            }
            i += 1
        }
        return String(out)
    }

    /// The styles `Style` writes: ESC [ 0|1|2|31|32|33 m.
    static let styles: [[UInt32]] = ["0", "1", "2", "31", "32", "33"].map { Array("\u{1B}[\($0)m".unicodeScalars.map(\.value)) }

    static func styleLength(_ scalars: [Unicode.Scalar], at i: Int) -> Int? {
        for style in styles where i + style.count <= scalars.count {
            if zip(style, scalars[i..<i + style.count]).allSatisfy({ $0 == $1.value }) { return style.count }
        }
        return nil
    }

    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A, 0x09: return false
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A quick look at the bytes: only text with a control byte, or a lead byte of C1 (C2), U+061C (D8) or the
    /// bidi controls (E2), needs the scalar-by-scalar pass.
    static func needsWork(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            bytes.contains { b in (b < 0x20 && b != 0x0A && b != 0x09) || b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2 }
        }
    }
}
