import Foundation
import Testing

/// The engine against an independent Python implementation of MODEL.md (Tests/reference), on random
/// models and scripts exercising every statement form of §2: every number must agree to 1e-9 relative.
@Suite struct ReferenceTests {
    /// The version 3 features (Tests/reference/gen_cases.py --features) the random cases use: every one,
    /// now that the engine implements them all.
    static let features = "all"

    @Test func randomModelsMatchTheReference() throws {
        let (python, args) = Self.python
        let dir = Binary.temporaryDirectory()
        let reference = Binary.root + "/Tests/reference/"
        let generated = shell(python, args + [reference + "gen_cases.py", "--v3", "--features", Self.features, dir, "60", "20261122"])
        guard generated == 0 else { Issue.record("gen_cases.py failed"); return }
        for k in 1...60 {
            let model = "\(dir)/case-\(k).json", script = "\(dir)/case-\(k).scenario"
            let expected = "\(dir)/case-\(k).expected", actual = "\(dir)/case-\(k).actual"
            guard shell(python, args + [reference + "hweplan_ref.py", model, script], stdout: expected) == 0 else {
                Issue.record("the reference failed on case \(k)"); return
            }
            let ours = Binary.run(["--model", model, "--format", "json", script])
            guard ours.status == 0 else { Issue.record("case \(k): \(ours.err)"); return }
            try ours.out.write(toFile: actual, atomically: true, encoding: .utf8)
            Self.checkTheSystemIsItsOrganisations(ours.out, case: k)
            let compared = shell(python, args + [reference + "compare_json.py", expected, actual], stdout: dir + "/case-\(k).diff")
            let diff = (try? String(contentsOfFile: dir + "/case-\(k).diff", encoding: .utf8)) ?? ""
            #expect(compared == 0, "case \(k) differs from the reference:\n\(diff)")
        }
    }

    /// MODEL.md §9: in every simulation of a model with organisations, the system's balance is its
    /// commissioners' (or, without them, the ICB's) plus its providers' plus the other providers', each year.
    static func checkTheSystemIsItsOrganisations(_ output: String, case k: Int) {
        for line in output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["kind"] as? String == "simulation", let organisations = object["organisations"] as? [String: [String: Any]],
                  let balance = object["balance"] as? [Double], let icb = object["icbBalance"] as? [Double],
                  let other = object["otherProviders"] as? [Double] else { continue }
            let commissioners = organisations.values.filter { $0["kind"] as? String == "commissioner" }
            for t in balance.indices {
                var sum = commissioners.isEmpty ? icb[t] : 0
                for o in organisations.values where !commissioners.isEmpty || o["kind"] as? String == "provider" {
                    sum += (o["balance"] as? [Double])?[t] ?? .nan
                }
                sum += other[t]
                #expect(abs(sum - balance[t]) <= 1e-9 * max(1, abs(balance[t])), "case \(k): the organisations add up to \(sum), the system to \(balance[t])")
            }
        }
    }

    /// Sensitivity to 1e-9 and Monte Carlo P(balance ≥ 0) within ±0.03 of the reference's own draws
    /// (Tests/reference/check_analysis.py --quick: 5 random models, 5,000 draws, fixed seeds).
    @Test func analysesMatchTheReference() {
        let (python, args) = Self.python
        let dir = Binary.temporaryDirectory()
        let status = shell(python, args + [Binary.root + "/Tests/reference/check_analysis.py", Binary.path, dir, "--quick", "--features", Self.features],
                           stdout: dir + "/report.txt")
        let report = (try? String(contentsOfFile: dir + "/report.txt", encoding: .utf8)) ?? ""
        #expect(status == 0, "check_analysis.py found differences:\n\(report.suffix(3000))")
    }

    /// The reference's own hand-worked tests, so the oracle itself is checked.
    /// The vectorised NumPy peer (written separately from MODEL.md, with the engine's counter-based draws)
    /// gives hweplan's Monte Carlo JSON: two independent codes, one answer, on three places and one.
    @Test func numpyPeerAgreesWithMonteCarlo() {
        let (python, args) = Self.python
        let dir = Binary.temporaryDirectory()
        let status = shell(python, args + [Binary.root + "/Tests/reference/mc_numpy.py", "--check", Binary.path, "--draws", "2000"],
                           stdout: dir + "/numpy-peer.txt")
        #expect(status == 0, "\((try? String(contentsOfFile: dir + "/numpy-peer.txt", encoding: .utf8)) ?? "")")
    }

    @Test func referenceSelfTests() {
        let (python, args) = Self.python
        let dir = Binary.temporaryDirectory()
        #expect(shell(python, args + [Binary.root + "/Tests/reference/test_ref.py"], stdout: dir + "/out.txt") == 0)
    }

    /// Random scripts of every statement with extreme values never crash the program, and JSON output stays
    /// JSON (Fuzz/fuzz.py; a longer run: python3 Tests/HweplanTests/Fuzz/fuzz.py BINARY SEED 500).
    @Test func randomScriptsNeverCrash() {
        let (python, args) = Self.python
        let dir = Binary.temporaryDirectory()
        let status = shell(python, args + [Binary.root + "/Tests/HweplanTests/Fuzz/fuzz.py", Binary.path, "20261122", "25"], stdout: dir + "/fuzz.txt")
        let report = (try? String(contentsOfFile: dir + "/fuzz.txt", encoding: .utf8)) ?? ""
        #expect(status == 0, "\(report.suffix(3000))")
    }

    /// docs/check_default_model.py: the built-in model's rules and sources, the mental health investment
    /// standard, the organisations' positions against facts-v3, the bridges in docs/DEFAULT-MODEL.md adding up,
    /// prevention narrowing the gap between places. The built-in model and docs/default-model-v3.json are the
    /// same file (docs/embed_default_model.py).
    @Test func defaultModelBridgeAndChecks() throws {
        let (python, args) = Self.python
        let dir = Binary.temporaryDirectory()
        #expect(shell(python, args + [Binary.root + "/docs/check_default_model.py", "--quiet"], stdout: dir + "/check.txt") == 0,
                "\((try? String(contentsOfFile: dir + "/check.txt", encoding: .utf8)) ?? "")")
        let saved = Binary.run(["-c", "model save \"\(dir)/saved.json\""])
        #expect(saved.status == 0)
        #expect(try String(contentsOfFile: dir + "/saved.json", encoding: .utf8) == String(contentsOfFile: Binary.root + "/docs/default-model-v3.json", encoding: .utf8))
    }

    /// The committed fuzzing corpus (Tests/Fuzz/corpus: every transcript, scenario, parser case and
    /// malformed line, and any input a fuzzing run found) replays through both harnesses with no crash.
    @Test func fuzzCorpusReplays() {
        let runner = (Binary.path as NSString).deletingLastPathComponent + "/hweplan-fuzz"
        for harness in ["parse", "eval"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: runner)
            p.arguments = [Binary.root + "/Tests/Fuzz/corpus"]
            var env = ProcessInfo.processInfo.environment
            env["HWEPLAN_FUZZ"] = harness
            env["SWIFT_BACKTRACE"] = "interactive=no"
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try! p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "the \(harness) harness crashed on the corpus")
        }
        let count = (try? FileManager.default.contentsOfDirectory(atPath: Binary.root + "/Tests/Fuzz/corpus").count) ?? 0
        #expect(count >= 100, "the corpus has \(count) inputs")
    }

    /// python3 from the system, or through env.
    static let python: (String, [String]) = {
        let found = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        return found.map { ($0, []) } ?? ("/usr/bin/env", ["python3"])
    }()

    func shell(_ executable: String, _ arguments: [String], stdout: String? = nil) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let stdout {
            FileManager.default.createFile(atPath: stdout, contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: stdout)
        }
        try! p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
