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

    /// A number for CSV: rounded to 6 decimals (£1 in £m, a millionth of a percentage point), so a sheet shows
    /// 3726.231, not the binary artefact 3726.2309999999998; written as JSON writes numbers.
    public static func csv(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return json(value) }
        return json((value * 1e6).rounded() / 1e6)
    }

    /// A count with thousands separators, e.g. `1,000,000` draws.
    public static func count(_ n: Int) -> String { fixed(Double(n), decimals: 0) }

    /// A value with a fixed number of decimals and thousands separators, e.g. `-1,234.5`.
    public static func fixed(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        // Beyond any real figure (a typo's 1e306): three significant figures and the power, 3.19e+306.
        if abs(value) >= 1e15 {
            let text = "\(value)"
            guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let mantissa = Double(text[..<e]) else { return text }
            var m = fixed(mantissa, decimals: 2, grouping: false)
            while m.contains("."), m.hasSuffix("0") { m.removeLast() }
            if m.hasSuffix(".") { m.removeLast() }
            return m + "e" + text[text.index(after: e)...]
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        var rounded = (abs(value) * scale).rounded() / scale
        if rounded == 0 { rounded = 0 }
        let negative = value < 0 && rounded != 0
        let whole = rounded.rounded(.down)
        let fraction = decimals > 0 ? Int64(((rounded - whole) * scale).rounded()) : 0
        // Written as bytes into one buffer (tables format thousands of numbers): the sign, the whole part
        // grouped in threes, and the fraction padded with zeros on the left to `decimals` digits.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48 + decimals) { out in
            var n = 0
            if negative { out[n] = UInt8(ascii: "-"); n += 1 }
            n = digits(UInt64(whole), grouped: grouping, into: out, at: n)
            if decimals > 0 {
                out[n] = UInt8(ascii: "."); n += 1
                let start = n
                n = digits(UInt64(fraction), grouped: false, into: out, at: n)
                let padding = decimals - (n - start)
                if padding > 0 {
                    for i in stride(from: n - 1, through: start, by: -1) { out[i + padding] = out[i] }
                    for i in start..<(start + padding) { out[i] = UInt8(ascii: "0") }
                    n += padding
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }

    /// Writes `value`'s decimal digits at `out[start...]`, with a comma between groups of three when
    /// `grouped` (and there are more than three), and returns the index after the last.
    private static func digits(_ value: UInt64, grouped: Bool, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var count = 1, rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        let end = start + count + (grouped && count > 3 ? (count - 1) / 3 : 0)
        var i = end - 1, v = value, written = 0
        repeat {
            if grouped && written > 0 && written % 3 == 0 { out[i] = UInt8(ascii: ","); i -= 1 }
            out[i] = UInt8(ascii: "0") + UInt8(v % 10); i -= 1
            v /= 10; written += 1
        } while v > 0
        return end
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
}

extension NumberFormat {
    /// A number as people write money in a spreadsheet or a CSV, read in £m: `-4.5`, `1,450.2`, `£4.5m`,
    /// `-£4.5m`, `£-4.5m`, `(4.9)` and `(£4.9m)` (an accountant's negative), `£500k` (0.5), `£1.2bn` (1,200), with
    /// a `−` (minus sign) read as `-`. Commas must group thousands. nil for anything else: a scale (`m`, `k`,
    /// `bn`) only with `£`, so a plain `4.5m` is not guessed at.
    public static func readMoney(_ text: String) -> Double? {
        var s = Substring(text)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        var negative = false
        if s.hasPrefix("("), s.hasSuffix(")") { s = s.dropFirst().dropLast(); negative = true }
        // One sign at most, before or after the £: '-£-5m' and '(-5)' are typos, not +5.
        var signed = negative
        func sign() -> Bool {
            guard s.hasPrefix("-") || s.hasPrefix("\u{2212}") || s.hasPrefix("+") else { return true }
            if signed { return false }
            signed = true
            if !s.hasPrefix("+") { negative = true }
            s = s.dropFirst()
            return true
        }
        guard sign() else { return nil }
        let pound = s.hasPrefix("£")
        if pound { s = s.dropFirst(); guard sign() else { return nil } }
        var scale = 1.0
        if pound {
            if s.hasSuffix("bn") { s = s.dropLast(2); scale = 1000 } else if s.hasSuffix("m") { s = s.dropLast() } else if s.hasSuffix("k") { s = s.dropLast(); scale = 0.001 }
        }
        guard let first = s.first, first.isASCII, first.isNumber || first == "." else { return nil }
        // Decimal digits only: Double would also read hexadecimal (0x10) and binary exponents (0x1p3).
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "," || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+") }) else { return nil }
        let whole = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if whole.contains(",") {
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        guard let n = Double(s.filter { $0 != "," }), n.isFinite else { return nil }
        return (negative ? -n : n) * scale
    }
}
