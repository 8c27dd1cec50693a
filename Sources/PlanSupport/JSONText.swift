/// Writing JSON text: string quoting and number formatting, shared by `model save` and `--format json`.
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public static func number(_ v: Double) -> String { NumberFormat.json(v) }

    public static func numbers(_ vs: [Double]) -> String { "[" + vs.map(NumberFormat.json).joined(separator: ",") + "]" }
}
