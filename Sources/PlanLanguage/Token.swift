/// A number as written: its value (money in £m, percent as a fraction) and its unit.
public struct Quantity: Equatable, Sendable {
    public enum Unit: String, Sendable { case bare, money, percent }
    public var value: Double
    public var unit: Unit
    public var range: SourceRange
    public init(value: Double, unit: Unit, range: SourceRange) { self.value = value; self.unit = unit; self.range = range }
}

public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A word: keyword or identifier, as written (compare keywords case-insensitively).
        case word(String)
        case number(Double, Quantity.Unit)
        /// `2024/25` or `2024-25`: the calendar year the financial year starts in.
        case yearLabel(Int)
        case string(String)
        case symbol(String)
        /// End of a statement: newline or `;`.
        case end
        case eof
        /// Text the lexer could not read: the statement it stands in is reported, the rest still runs.
        case invalid(Diagnostic)
    }
    public var kind: Kind
    public var range: SourceRange
    /// The text as written, for messages.
    public var text: String
}
