import PlanSupport


/// How text is decorated: ANSI colour (a swappable decorator, so tests see plain text) and
/// Unicode or plain ASCII symbols. Meaning never rests on colour alone.
public struct Style: Sendable {
    public var color: Bool
    public var unicode: Bool
    public init(color: Bool, unicode: Bool) { self.color = color; self.unicode = unicode }

    public func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    public func good(_ s: String) -> String { color ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    public func bad(_ s: String) -> String { color ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    public func warn(_ s: String) -> String { color ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    public func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    public var tick: String { unicode ? "✓" : "ok" }
    public var cross: String { unicode ? "✗" : "X" }
    public var up: String { unicode ? "▲" : "^" }
    public var down: String { unicode ? "▼" : "v" }
    public var dash: String { unicode ? "–" : "-" }
}


func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = spaces(max(0, width - visibleWidth(s)))
    return right ? fill + s : s + fill
}

/// `n` spaces (tables pad every cell; building a run of spaces anew each time was a tenth of a table's time).
func spaces(_ n: Int) -> String {
    n < runsOfSpaces.count ? runsOfSpaces[n] : String(repeating: " ", count: n)
}

private let runsOfSpaces: [String] = (0..<160).map { String(repeating: " ", count: $0) }

/// A name with its unit in brackets, unless the name already gives it in brackets ("Emergency admissions
/// for long-term conditions (index, 2026/27 = 100)" is not followed by "(index)"); the name alone without a unit.
func named(_ name: String, unit: String) -> String {
    unit.isEmpty || name.contains("(\(unit)") ? name : "\(name) (\(unit))"
}
