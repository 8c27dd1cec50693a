import Foundation
import Testing

/// What every test target shares: where the repository and its fixtures are, and one golden comparer with
/// the `RECORD=1` switch (`make record`). Tests as data read their folders through here, so a folder that
/// went missing or empty fails instead of running nothing.
public enum Repository {
    /// The repository's root, ending in a slash.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/"
    }()

    /// A path inside the repository.
    public static func path(_ relative: String) -> String { root + relative }
}

public enum Fixtures {
    /// The names in a folder of the repository ending in `suffix`, sorted; none when the folder is missing.
    public static func names(in folder: String, suffix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Repository.path(folder))) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// A fixture's text; a missing fixture stops the test run, since every test after it would be meaningless.
    public static func text(_ relative: String) -> String {
        guard let text = try? String(contentsOfFile: Repository.path(relative), encoding: .utf8) else { fatalError("missing fixture \(relative)") }
        return text
    }
}

/// Output as one line: the lines a message was wrapped onto at the terminal's width joined again, so a test
/// can look for a whole sentence however it was folded.
public func said(_ text: String) -> String {
    text.split(separator: "\n").map { line in String(line.drop { $0 == " " }) }.joined(separator: " ")
}

public enum Golden {
    /// `RECORD=1` re-records every golden instead of comparing.
    public static var recording: Bool { ProcessInfo.processInfo.environment["RECORD"] == "1" }

    /// Compares `actual` with the golden file at `relative` (inside the repository), byte for byte. A missing
    /// golden is written and fails, so it is reviewed before it counts.
    public static func check(_ relative: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = Repository.path(relative)
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        guard !recording, let expected else {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            if !recording { Issue.record("recorded missing golden \(relative); review it", sourceLocation: sourceLocation) }
            return
        }
        if expected != actual {
            Issue.record("\(relative) differs (RECORD=1 swift test re-records):\n\(firstDifference(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    /// The first line where two texts differ, both sides shown.
    public static func firstDifference(_ expected: String, _ actual: String) -> String {
        let x = expected.split(separator: "\n", omittingEmptySubsequences: false), y = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] {
            return "line \(i + 1):\n  expected: \(i < x.count ? String(x[i]) : "<end>")\n  actual:   \(i < y.count ? String(y[i]) : "<end>")"
        }
        return "(same lines, different bytes)"
    }
}
