import PlanSupport
import PlanLanguage
import PlanModel
import PlanSession
@_exported import TestSupport

/// An in-memory host: captures output, keeps files in a dictionary, never waits.
final class TestHost: Host {
    var out = ""
    var err = ""
    var files: [String: [UInt8]] = [:]
    func write(_ text: String) { out += text }
    func writeError(_ text: String) { err += text }
    /// Paths that exist but cannot be read as a file (a folder, a device).
    var unreadable: Set<String> = []
    func readFile(_ path: String) throws -> [UInt8] {
        if unreadable.contains(path) { throw HostError("it is a directory, not a file") }
        guard let f = files[path] else { throw HostError("no such file") }
        return f
    }
    func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws {
        if unreadable.contains(path) { throw HostError("it is not a regular file") }
        files[path] = bytes
    }
    func fileExists(_ path: String) -> Bool { files[path] != nil || unreadable.contains(path) }
    func today() -> String { "2026-11-22" }
    /// What each pause is answered, in turn; then Enter.
    var pauseAnswers: [PauseAnswer] = []
    func atPause() -> PauseAnswer { pauseAnswers.isEmpty ? .goOn : pauseAnswers.removeFirst() }
    var interrupted = false
    func clearInterrupt() { interrupted = false }
    /// Ctrl-C as soon as a long statement reports progress (its Monte Carlo is under way).
    var interruptOnProgress = false
    func progress(_ message: String, fraction: Double) { if interruptOnProgress { interrupted = true } }
}

let defaultModel = try! ModelLoader.load(json: DefaultModel.json)

func makeSession(format: OutputFormat = .table) -> (Session, TestHost) {
    let host = TestHost()
    var options = Options()
    options.format = format
    options.echoStepsToStandardError = format == .json
    return (Session(model: defaultModel, host: host, options: options), host)
}

@discardableResult
func run(_ session: Session, _ text: String, name: String = "t.scenario") -> RunStatus {
    session.run(SourceFile(name: name, text: text))
}

import PlanRender

