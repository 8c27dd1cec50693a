/// A model file that cannot be used: the JSON path at fault and what was expected.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The JSON path, e.g. `categories[3].returns.to`; empty for the whole file.
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) { self.path = path; self.message = message }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
