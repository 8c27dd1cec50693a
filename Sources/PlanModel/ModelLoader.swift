import PlanSupport

/// Reads a model file (MODEL.md §1) and enforces every rule, naming the JSON path of the first fault.
public enum ModelLoader {
    /// Loads a model file's bytes, refusing text that is not UTF-8.
    public static func load(bytes: [UInt8]) throws -> Model {
        // A UTF-8 byte-order mark (as some Windows editors save) is not part of the JSON: it is ignored.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ModelError("", "the file is not UTF-8 text; save it as UTF-8 JSON")
        }
        return try load(json: text)
    }

    public static func load(json text: String) throws -> Model {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch let e as JSONSyntaxError {
            throw ModelError("", "line \(e.line), column \(e.column): \(e.message)")
        }
        return try load(value: root)
    }

    /// A model file already parsed (the planning workbook builds one): the same decoding and validation.
    public static func load(value root: JSONValue) throws -> Model {
        let model = try decode(root)
        try ModelValidator.validate(model)
        try checkProjection(model)
        return model
    }

    /// A model whose own projection (no statements, its own assumptions) is not finite, or beyond £1e15m,
    /// is refused, naming the first line or metric that overflows: its figures would mean nothing.
    public static func checkProjection(_ model: Model) throws {
        let c = CompiledModel(model)
        let p = Projection(c, Plan(c))
        func bad(_ xs: [Double]) -> Int? { xs.firstIndex { !$0.isFinite || abs($0) >= 1e15 } }
        for (i, line) in p.categories.enumerated() {
            if let t = bad(line.outturn) ?? bad(line.budget) {
                throw ModelError("categories[\(i)]", "its projection is not finite (or beyond £1e15m) in \(model.yearLabel(t + 1)) under the model's own assumptions; check its base and demandGrowth, and the inflation and efficiency arrays")
            }
        }
        if let t = bad(p.income) {
            throw ModelError("income", "income is not finite (or beyond £1e15m) in \(model.yearLabel(t + 1)); check income.base and income.growth")
        }
        for (k, metric) in p.metrics.enumerated() {
            if let t = bad(metric.values) {
                throw ModelError("metrics[\(k)]", "its projection is not finite in \(model.yearLabel(t + 1)) under the model's own assumptions; check its base and trend")
            }
        }
        if let t = bad(p.balance) ?? bad(p.icbBalance) {
            throw ModelError("", "the balance is not finite (or beyond £1e15m) in \(model.yearLabel(t + 1)); check the enablers' costs")
        }
    }

    static func decode(_ root: JSONValue) throws -> Model {
        let top = try Fields(root, path: "", allowed: ["name", "firstYear", "years", "income", "inflation", "efficiency", "policy",
                                                       "categories", "enablers", "metrics", "places", "organisations", "risks", "uncertainty", "correlations",
                                                       "actuals", "sources"])
        let years = try top.integer("years")
        guard years >= 1, years <= Model.maxYears else {
            throw ModelError("years", "expected a whole number of years from 1 to \(Model.maxYears), got \(years)")
        }
        let income = try Fields(top.required("income"), path: "income", allowed: ["base", "growth", "streams"])
        let streams = income.value("streams") != nil
        if streams, let key = ["base", "growth"].first(where: { income.value($0) != nil }) {
            throw ModelError(income.path(key), "give income as {base, growth} or as {streams}, not both")
        }
        if streams, try income.array("streams").isEmpty { throw ModelError("income.streams", "expected at least one income stream") }
        let policyText = try top.optionalString("policy") ?? Model.Policy.meetDemand.rawValue
        guard let policy = Model.Policy(rawValue: policyText) else {
            throw ModelError("policy", "expected 'meet-demand' or 'hold-budgets', got '\(policyText)'")
        }
        var model = Model(
            name: try top.string("name"),
            firstYear: try top.integer("firstYear"),
            years: years,
            incomeBase: streams ? 0 : try income.number("base"),
            incomeGrowth: streams ? [0] : try income.yearArray("growth"),
            streams: streams ? try income.array("streams").enumerated().map { try stream($1, path: "income.streams[\($0)]") } : [],
            inflation: try top.yearArray("inflation"),
            efficiency: try top.yearArray("efficiency"),
            policy: policy,
            categories: try top.array("categories", required: true).enumerated().map { try category($1, path: "categories[\($0)]") },
            enablers: try top.array("enablers").enumerated().map { try enabler($1, path: "enablers[\($0)]") },
            metrics: try top.array("metrics").enumerated().map { try metric($1, path: "metrics[\($0)]", years: years) },
            places: try top.array("places").enumerated().map { try place($1, path: "places[\($0)]") },
            organisations: try top.array("organisations").enumerated().map { try organisation($1, path: "organisations[\($0)]") },
            risks: try top.array("risks").enumerated().map { try risk($1, path: "risks[\($0)]") },
            uncertainty: try top.array("uncertainty").enumerated().map { try uncertainty($1, path: "uncertainty[\($0)]") },
            correlations: try top.array("correlations").enumerated().map { i, v in
                let f = try Fields(v, path: "correlations[\(i)]", allowed: ["a", "b", "rho"])
                return Model.Correlation(a: try f.string("a"), b: try f.string("b"), rho: try f.number("rho"))
            },
            actuals: try top.map("actuals") { value, path in try actualYear(value, path: path) },
            sources: try top.map("sources") { value, path in
                if case .object = value {
                    let f = try Fields(value, path: path, allowed: ["cite", "status"])
                    let status = try f.string("status")
                    guard Model.SourceStatus(rawValue: status) != nil else {
                        throw ModelError(f.path("status"), "expected 'sourced', 'derived' or 'estimate', got '\(status)'")
                    }
                    return try f.string("cite")
                }
                guard case .string(let s) = value else { throw ModelError(path, "expected a citation string or {cite, status}, got \(value.kindName)") }
                return escapingControls(s)
            })
        // A source given as {cite, status} keeps its status (MODEL.md §1).
        if case .object(let members)? = top.value("sources") {
            for (key, value) in members {
                guard case .object(let fields) = value, case .string(let status)? = fields.first(where: { $0.key == "status" })?.value,
                      let s = Model.SourceStatus(rawValue: status) else { continue }
                model.sourceStatus[key] = s
            }
        }
        return model
    }

    static func organisation(_ value: JSONValue, path: String) throws -> Model.Organisation {
        let f = try Fields(value, path: path, allowed: ["id", "name", "kind", "places", "delivers", "planPosition", "support"])
        let kind: Model.Organisation.Kind = try f.choice("kind")
        var o = Model.Organisation(id: try f.identifier("id"), name: try f.string("name"), kind: kind)
        let wrong = kind == .commissioner ? ["delivers", "planPosition", "support"] : ["places"]
        if let key = wrong.first(where: { f.value($0) != nil }) {
            throw ModelError(f.path(key), "'\(key)' belongs to \(kind == .commissioner ? "a provider" : "a commissioner"), not a \(kind.rawValue)")
        }
        o.places = try f.array("places").enumerated().map { i, v in
            guard case .string(let s) = v else { throw ModelError("\(f.path("places"))[\(i)]", "expected a place id, got \(v.kindName)") }
            return s
        }
        // Category → (place → share); in a model without places, category → share (kept under the place "").
        o.delivers = try f.map("delivers") { v, p in
            if case .number = v { return [Model.Weighted("", try number(v, path: p))] }
            return try mapOfNumbers(v, path: p)
        }
        if f.value("planPosition") != nil { o.planPosition = try f.yearArray("planPosition") }
        if f.value("support") != nil { o.support = try f.yearArray("support") }
        return o
    }

    static func risk(_ value: JSONValue, path: String) throws -> Model.Risk {
        let f = try Fields(value, path: path, allowed: ["id", "name", "kind", "impact", "probability", "org", "recurrent"])
        let kind: Model.Risk.Kind = try f.choice("kind")
        var r = Model.Risk(id: try f.identifier("id"), name: try f.string("name"), kind: kind, impact: try f.yearArray("impact"),
                           probability: try f.number("probability"))
        r.org = try f.optionalString("org")
        r.recurrent = try f.optionalBool("recurrent") ?? true
        return r
    }

    /// An object of numbers keyed by id, in file order.
    static func mapOfNumbers(_ value: JSONValue, path: String) throws -> [Model.Weighted<Double>] {
        guard case .object(let members) = value else { throw ModelError(path, "expected an object, got \(value.kindName)") }
        return try members.map { Model.Weighted($0.key, try number($0.value, path: "\(path).\($0.key)")) }
    }

    static func stream(_ value: JSONValue, path: String) throws -> Model.Stream {
        let f = try Fields(value, path: path, allowed: ["id", "name", "base", "growth", "amounts", "recurrent", "mhisBase", "commissioner"])
        var s = Model.Stream(id: try f.identifier("id"), name: try f.string("name"))
        switch (f.value("base") != nil, f.value("amounts") != nil) {
        case (true, true): throw ModelError(f.path("amounts"), "give a stream a 'base' (with 'growth') or 'amounts', not both")
        case (false, false): throw ModelError(path, "missing required key 'base' or 'amounts'")
        case (true, false):
            s.base = try f.number("base")
            if f.value("growth") != nil { s.growth = try f.yearArray("growth") }
        case (false, true):
            if f.value("growth") != nil { throw ModelError(f.path("growth"), "a stream with 'amounts' has no 'growth': each year's amount is given") }
            s.amounts = try f.yearArray("amounts")
        }
        s.recurrent = try f.optionalBool("recurrent") ?? true
        s.mhisBase = try f.optionalBool("mhisBase") ?? false
        s.commissioner = try f.optionalString("commissioner")
        return s
    }

    static func category(_ value: JSONValue, path: String) throws -> Model.Category {
        let f = try Fields(value, path: path, allowed: ["id", "name", "kind", "base", "demandGrowth", "cashable", "priority", "returns",
                                                       "variable", "maxUnmet", "growsWithIncome", "pressure"])
        let kind: Model.Category.Kind = try f.choice("kind")
        var c = Model.Category(id: try f.identifier("id"), name: try f.string("name"), kind: kind, base: try f.number("base"))
        c.demandGrowth = try f.optionalNumber("demandGrowth") ?? 0
        c.cashable = try f.optionalNumber("cashable") ?? 1
        c.priority = try f.optionalInteger("priority")
        if kind == .prevention, let key = ["variable", "maxUnmet", "growsWithIncome"].first(where: { f.value($0) != nil }) {
            throw ModelError(f.path(key), "'\(key)' belongs to treatment categories; a prevention programme's budget is its outturn")
        }
        c.variable = try f.optionalNumber("variable") ?? 0
        c.maxUnmet = try f.optionalNumber("maxUnmet") ?? 1
        c.growsWithIncome = try f.optionalBool("growsWithIncome") ?? false
        if f.value("pressure") != nil { c.pressure = try f.yearArray("pressure") }
        if let r = f.value("returns") {
            let rf = try Fields(r, path: f.path("returns"), allowed: ["kernel", "to"])
            c.returns = Model.Returns(kernel: try rf.kernel("kernel"),
                                      to: try rf.map("to", required: true) { v, p in try number(v, path: p) })
        }
        return c
    }

    static func enabler(_ value: JSONValue, path: String) throws -> Model.Enabler {
        let f = try Fields(value, path: path, allowed: ["id", "name", "cost", "lag", "prevention", "equity", "efficiency"])
        var e = Model.Enabler(id: try f.identifier("id"), name: try f.string("name"), cost: try f.number("cost"))
        e.lag = try f.optionalInteger("lag") ?? 0
        if e.lag < 0 { throw ModelError(f.path("lag"), "expected a lag of 0 or more years, got \(e.lag)") }
        e.prevention = try f.optionalNumber("prevention") ?? 0
        e.equity = try f.optionalNumber("equity") ?? 0
        e.efficiency = try f.map("efficiency") { v, p in try number(v, path: p) }
        return e
    }

    static func metric(_ value: JSONValue, path: String, years: Int) throws -> Model.Metric {
        let f = try Fields(value, path: path, allowed: ["id", "name", "unit", "priority", "better", "base", "trend", "min", "max",
                                                       "ceiling", "target", "targets", "drives", "equity", "aggregate", "responses", "enablers", "capacity", "activity"])
        var m = Model.Metric(id: try f.identifier("id"), name: try f.string("name"), base: try f.number("base"))
        m.unit = try f.optionalString("unit") ?? ""
        m.priority = try f.optionalInteger("priority")
        let betterText = try f.optionalString("better") ?? "higher"
        guard let better = Model.Metric.Better(rawValue: betterText) else {
            throw ModelError(f.path("better"), "expected 'higher' or 'lower', got '\(betterText)'")
        }
        m.better = better
        m.trend = try f.optionalNumber("trend") ?? 0
        m.min = try f.optionalNumber("min")
        m.max = try f.optionalNumber("max")
        m.ceiling = try f.optionalNumber("ceiling")
        func target(_ value: JSONValue, _ path: String) throws -> Model.Metric.Target {
            let tf = try Fields(value, path: path, allowed: ["value", "year"])
            return .init(value: try tf.number("value"), year: try tf.integer("year"))
        }
        if f.value("target") != nil, f.value("targets") != nil {
            throw ModelError(f.path("targets"), "give 'target' (one) or 'targets' (a list), not both")
        }
        if let t = f.value("target") { m.targets = [try target(t, f.path("target"))] }
        if f.value("targets") != nil {
            let items = try f.array("targets")
            guard !items.isEmpty else { throw ModelError(f.path("targets"), "expected at least one target {value, year}") }
            m.targets = try items.enumerated().map { try target($1, "\(f.path("targets"))[\($0)]") }
            m.targetsAsList = true
        }
        if let d = f.value("drives") {
            let df = try Fields(d, path: f.path("drives"), allowed: ["category", "unitCost"])
            m.drives = .init(category: try df.string("category"), unitCost: try df.number("unitCost"))
        }
        m.equity = try f.optionalBool("equity") ?? false
        let aggregateText = try f.optionalString("aggregate") ?? "mean"
        guard let aggregate = Model.Metric.Aggregate(rawValue: aggregateText) else {
            throw ModelError(f.path("aggregate"), "expected 'mean' or 'sum', got '\(aggregateText)'")
        }
        m.aggregate = aggregate
        m.responses = try f.map("responses") { v, p in
            let rf = try Fields(v, path: p, allowed: ["perMillion", "kernel"])
            return Model.Metric.Response(perMillion: try rf.number("perMillion"), kernel: try rf.kernel("kernel"))
        }
        m.enablers = try f.map("enablers") { v, p in try number(v, path: p) }
        m.capacity = try f.optionalNumber("capacity") ?? 0
        m.activity = try f.map("activity") { v, p in try number(v, path: p) }
        return m
    }

    static func place(_ value: JSONValue, path: String) throws -> Model.Place {
        let f = try Fields(value, path: path, allowed: ["id", "name", "population", "incomeShare", "categories", "metrics"])
        var p = Model.Place(id: try f.identifier("id"), name: try f.string("name"), population: try f.number("population"))
        p.incomeShare = try f.optionalNumber("incomeShare")
        p.categories = try f.map("categories") { v, path in
            let cf = try Fields(v, path: path, allowed: ["share", "demandGrowthDelta"])
            return Model.Place.CategoryShare(share: try cf.optionalNumber("share"), demandGrowthDelta: try cf.optionalNumber("demandGrowthDelta") ?? 0)
        }
        p.metrics = try f.map("metrics") { v, path in
            let mf = try Fields(v, path: path, allowed: ["base", "trendDelta"])
            return Model.Place.MetricLevel(base: try mf.optionalNumber("base"), trendDelta: try mf.optionalNumber("trendDelta") ?? 0)
        }
        return p
    }

    static func actualFigures(_ value: JSONValue, path: String, places: Bool) throws -> (Model.ActualFigures, [Model.Weighted<Model.ActualFigures>]) {
        var keys = ["income", "spend", "balance", "icbBalance", "categories", "metrics"]
        if places { keys += ["places", "organisations"] }
        let f = try Fields(value, path: path, allowed: keys)
        var a = Model.ActualFigures()
        a.income = try f.optionalNumber("income")
        a.spend = try f.optionalNumber("spend")
        a.balance = try f.optionalNumber("balance")
        a.icbBalance = try f.optionalNumber("icbBalance")
        a.categories = try f.map("categories") { v, p in try number(v, path: p) }
        a.metrics = try f.map("metrics") { v, p in try number(v, path: p) }
        let byPlace = places ? try f.map("places") { v, p in try actualFigures(v, path: p, places: false).0 } : []
        return (a, byPlace)
    }

    static func actualYear(_ value: JSONValue, path: String) throws -> Model.ActualYear {
        let (system, places) = try actualFigures(value, path: path, places: true)
        var y = Model.ActualYear()
        y.system = system
        y.places = places
        if case .object(let members) = value, let orgs = members.first(where: { $0.key == "organisations" })?.value {
            y.organisations = try mapOfNumbers(orgs, path: "\(path).organisations")
        }
        return y
    }

    static func uncertainty(_ value: JSONValue, path: String) throws -> Model.Uncertainty {
        let f = try Fields(value, path: path, allowed: ["assumption", "low", "mode", "high"])
        let low = try f.number("low"), high = try f.number("high")
        return Model.Uncertainty(assumption: try f.string("assumption"), low: low,
                                 mode: try f.optionalNumber("mode") ?? (low + high) / 2, high: high)
    }

    /// Text from a model file never reaches a terminal raw: control characters become visible escapes
    /// (`\u{1B}`), so a name cannot move the cursor, clear the screen or change colours.
    static func escapingControls(_ s: String) -> String {
        // Every C0 control and DEL is a byte below 0x20 or 0x7F in UTF-8, every C1 control starts with 0xC2.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }), s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isControl(u) { out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7F...0x9F).contains(u.value) }

    static func number(_ value: JSONValue, path: String) throws -> Double {
        guard case .number(let n) = value else { throw ModelError(path, "expected a number, got \(value.kindName)") }
        guard n.isFinite else { throw ModelError(path, "expected a finite number") }
        return n
    }
}

/// The members of one JSON object, with path-aware typed accessors and unknown-key detection.
struct Fields {
    let members: [(key: String, value: JSONValue)]
    let base: String

    init(_ value: JSONValue, path: String, allowed: [String]) throws {
        guard case .object(let members) = value else {
            throw ModelError(path, "expected an object, got \(value.kindName)")
        }
        self.members = members
        self.base = path
        for (key, _) in members where !allowed.contains(key) {
            var message = "unknown key '\(key)'"
            if let near = Suggestion.closest(to: key, in: allowed) { message += ", did you mean '\(near)'?" }
            else { message += "; expected one of: \(allowed.joined(separator: ", "))" }
            throw ModelError(self.path(key), message)
        }
    }

    func path(_ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    func value(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    func required(_ key: String) throws -> JSONValue {
        guard let v = value(key) else { throw ModelError(base, "missing required key '\(key)'") }
        return v
    }

    func number(_ key: String) throws -> Double { try ModelLoader.number(try required(key), path: path(key)) }

    func optionalNumber(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        return try ModelLoader.number(v, path: path(key))
    }

    func integer(_ key: String) throws -> Int {
        let n = try number(key)
        guard n == n.rounded(), abs(n) < 1e9 else { throw ModelError(path(key), "expected a whole number, got \(NumberFormat.json(n))") }
        return Int(n)
    }

    func optionalInteger(_ key: String) throws -> Int? { value(key) == nil ? nil : try integer(key) }

    func string(_ key: String) throws -> String {
        let v = try required(key)
        guard case .string(let s) = v else { throw ModelError(path(key), "expected a string, got \(v.kindName)") }
        return ModelLoader.escapingControls(s)
    }

    func optionalString(_ key: String) throws -> String? { value(key) == nil ? nil : try string(key) }

    /// One of an enumeration's words: "expected 'a' or 'b', got 'c'" otherwise.
    func choice<E: RawRepresentable & CaseIterable>(_ key: String) throws -> E where E.RawValue == String {
        let text = try string(key)
        guard let value = E(rawValue: text) else {
            throw ModelError(path(key), "expected " + E.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ") + ", got '\(text)'")
        }
        return value
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw ModelError(path(key), "expected true or false, got \(v.kindName)") }
        return b
    }

    func identifier(_ key: String) throws -> String {
        let s = try string(key)
        guard Identifier.isModelId(s) else {
            throw ModelError(path(key), "'\(s)' is not an id: expected lower-case words (a letter, then letters and digits) joined by '-' or '.'")
        }
        return s
    }

    func array(_ key: String, required isRequired: Bool = false) throws -> [JSONValue] {
        guard let v = value(key) else {
            if isRequired { throw ModelError(base, "missing required key '\(key)'") }
            return []
        }
        guard case .array(let items) = v else { throw ModelError(path(key), "expected an array, got \(v.kindName)") }
        return items
    }

    /// A per-year array of any non-empty length: beyond its end the last entry holds (MODEL.md §1).
    func yearArray(_ key: String) throws -> [Double] {
        let items = try array(key, required: true)
        guard !items.isEmpty else {
            throw ModelError(path(key), "expected at least one entry (the first year's; the last entry holds beyond the end)")
        }
        return try items.enumerated().map { try ModelLoader.number($1, path: "\(path(key))[\($0)]") }
    }

    func kernel(_ key: String) throws -> [Double] {
        let items = try array(key, required: true)
        guard !items.isEmpty else { throw ModelError(path(key), "expected a non-empty kernel") }
        return try items.enumerated().map { try ModelLoader.number($1, path: "\(path(key))[\($0)]") }
    }

    func map<V>(_ key: String, required isRequired: Bool = false,
                _ element: (JSONValue, String) throws -> V) throws -> [Model.Weighted<V>] {
        guard let v = value(key) else {
            if isRequired { throw ModelError(base, "missing required key '\(key)'") }
            return []
        }
        guard case .object(let members) = v else { throw ModelError(path(key), "expected an object, got \(v.kindName)") }
        return try members.map { Model.Weighted($0.key, try element($0.value, "\(path(key)).\($0.key)")) }
    }
}

