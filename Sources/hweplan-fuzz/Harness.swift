#if canImport(Glibc)
import Glibc
#endif
import PlanLanguage
import PlanModel
import PlanSession

/// Coverage-guided fuzzing of the language and the evaluator (issue 13). Two harnesses, chosen by
/// $HWEPLAN_FUZZ (`parse`, the default, or `eval`):
/// - parse: any bytes through UTF-8 decoding, the lexer and the parser with the built-in model's names;
///   every outcome must be a statement, a located diagnostic or the end.
/// - eval: the bytes as a script run by a session on a small two-place model (version 2, or version 3 when
///   the first byte is odd), results discarded. Inputs naming montecarlo, report or xlsx are skipped
///   (drawing thousands of times is slow, not wrong) and files are never touched.
/// A crash, a trap or a sanitizer report is a finding; its input is kept in Tests/Fuzz/corpus.
enum Harness {
    static let mode: String = { getenv("HWEPLAN_FUZZ").map { String(cString: $0) } ?? "parse" }()
    static let builtIn = try! ModelLoader.load(json: DefaultModel.json)
    static let small = try! ModelLoader.load(json: smallModel)
    /// A version 3 model (streams, organisations, a risk, a correlation, pressure, drives, targets):
    /// inputs whose first byte is odd run on it, the others on the version 2 model.
    static let smallV3 = try! ModelLoader.load(json: smallModelV3)
    static let vocabulary: Vocabulary = {
        var v = Session(model: builtIn, host: SilentHost()).vocabulary
        v.scenarios = ["baseline", "push"]
        return v
    }()

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 4096 else { return }
        if mode == "eval" { evaluate(Array(bytes)) } else { parse(Array(bytes)) }
    }

    static func parse(_ bytes: [UInt8]) {
        guard case .success(let source) = SourceFile.decode(bytes, name: "fuzz") else { return }
        var parser = Parser(source)
        var steps = 0
        while steps < 10_000 {
            steps += 1
            switch parser.next(vocabulary: vocabulary) {
            case .end: return
            case .statement: continue
            case .error(let d), .incomplete(let d):
                precondition(d.range == nil || d.range!.start.line >= 1, "a diagnostic outside the input")
                _ = d.rendered()
                if case .incomplete = parser.next(vocabulary: vocabulary) { return }
            }
        }
        preconditionFailure("the parser did not reach the end of its input")
    }

    static func evaluate(_ bytes: [UInt8]) {
        guard case .success(let source) = SourceFile.decode(bytes, name: "fuzz") else { return }
        // Monte Carlo (and the report and the workbook, which draw 10,000 times a scenario) is slow, not wrong.
        let text = source.text.lowercased()
        if text.contains("montecarlo") || text.contains("report") || text.contains("xlsx") { return }
        var options = Options()
        options.keepGoing = true
        let session = Session(model: (bytes.first ?? 0) & 1 == 1 ? smallV3 : small, host: SilentHost(), options: options)
        _ = session.run(source)
    }

    static let smallModel = """
    {"name": "Fuzz", "firstYear": 2026, "years": 3, "income": {"base": 300, "growth": [0, 0.03]},
     "inflation": [0, 0.02], "efficiency": [0, 0.01],
     "categories": [
      {"id": "acute", "name": "Acute", "kind": "treatment", "base": 150, "demandGrowth": 0.03, "cashable": 0.5,
       "variable": 0.3, "maxUnmet": 0.03},
      {"id": "mh", "name": "Mental health", "kind": "treatment", "base": 40, "demandGrowth": 0.035, "maxUnmet": 0,
       "growsWithIncome": true},
      {"id": "community", "name": "Community", "kind": "treatment", "base": 30,
       "returns": {"kernel": [0.3, 0.6, 0], "to": {"acute": 1}}},
      {"id": "prevention.a", "name": "A", "kind": "prevention", "base": 2, "priority": 1,
       "returns": {"kernel": [0, 0.5, 0.2], "to": {"acute": 0.5, "mh": 0.5}}}],
     "enablers": [{"id": "digital", "name": "Digital", "cost": 5, "lag": 1, "prevention": 0.2, "equity": 0.1,
                   "efficiency": {"acute": 0.01}}],
     "metrics": [{"id": "smoking", "name": "Smoking", "unit": "%", "better": "lower", "base": 12, "trend": -0.3,
                  "min": 0, "max": 100, "ceiling": 3, "equity": true, "target": {"value": 10, "year": 2028},
                  "responses": {"prevention.a": {"perMillion": -0.4, "kernel": [0, 0.5, 1]}},
                  "enablers": {"digital": -0.2}, "capacity": 0.01, "activity": {"acute": 0.001}},
                 {"id": "waits", "name": "Waits", "base": 100, "aggregate": "sum", "capacity": -0.5}],
     "places": [{"id": "north", "name": "North", "population": 600, "categories": {"acute": {"share": 0.7}},
                 "metrics": {"smoking": {"base": 14}}},
                {"id": "south", "name": "South", "population": 400, "categories": {"acute": {"share": 0.3}}}],
     "uncertainty": [{"assumption": "acute.demand-growth", "low": 0.02, "high": 0.05},
                     {"assumption": "efficiency", "low": -0.01, "high": 0.01}],
     "actuals": {"2026/27": {"balance": -5, "places": {"north": {"categories": {"acute": 100}}}}}}
    """

    static let smallModelV3 = #"""
{"name":"Fuzz v3","firstYear":2026,"years":3,"income":{"streams":[{"id":"core","name":"Core services allocation","base":1000,"growth":[0,0.029,0.028],"mhisBase":true},{"id":"deficit-support","name":"Deficit support funding","amounts":[12,6,0],"recurrent":false}]},"inflation":[0,0.03],"efficiency":[0,0.04],"categories":[{"id":"acute","name":"Acute hospital services","kind":"treatment","base":560,"demandGrowth":0.03,"cashable":0.4,"variable":0.3,"maxUnmet":0.02},{"id":"community","name":"Community services","kind":"treatment","base":150,"demandGrowth":0.03,"variable":0,"returns":{"kernel":[0.3,0.5,0.5,0.3,0],"to":{"acute":1}}},{"id":"mental-health","name":"Mental health","kind":"treatment","base":140,"demandGrowth":0.035,"maxUnmet":0,"growsWithIncome":true},{"id":"prescribing","name":"Prescribing","kind":"treatment","base":120,"demandGrowth":0.03,"variable":0,"pressure":[0,0.02]},{"id":"prevention.falls","name":"Falls prevention","kind":"prevention","base":8}],"metrics":[{"id":"falls-admissions","name":"Emergency admissions after a fall","unit":"admissions","better":"lower","aggregate":"sum","base":2400,"trend":30,"ceiling":400,"drives":{"category":"acute","unitCost":0.004},"targets":[{"value":2450,"year":2027},{"value":2400,"year":2029}],"responses":{"prevention.falls":{"perMillion":-12,"kernel":[0.2,0.6,1]}}}],"places":[{"id":"north","name":"North","population":400000},{"id":"south","name":"South","population":300000}],"organisations":[{"id":"lakeside-icb","name":"Lakeside ICB","kind":"commissioner","places":["north","south"]},{"id":"north-acute","name":"North Hospitals NHS Trust","kind":"provider","delivers":{"acute":{"north":1,"south":0.6}},"planPosition":[-3,-1,0],"support":[3,1,0]},{"id":"county-community","name":"County Community Trust","kind":"provider","delivers":{"community":{"north":1,"south":1}}}],"risks":[{"id":"chc-growth","name":"Continuing care growth above plan","kind":"risk","impact":[3,5],"probability":0.4}],"uncertainty":[{"assumption":"acute.demand-growth","low":0.02,"mode":0.03,"high":0.045},{"assumption":"efficiency","low":-0.015,"mode":0,"high":0.005},{"assumption":"chc-growth.probability","low":0.2,"mode":0.4,"high":0.7}],"correlations":[{"a":"acute.demand-growth","b":"efficiency","rho":-0.3}],"sources":{"income.streams[core]":{"cite":"illustrative","status":"estimate"},"categories":{"cite":"illustrative","status":"estimate"}}}
"""#
}
