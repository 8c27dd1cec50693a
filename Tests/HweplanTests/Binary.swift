import Foundation
@_exported import TestSupport

/// Runs the built `hweplan` binary as a user would, capturing standard output, error and the exit status.
enum Binary {
    /// The repository's root, without the trailing slash.
    static let root = String(Repository.root.dropLast())

    /// The executable next to the test bundle (swift test builds it), else in .build/debug.
    static let path: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle.appendingPathComponent("hweplan").path, bundle.deletingLastPathComponent().appendingPathComponent("hweplan").path,
                          root + "/.build/debug/hweplan"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return root + "/.build/debug/hweplan"
    }()

    struct Result { var out: String; var err: String; var status: Int32 }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil) -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "interactive=no"
        env["SOURCE_DATE_EPOCH"] = "1795305600"
        env["HWEPLAN_HISTORY"] = ""
        env["TERM"] = "xterm-256color"
        env["NO_COLOR"] = nil
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = inPipe
        try! p.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        // Standard output is read on another thread while this one reads standard error, so neither pipe fills.
        final class Box: @unchecked Sendable { var data = Data() }
        let out = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { out.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(out: String(decoding: out.data, as: UTF8.self), err: String(decoding: err, as: UTF8.self), status: p.terminationStatus)
    }

    static func temporaryDirectory() -> String {
        let dir = NSTemporaryDirectory() + "hweplan-tests-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Another program the tests drive (Chromium, poppler, LibreOffice): its standard output, error discarded.
    @discardableResult
    static func tool(_ program: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Debian's Chromium, where installed.
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
