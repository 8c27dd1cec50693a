import Foundation
import Testing
@testable import PlanModel

/// The built-in model (docs/DEFAULT-MODEL.md): every number sourced, places as published, no breach.
@Suite struct DefaultModelTests {
    let model = try! ModelLoader.load(json: DefaultModel.json)

    /// A number at JSON path P is sourced when `sources` has P or an ancestor of it. Paths name array items
    /// with an id by the id (`categories[acute].base`), uncertainty entries by their assumption, map entries
    /// by their key (`places[west-essex].categories[acute].share`) and plain arrays by index.
    static func numberPaths(_ value: JSONValue, _ path: String, parentIsIdList: Bool = false, into out: inout [String]) {
        switch value {
        case .number: out.append(path)
        case .array(let items):
            for (i, item) in items.enumerated() {
                var key = "\(i)"
                if case .object(let members) = item {
                    if case .string(let id)? = members.first(where: { $0.key == "id" })?.value { key = id }
                    if case .string(let a)? = members.first(where: { $0.key == "assumption" })?.value { key = a }
                }
                numberPaths(item, "\(path)[\(key)]", into: &out)
            }
        case .object(let members):
            let isMap = ["returns.to", "efficiency", "responses", "enablers", "activity", "categories", "metrics", "places", "actuals"]
                .contains { path.hasSuffix($0) } && !path.isEmpty
            for (key, v) in members where key != "sources" {
                numberPaths(v, path.isEmpty ? key : isMap && !(path == "categories" || path == "metrics") ? "\(path)[\(key)]" : "\(path).\(key)", into: &out)
            }
        default: break
        }
    }

    @Test func everyNumberHasASource() throws {
        let root = try JSONParser.parse(DefaultModel.json)
        var paths: [String] = []
        Self.numberPaths(root, "", into: &paths)
        #expect(paths.count > 500, "expected the whole model's numbers, found \(paths.count)")
        let keys = model.sources.map(\.id)
        let unsourced = paths.filter { p in !keys.contains { p == $0 || p.hasPrefix($0 + ".") || p.hasPrefix($0 + "[") } }
        #expect(unsourced.isEmpty, "numbers without a source: \(unsourced.prefix(20))")
    }

    @Test func theSchemeCatchesANumberAddedWithoutASource() throws {
        var m = model
        m.metrics[0].responses.append(.init(m.categories[0].id, .init(perMillion: 0.5, kernel: [1])))
        m.sources.removeAll { $0.id.hasPrefix("metrics[\(m.metrics[0].id)]") }
        var paths: [String] = []
        Self.numberPaths(try JSONParser.parse(ModelWriter.json(m)), "", into: &paths)
        let keys = m.sources.map(\.id)
        #expect(paths.contains { p in !keys.contains { p == $0 || p.hasPrefix($0 + ".") || p.hasPrefix($0 + "[") } })
    }

    /// docs/DEFAULT-MODEL.md, NHS England allocation tool 2025/26: registered populations and need-weighted shares.
    @Test func placesMatchTheAllocationTool() {
        let published: [(String, Double, Double)] = [("east-north-herts", 637_275, 0.3814), ("south-west-herts", 693_481, 0.4113),
                                                      ("west-essex", 335_862, 0.2073)]
        #expect(model.places.map(\.id) == published.map(\.0))
        for (place, (_, population, share)) in zip(model.places, published) {
            #expect(abs(place.population / population - 1) < 0.01)
            #expect(abs(place.incomeShare! / share - 1) < 0.01)
        }
    }

    @Test func baselineHasNoBreachAndStartsInTheYearUnderWay() {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c))
        #expect(p.breaches.isEmpty)
        #expect(model.yearLabel(1) == "2026/27")
        #expect(model.years == 5)
        for id in ["urgent-care", "mental-health", "continuing-care"] {
            #expect(model.categories[model.categoryIndex(id)!].maxUnmet == 0, "\(id) must always meet demand")
        }
        #expect(model.categories.contains { $0.growsWithIncome })
    }

    /// Over ten years (`model horizon 10`) each programme's cumulative gross return per £1 lies within the
    /// NHS return its evidence cites (docs/DEFAULT-MODEL.md, "Prevention calibration").
    @Test func tenYearReturnsStayWithinTheEvidence() {
        let cited: [String: ClosedRange<Double>] = [
            "prevention.best-start": 0.1...0.4, "prevention.communities": 0.4...1.0, "prevention.lifestyles": 0.5...1.2,
            "prevention.ageing-well": 1.0...2.0, "prevention.long-term-conditions": 0.6...0.95, "prevention.mental-health": 0.2...0.8,
        ]
        var m = model
        m.years = 10
        let c = CompiledModel(m)
        var checked = 0
        for (j, cat) in m.categories.enumerated() where cat.kind == .prevention {
            let plan = Plan(c, levers: [.flow(Flow(amount: 1, isPercent: false, from: nil, to: .category(j), years: 1..<2))])
            let p = Projection(c, plan)
            let perPound = p.grossSavings[j].reduce(0, +)
            guard let range = cited[cat.id] else { Issue.record("\(cat.id) has no cited range in the test"); continue }
            #expect(range.contains(perPound), "\(cat.id): £\(perPound) back per £1 over ten years, cited \(range)")
            checked += 1
        }
        #expect(checked == 6)
    }
}
