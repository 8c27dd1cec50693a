import PlanSupport

/// Writes a model file with every key of version 3, defaults included (MODEL.md §1), in a fixed order:
/// `model save` output is loadable again and byte-stable (saving what was loaded from a saved file gives the
/// same bytes). A version 2 or 1 file is written with version 3's keys at their defaults, which mean what
/// the file meant.
public enum ModelWriter {
    public static func json(_ m: Model) -> String {
        var w = Writer()
        w.open("{")
        w.field("name", JSONText.quote(m.name))
        w.field("firstYear", "\(m.firstYear)")
        w.field("years", "\(m.years)")
        if m.streams.isEmpty {
            w.field("income", "{ \"base\": \(num(m.incomeBase)), \"growth\": \(nums(m.incomeGrowth)) }")
        } else {
            w.open("\"income\": {")
            w.list("streams", m.streams) { w, s in
                w.field("id", JSONText.quote(s.id)); w.field("name", JSONText.quote(s.name))
                if let base = s.base { w.field("base", num(base)); w.field("growth", nums(s.growth)) }
                if let amounts = s.amounts { w.field("amounts", nums(amounts)) }
                w.field("recurrent", s.recurrent ? "true" : "false"); w.field("mhisBase", s.mhisBase ? "true" : "false")
                if let c = s.commissioner { w.field("commissioner", JSONText.quote(c)) }
            }
            w.close("}")
        }
        w.field("inflation", nums(m.inflation))
        w.field("efficiency", nums(m.efficiency))
        w.field("policy", JSONText.quote(m.policy.rawValue))
        w.list("categories", m.categories) { w, c in
            w.field("id", JSONText.quote(c.id)); w.field("name", JSONText.quote(c.name))
            w.field("kind", JSONText.quote(c.kind.rawValue)); w.field("base", num(c.base))
            w.field("demandGrowth", num(c.demandGrowth)); w.field("cashable", num(c.cashable))
            if let p = c.priority { w.field("priority", "\(p)") }
            if let r = c.returns {
                w.field("returns", "{ \"kernel\": \(nums(r.kernel)), \"to\": \(map(r.to, num)) }")
            }
            if c.kind == .treatment {
                w.field("variable", num(c.variable)); w.field("maxUnmet", num(c.maxUnmet))
                w.field("growsWithIncome", c.growsWithIncome ? "true" : "false")
            }
            w.field("pressure", nums(c.pressure))
        }
        w.list("enablers", m.enablers) { w, e in
            w.field("id", JSONText.quote(e.id)); w.field("name", JSONText.quote(e.name)); w.field("cost", num(e.cost))
            w.field("lag", "\(e.lag)"); w.field("prevention", num(e.prevention)); w.field("equity", num(e.equity))
            w.field("efficiency", map(e.efficiency, num))
        }
        w.list("metrics", m.metrics) { w, x in
            w.field("id", JSONText.quote(x.id)); w.field("name", JSONText.quote(x.name)); w.field("unit", JSONText.quote(x.unit))
            if let p = x.priority { w.field("priority", "\(p)") }
            w.field("better", JSONText.quote(x.better.rawValue)); w.field("base", num(x.base)); w.field("trend", num(x.trend))
            if let v = x.min { w.field("min", num(v)) }
            if let v = x.max { w.field("max", num(v)) }
            if let v = x.ceiling { w.field("ceiling", num(v)) }
            let targets = x.targets.map { "{ \"value\": \(num($0.value)), \"year\": \($0.year) }" }
            if x.targetsAsList { w.field("targets", "[" + targets.joined(separator: ", ") + "]") }
            else if let t = targets.first { w.field("target", t) }
            if let d = x.drives { w.field("drives", "{ \"category\": \(JSONText.quote(d.category)), \"unitCost\": \(num(d.unitCost)) }") }
            w.field("equity", x.equity ? "true" : "false")
            w.field("aggregate", JSONText.quote(x.aggregate.rawValue))
            w.field("responses", map(x.responses) { "{ \"perMillion\": \(num($0.perMillion)), \"kernel\": \(nums($0.kernel)) }" })
            w.field("enablers", map(x.enablers, num)); w.field("capacity", num(x.capacity)); w.field("activity", map(x.activity, num))
        }
        let shares = m.incomeShares
        w.list("places", Array(m.places.enumerated())) { w, item in
            let (i, p) = item
            w.field("id", JSONText.quote(p.id)); w.field("name", JSONText.quote(p.name))
            w.field("population", num(p.population)); w.field("incomeShare", num(shares[i]))
            w.field("categories", map(p.categories) { c in
                "{ \"share\": \(num(c.share ?? shares[i])), \"demandGrowthDelta\": \(num(c.demandGrowthDelta)) }"
            })
            w.field("metrics", map(p.metrics) { x in
                (x.base.map { "{ \"base\": \(num($0)), " } ?? "{ ") + "\"trendDelta\": \(num(x.trendDelta)) }"
            })
        }
        w.list("organisations", m.organisations) { w, o in
            w.field("id", JSONText.quote(o.id)); w.field("name", JSONText.quote(o.name)); w.field("kind", JSONText.quote(o.kind.rawValue))
            switch o.kind {
            case .commissioner: w.field("places", "[" + o.places.map(JSONText.quote).joined(separator: ", ") + "]")
            case .provider:
                w.field("delivers", map(o.delivers) { shares in
                    shares.count == 1 && shares[0].id.isEmpty ? num(shares[0].value) : map(shares, num)
                })
                w.field("planPosition", nums(o.planPosition)); w.field("support", nums(o.support))
            }
        }
        w.list("risks", m.risks) { w, r in
            w.field("id", JSONText.quote(r.id)); w.field("name", JSONText.quote(r.name)); w.field("kind", JSONText.quote(r.kind.rawValue))
            w.field("impact", nums(r.impact)); w.field("probability", num(r.probability))
            if let org = r.org { w.field("org", JSONText.quote(org)) }
            w.field("recurrent", r.recurrent ? "true" : "false")
        }
        w.list("uncertainty", m.uncertainty) { w, u in
            w.field("assumption", JSONText.quote(u.assumption))
            w.field("low", num(u.low)); w.field("mode", num(u.mode)); w.field("high", num(u.high))
        }
        w.list("correlations", m.correlations) { w, c in
            w.field("a", JSONText.quote(c.a)); w.field("b", JSONText.quote(c.b)); w.field("rho", num(c.rho))
        }
        if m.actuals.isEmpty { w.field("actuals", "{}") } else {
            w.open("\"actuals\": {")
            for y in m.actuals {
                var parts = figures(y.value.system)
                if !y.value.places.isEmpty { parts.append("\"places\": " + map(y.value.places) { "{ " + figures($0).joined(separator: ", ") + " }" }) }
                if !y.value.organisations.isEmpty { parts.append("\"organisations\": " + map(y.value.organisations, num)) }
                w.field(y.id, "{ " + parts.joined(separator: ", ") + " }")
            }
            w.close("}")
        }
        if m.sources.isEmpty { w.field("sources", "{}") } else {
            w.open("\"sources\": {")
            for s in m.sources {
                if let status = m.sourceStatus[s.id] {
                    w.field(s.id, "{ \"cite\": \(JSONText.quote(s.value)), \"status\": \(JSONText.quote(status.rawValue)) }")
                } else {
                    w.field(s.id, JSONText.quote(s.value))
                }
            }
            w.close("}")
        }
        w.close("}")
        return w.text
    }

    /// The items of one year's (or place's) actuals, in the order of MODEL.md §8.
    private static func figures(_ f: Model.ActualFigures) -> [String] {
        var parts: [String] = []
        for (key, value) in [("income", f.income), ("spend", f.spend), ("balance", f.balance), ("icbBalance", f.icbBalance)] {
            if let value { parts.append("\"\(key)\": \(num(value))") }
        }
        if !f.categories.isEmpty { parts.append("\"categories\": " + map(f.categories, num)) }
        if !f.metrics.isEmpty { parts.append("\"metrics\": " + map(f.metrics, num)) }
        return parts
    }

    private static func num(_ v: Double) -> String {
        let s = NumberFormat.json(v)
        return s
    }

    private static func nums(_ vs: [Double]) -> String { "[" + vs.map(num).joined(separator: ", ") + "]" }

    private static func map<V>(_ ws: [Model.Weighted<V>], _ f: (V) -> String) -> String {
        ws.isEmpty ? "{}" : "{ " + ws.map { "\(JSONText.quote($0.id)): \(f($0.value))" }.joined(separator: ", ") + " }"
    }

    /// Indented output with commas between members, closing brackets on their own lines.
    private struct Writer {
        var text = ""
        var depth = 0
        var first = [true]

        mutating func line(_ s: String) {
            if !first[first.count - 1] { text += "," }
            if depth > 0 || !text.isEmpty { text += "\n" }
            text += String(repeating: "  ", count: depth) + s
            first[first.count - 1] = false
        }
        mutating func open(_ s: String) { line(s); depth += 1; first.append(true) }
        mutating func close(_ s: String) {
            depth -= 1; first.removeLast()
            text += "\n" + String(repeating: "  ", count: depth) + s
            if depth == 0 { text += "\n" }
        }
        mutating func field(_ key: String, _ value: String) { line("\(JSONText.quote(key)): \(value)") }
        mutating func list<T>(_ key: String, _ items: [T], _ body: (inout Writer, T) -> Void) {
            if items.isEmpty { field(key, "[]"); return }
            open("\(JSONText.quote(key)): [")
            for item in items { open("{"); body(&self, item); close("}") }
            close("]")
        }
    }
}
