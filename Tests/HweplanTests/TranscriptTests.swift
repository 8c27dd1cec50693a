import Foundation
import Testing

/// Golden transcripts: each script's standard output, standard error and exit status, compared byte for
/// byte. `RECORD=1 swift test` (or `make record`) re-records them; review the change with git diff.
@Suite struct TranscriptTests {
    static func scripts(_ folder: String) -> [String] {
        Fixtures.names(in: folder, suffix: ".scenario")
    }

    /// A folder that went missing or empty would otherwise run no test and pass.
    @Test func foldersAreNotEmpty() {
        #expect(Self.scripts("Tests/HweplanTests/Transcripts").count >= 5)
        #expect(Self.scripts("Scenarios").count >= 10)
    }

    /// Transcripts of the language and engine: Tests/HweplanTests/Transcripts/NAME.scenario.
    @Test(arguments: scripts("Tests/HweplanTests/Transcripts"))
    func transcript(_ name: String) {
        check(folder: "Tests/HweplanTests/Transcripts", name: name, golden: "Tests/HweplanTests/Transcripts/" + name.replacingOccurrences(of: ".scenario", with: ".expected"))
    }

    /// Every script in Scenarios/ replays green and matches its transcript.
    @Test(arguments: scripts("Scenarios"))
    func scenario(_ name: String) {
        let status = check(folder: "Scenarios", name: name, golden: "Tests/HweplanTests/Golden/" + name.replacingOccurrences(of: ".scenario", with: ".out"))
        #expect(status == 0, "Scenarios/\(name) does not run green")
    }

    @discardableResult
    func check(folder: String, name: String, golden: String) -> Int32 {
        let r = Binary.run([name], directory: Binary.root + "/" + folder)
        var actual = r.out
        if !r.err.isEmpty { actual += "--- stderr\n" + r.err }
        actual += "--- exit \(r.status)\n"
        Golden.check(golden, actual)
        return r.status
    }
}
