import PlanSupport

/// The figures of a board report as a reader sees them, for `verify`: every table cell, labelled by its
/// section, table heading, scenario group, row and column, and every sentence (readings, the summary's
/// lines, the health warning, the scenario list), in document order. Charts are left out (they draw the same
/// numbers), as are the provenance line (it holds the date) and the recommendation box (the author's).
public enum ReportFigures {
    public struct Figure: Equatable, Sendable {
        public var label: String
        public var value: String
    }

    /// The JSON text of the report's record (`BoardReport.record`), if it has one.
    public static func record(in html: String) -> String? {
        let b = Array(html.utf8)
        guard let start = find(b, Array("<pre id=\"hweplan-record\" hidden>".utf8), from: 0) else { return nil }
        let from = start + "<pre id=\"hweplan-record\" hidden>".utf8.count
        guard let end = find(b, Array("</pre>".utf8), from: from) else { return nil }
        return unescape(String(decoding: b[from..<end], as: UTF8.self))
    }

    public static func figures(in html: String) -> [Figure] {
        let b = Array(html.utf8)
        var out: [Figure] = []
        var h2 = "", h3 = "", group = "", rowHeader = ""
        var header: [String] = [], column = 0, groupRow = false
        var i = 0
        func text(until close: String) -> String {
            let end = find(b, Array(close.utf8), from: i) ?? b.count
            defer { i = min(b.count, end + close.utf8.count) }
            return clean(String(decoding: b[i..<end], as: UTF8.self))
        }
        func raw(until close: String) -> String {
            let end = find(b, Array(close.utf8), from: i) ?? b.count
            defer { i = min(b.count, end + close.utf8.count) }
            return String(decoding: b[i..<end], as: UTF8.self)
        }
        func label(_ parts: [String]) -> String { parts.filter { !$0.isEmpty }.joined(separator: " › ") }
        while i < b.count {
            guard b[i] == UInt8(ascii: "<"), let close = b[i...].firstIndex(of: UInt8(ascii: ">")) else { i += 1; continue }
            let tag = String(decoding: b[(i + 1)..<close], as: UTF8.self)
            let name = String(tag.prefix { $0 != " " }).lowercased()
            i = close + 1
            switch name {
            case "h1", "h2":
                h2 = text(until: "</\(name)>"); h3 = ""
            case "h3": h3 = text(until: "</h3>")
            case "table": header = []; group = ""
            case "tr": column = 0; rowHeader = ""; groupRow = tag.contains("class=\"group\"")
            case "th":
                let t = text(until: "</th>")
                if groupRow { group = t } else if tag.contains("scope=\"row\"") { rowHeader = t } else { header.append(t) }
                column += 1
            case "td":
                let t = text(until: "</td>")
                out.append(Figure(label: label([h2, h3, group, rowHeader, header.indices.contains(column) ? header[column] : "column \(column + 1)"]), value: t))
                column += 1
            case "p", "li":
                // The provenance (hashes, draws, seed, version) is checked too; only the day it was written may differ.
                if tag.contains("id=\"provenance\"") { out.append(Figure(label: label([h2, "provenance"]), value: withoutDates(text(until: "</p>")))); continue }
                let t = text(until: "</\(name)>")
                if !t.isEmpty { out.append(Figure(label: label([h2, h3, name == "li" ? "item" : "text"]), value: t)) }
            case "div" where tag.contains("id=\"health-warning\""):
                out.append(Figure(label: label([h2, "health warning"]), value: text(until: "</div>")))
            case "svg":
                // A chart's words and numbers (its labels, axes and values) are figures a reader sees.
                let chart = attribute("aria-label", in: tag) ?? "chart"
                let body = raw(until: "</svg>")
                for (k, t) in texts(in: body).enumerated() { out.append(Figure(label: label([h2, h3, "chart “\(chart)”", "text \(k + 1)"]), value: t)) }
                // Its shapes (lines, bars, points) as one figure: a digest of the drawing, which the re-run draws alike.
                out.append(Figure(label: label([h2, h3, "chart “\(chart)”", "drawing"]), value: "shapes " + digest(body)))
            case "pre", "style", "title":
                _ = text(until: "</\(name)>")
            case "div" where tag.contains("class=\"box\""):
                _ = text(until: "</div>")
            default: break
            }
        }
        return out
    }

    /// What `verify` found: the report's figures against the re-run's, in document order.
    public struct Verdict: Equatable, Sendable {
        /// The first label where the two layouts part (another version of hweplan drew the report).
        public var layoutDiffersAt: String?
        /// Each figure that is not reproduced, in words, and how many figures the report has.
        public var differences: [String]
        public var figures: Int

        /// At most this many differences are named; the rest are counted.
        public static let shown = 10

        public init(report was: [Figure], rerun now: [Figure]) {
            figures = was.count
            layoutDiffersAt = zip(was, now).first { $0.label != $1.label }?.0.label
            differences = zip(was, now).filter { $0.value != $1.value }
                .map { "\($0.label): the report says “\($0.value)”, the re-run gives “\($1.value)”" }
            if was.count != now.count { differences.append("the report has \(was.count) figures, the re-run \(now.count)") }
        }

        /// The first differences, then "and N more", then what to try when the actuals may be why.
        public var notes: [String] {
            let more = differences.count - Verdict.shown
            let actuals = differences.contains { $0.hasPrefix("Actuals against plan") || $0.hasPrefix("the report has") }
            return Array(differences.prefix(Verdict.shown)) + (more > 0 ? ["and \(more) more"] : [])
                + (actuals ? ["if the report compared actuals, load the same file first (`actuals load`)"] : [])
        }

        /// A report drawn another number of times, or with another seed, than this version draws.
        public static func drawsDiffer(_ file: String, draws: Int, seed: Int, expected: Int) -> String {
            "'\(file)' drew \(NumberFormat.count(draws)) times with seed \(seed); this version draws \(NumberFormat.count(expected)) with seed 1"
        }

        public func failure(_ file: String) -> String {
            "'\(file)': \(differences.count) of \(figures) figures \(differences.count == 1 ? "is" : "are") not reproduced"
        }

        public func success(_ file: String, modelHash: String, scenarios: Int, draws: Int, seed: UInt64) -> String {
            "verified \(file): all \(NumberFormat.count(figures)) figures reproduced (model \(modelHash), \(scenarios) scenario\(scenarios == 1 ? "" : "s"), "
                + "\(NumberFormat.count(draws)) draws, seed \(seed))"
        }
    }

    /// A short digest of a drawing's markup (FNV-1a, 64 bits), to tell a moved point or bar without quoting it.
    static func digest(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let text = String(h, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// The page as verify compares it whole: the day it was written and the author's recommendation (the one
    /// part of the page meant to be edited) masked. Any other difference from the re-drawn page (a comment, a
    /// colour, a script, a sentence in a span) is an edit, even where no figure moved.
    public static func comparable(_ html: String) -> String {
        var s = withoutDates(html)
        let open = "<p><b>Recommendation:</b></p><div class=\"box\">"
        if let start = s.range(of: open), let end = s.range(of: "</div>", range: start.upperBound..<s.endIndex) {
            s.replaceSubrange(start.upperBound..<end.lowerBound, with: "(the author's)")
        }
        return s
    }

    /// Where two pages part, with a little of each around it, for the message.
    public static func firstDifference(_ a: String, _ b: String) -> (was: String, now: String) {
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0
        while i < min(x.count, y.count), x[i] == y[i] { i += 1 }
        func around(_ u: [UInt8]) -> String {
            let from = max(0, i - 40), to = min(u.count, i + 40)
            return String(decoding: u[from..<to], as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        }
        return (around(x), around(y))
    }

    /// An attribute's value in a start tag's text (`aria-label="waterfall"` → waterfall), entities decoded.
    static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: name + "=\"") else { return nil }
        guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return unescape(String(tag[start.upperBound..<end]))
    }

    /// The text of each `<text>` element of an SVG, in order.
    static func texts(in svg: String) -> [String] {
        var out: [String] = [], rest = Substring(svg)
        while let open = rest.range(of: "<text"), let startEnd = rest[open.upperBound...].firstIndex(of: ">"),
              let close = rest[startEnd...].range(of: "</text>") {
            out.append(clean(String(rest[rest.index(after: startEnd)..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// Text with each date (2026-12-08) written as "(date)": a report verified on another day is the same report.
    static func withoutDates(_ s: String) -> String {
        var out = "", chars = Array(s), i = 0
        func digits(_ from: Int, _ n: Int) -> Bool { from + n <= chars.count && chars[from..<(from + n)].allSatisfy { $0.isASCII && $0.isNumber } }
        while i < chars.count {
            if digits(i, 4), i + 10 <= chars.count, chars[i + 4] == "-", digits(i + 5, 2), chars[i + 7] == "-", digits(i + 8, 2) {
                out += "(date)"; i += 10
            } else { out.append(chars[i]); i += 1 }
        }
        return out
    }

    static func find(_ b: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, b.count >= needle.count, from <= b.count - needle.count else { return nil }
        var i = from
        while i <= b.count - needle.count {
            if b[i] == needle[0], b[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Text without its tags, entities decoded, whitespace collapsed.
    static func clean(_ s: String) -> String {
        var out = "", inTag = false
        for ch in s { if ch == "<" { inTag = true } else if ch == ">" { inTag = false; out.append(" ") } else if !inTag { out.append(ch) } }
        return unescape(out).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
            .replacingOccurrences(of: " .", with: ".").replacingOccurrences(of: " ,", with: ",").replacingOccurrences(of: " :", with: ":").replacingOccurrences(of: " ;", with: ";")
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
