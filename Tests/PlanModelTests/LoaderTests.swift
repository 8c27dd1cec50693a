import Testing
import TestSupport
@testable import PlanModel

/// Every loader rule has a failing model file in Models/bad, with the message it must give.
@Suite struct LoaderTests {
    static let cases: [(file: String, expected: String)] = Fixtures.text(models + "bad/expected.txt")
        .split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }

    /// A list that went missing or empty would otherwise run no test and pass.
    @Test func everyRuleHasItsFile() { #expect(Self.cases.count >= 20) }

    @Test(arguments: cases.map(\.file))
    func badModelGivesOneClearError(file: String) {
        let expected = Self.cases.first { $0.file == file }!.expected
        do {
            _ = try ModelLoader.load(json: Fixtures.text(models + "bad/" + file))
            Issue.record("\(file) loaded, expected: \(expected)")
        } catch let e as ModelError {
            #expect(e.description.hasPrefix(expected), "\(file): got '\(e.description)'")
        } catch {
            Issue.record("\(file): unexpected \(error)")
        }
    }

    /// A version 3 file (income streams, pressure, a list of targets) saves with every version 3 key and loads
    /// back to the same model; its streams add up to its income.
    @Test func versionThreeKeysRoundTrip() throws {
        let model = try ModelLoader.load(json: Fixtures.text(models + "tiny-v3.json"))
        #expect(model.isVersion3 && model.streams.count == 2 && model.metrics[0].targets.count == 2)
        let saved = ModelWriter.json(model)
        #expect(saved.contains("\"pressure\"") && saved.contains("\"targets\"") && saved.contains("\"recurrent\": false"))
        let again = try ModelLoader.load(json: saved)
        #expect(again == model)
        #expect(ModelWriter.json(again) == saved)
        let compiled = CompiledModel(model)
        let p = Projection(compiled, Plan(compiled))
        for t in 0..<model.years {
            #expect(abs(p.income[t] - (p.streams[0][t] + p.streams[1][t])) < 1e-9)
            #expect(abs(p.underlying[t] - (p.balance[t] - p.streams[1][t])) < 1e-9)
        }
        #expect(p.nonRecurrentIncome == [10, 5, 0])
        #expect(p.mhisHeadroom?.count == model.years)
    }

    @Test func defaultsAreWrittenAndTheSavedFileIsByteStable() throws {
        let tiny = try ModelLoader.load(json: Fixtures.text(models + "tiny.json"))
        #expect(tiny.categories[0].demandGrowth == 0)
        #expect(tiny.enablers[0].equity == 0)
        #expect(abs(tiny.uncertainty[0].mode - 0.01) < 1e-15)
        let saved = ModelWriter.json(tiny)
        for key in ["\"policy\": \"meet-demand\"", "\"demandGrowth\": 0", "\"equity\": false", "\"mode\": 0.00999"] {
            #expect(saved.contains(key), "missing \(key)")
        }
        let again = try ModelLoader.load(json: saved)
        #expect(again == tiny)
        #expect(ModelWriter.json(again) == saved)
    }

    @Test func builtInModelLoadsAndSavesToItself() throws {
        let m = try ModelLoader.load(json: DefaultModel.json)
        #expect(m.categories.count == 19 && m.enablers.count == 6 && m.places.count == 3)
        #expect(m.organisations.count == 10 && m.risks.count == 12 && m.metrics.count == 18)
        #expect(ModelWriter.json(m) == DefaultModel.json + "\n" || ModelWriter.json(m) == DefaultModel.json)
    }

    /// Every number group of the built-in model carries a source or says it is an estimate.
    @Test func builtInModelCitesItsFigures() throws {
        let m = try ModelLoader.load(json: DefaultModel.json)
        for c in m.categories { #expect(m.sources.contains { $0.id.hasPrefix("categories[\(c.id)]") }, "no source for \(c.id)") }
        for e in m.enablers { #expect(m.sources.contains { $0.id.hasPrefix("enablers[\(e.id)]") }, "no source for \(e.id)") }
        for x in m.metrics { #expect(m.sources.contains { $0.id.hasPrefix("metrics[\(x.id)]") }, "no source for \(x.id)") }
        for s in m.streams { #expect(m.sources.contains { $0.id.hasPrefix("income.streams[\(s.id)]") }, "no source for \(s.id)") }
        for o in m.organisations where o.kind == .provider { #expect(m.sources.contains { $0.id.hasPrefix("organisations[\(o.id)]") }, "no source for \(o.id)") }
        for r in m.risks { #expect(m.sources.contains { $0.id.hasPrefix("risks[\(r.id)]") }, "no source for \(r.id)") }
        for key in ["inflation", "efficiency"] { #expect(m.source(key) != nil, "no source for \(key)") }
    }

    @Test func jsonParserKeepsOrderAndRefusesBadText() throws {
        guard case .object(let members) = try JSONParser.parse(#"{"b": 1, "a": [true, null, "x\u00e9"]}"#) else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a"])
        #expect(members[1].value == .array([.bool(true), .null, .string("xé")]))
        for bad in ["", "{", "[1,]", "01", "\"\\q\"", "1e999", "{\"a\":1}}", "\"tab\there\"", "\"unterminated"] {
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bad) }
        }
        // Strings made straight from their bytes, and those with an escape after plain text.
        #expect(try JSONParser.parse(#""Hertfordshire – é""#) == .string("Hertfordshire – é"))
        #expect(try JSONParser.parse(#""ab\"cd\u00e9\n""#) == .string("ab\"cdé\n"))
        // Duplicate keys, in a small object and past the sixteen keys after which a set is used.
        let many = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(throws: JSONSyntaxError(line: 1, column: 10, message: "duplicate key 'a'")) { try JSONParser.parse(#"{"a": 1, "a": 2}"#) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{\(many), \"k17\": 0}") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{\(many), \"k3\": 0}") }
        guard case .object(let wide) = try JSONParser.parse("{\(many), \"k20\": 0}") else { Issue.record("not an object"); return }
        #expect(wide.count == 21)
    }
}
