/// Everything the session needs from outside: output, files, the date, waiting and interruption.
/// The executable implements it over the terminal and the file system; tests implement it in memory.
public protocol Host: AnyObject {
    /// Results, to standard output.
    func write(_ text: String)
    /// Diagnostics, warnings and progress, to standard error.
    func writeError(_ text: String)
    func readFile(_ path: String) throws -> [UInt8]
    /// Writes through a temporary file and a rename, so nothing half-written is ever left.
    func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws
    func fileExists(_ path: String) -> Bool
    /// Today's date, `2026-11-22`, for the header of saved scripts.
    func today() -> String
    /// Step mode: waits at a `pause` for Enter (go on), `q` (stop) or a statement to run there.
    func atPause() -> PauseAnswer
    /// Whether Ctrl-C was pressed since the flag was last cleared.
    var interrupted: Bool { get }
    func clearInterrupt()
    /// Shows progress of long work (only on a terminal, after a short delay).
    func progress(_ message: String, fraction: Double)
}

/// What the trainer answered at a step-mode `pause`.
public enum PauseAnswer: Equatable, Sendable {
    case goOn, stop
    /// A statement typed at the pause (a question from the room): it runs, and the pause waits again.
    case statement(String)
}

/// A file error with a message for the user.
public struct HostError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A host that prints nothing, reads no file and never waits: for benchmarks and fuzzing.
public final class SilentHost: Host {
    public init() {}
    public func write(_ text: String) {}
    public func writeError(_ text: String) {}
    public func readFile(_ path: String) throws -> [UInt8] { throw HostError("no files here") }
    public func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws {}
    public func fileExists(_ path: String) -> Bool { false }
    public func today() -> String { "2026-01-01" }
    public func atPause() -> PauseAnswer { .goOn }
    public var interrupted: Bool { false }
    public func clearInterrupt() {}
    public func progress(_ message: String, fraction: Double) {}
}
