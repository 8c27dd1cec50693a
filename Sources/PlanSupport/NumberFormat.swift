/// Number formatting shared by the renderers and messages; pure, locale-free.
public enum NumberFormat {
    /// A Double as a JSON number at full precision (shortest round-trip form).
    /// Non-finite values, which the engine never produces for a valid model, become `null`.
    public static func json(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A value with a fixed number of decimals and thousands separators, e.g. `-1,234.5`.
    public static func fixed(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if abs(value) >= 1e15 { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        var rounded = (abs(value) * scale).rounded() / scale
        if rounded == 0 { rounded = 0 }
        let negative = value < 0 && rounded != 0
        let whole = rounded.rounded(.down)
        var fraction = ""
        if decimals > 0 {
            let digits = Int64(((rounded - whole) * scale).rounded())
            let text = String(digits)
            fraction = "." + String(repeating: "0", count: max(0, decimals - text.count)) + text
        }
        var integer = integerText(whole)
        if grouping { integer = group(integer) }
        return (negative ? "-" : "") + integer + fraction
    }

    /// Money in £m for tables: `£1,234.5m`, `-£12.0m`.
    public static func money(_ value: Double, decimals: Int = 1) -> String {
        let text = fixed(abs(value), decimals: decimals)
        let negative = value < 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," })
        return (negative ? "-£" : "£") + text + "m"
    }

    /// A fraction as a percentage, `0.025` → `2.5%`, trailing zeros trimmed.
    public static func percent(_ fraction: Double, maxDecimals: Int = 4) -> String {
        trimmed(fraction * 100, maxDecimals: maxDecimals) + "%"
    }

    /// A plain number with up to `maxDecimals` decimals and no trailing zeros.
    public static func trimmed(_ value: Double, maxDecimals: Int = 6) -> String {
        var text = fixed(value, decimals: maxDecimals, grouping: false)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static func integerText(_ whole: Double) -> String {
        whole < 9e15 ? String(Int64(whole)) : String(whole)
    }

    private static func group(_ digits: String) -> String {
        guard digits.count > 3, digits.allSatisfy(\.isNumber) else { return digits }
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
