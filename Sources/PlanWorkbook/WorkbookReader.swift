import PlanModel
import PlanSupport

/// A workbook that cannot be used: where (`Lines!E7`, or a sheet) and what was expected.
public struct WorkbookError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension PlanningWorkbook {
    /// A planning workbook read into a model: the sheets become the model file's JSON, which is then loaded
    /// with exactly a JSON model's validation; an error names the cell it comes from and nothing changes.
    public static func load(_ bytes: [UInt8]) throws -> Model { try loadWithWarnings(bytes).model }

    /// The model, and each rate that looks mistyped (6.5 for 6.5%) named at its cell: it loads (the workbook
    /// says what it says), with a warning.
    public static func loadWithWarnings(_ bytes: [UInt8]) throws -> (model: Model, warnings: [String]) {
        let sheets: [XlsxSheet]
        do { sheets = try XlsxReader.read(bytes) } catch let e as XlsxError { throw WorkbookError(e.message) }
        var reader = WorkbookReader(sheets)
        let root = try reader.modelJSON()
        let model: Model
        do { model = try ModelLoader.load(value: root) } catch let e as ModelError {
            throw WorkbookError(reader.locate(e))
        }
        var warnings = model.implausibleRateFindings().map { finding -> String in
            let v = model.rate(at: finding.path)
            return (reader.cell(of: finding.path).map { $0 + ": " } ?? "") + finding.words
                + ": a rate cell holds a fraction (\(NumberFormat.trimmed(v / 100, maxDecimals: 6)) for \(NumberFormat.trimmed(v, maxDecimals: 2))%)"
        }
        if !reader.changedSources.isEmpty {
            let n = reader.changedSources.count
            warnings.append("\(n) figure\(n == 1 ? "" : "s") differ\(n == 1 ? "s" : "") from what \(n == 1 ? "its source cites" : "their sources cite") "
                            + "(\(reader.changedSources.prefix(3).joined(separator: ", "))\(n > 3 ? ", …" : "")): \(n == 1 ? "its citation now says" : "their citations now say") so (show sources)")
        }
        return (model, warnings)
    }
}

/// Builds the model file's JSON from the sheets, noting which cell each value came from.
struct WorkbookReader {
    var sheets: [XlsxSheet]
    /// JSON paths (as ModelError names them: `categories[3].base`) and the cell or row each came from.
    var cells: [(path: String, ref: String)] = []
    /// The sources whose figure was changed on its sheet from the value the citation gives.
    var changedSources: [String] = []
    var firstYear = 0

    init(_ sheets: [XlsxSheet]) { self.sheets = sheets }

    mutating func note(_ path: String, _ ref: String) { cells.append((path, ref)) }

    /// The cell a loader error points at: the longest path noted that is the error's or holds it.
    func locate(_ e: ModelError) -> String {
        var message = e.message
        // A message that names another path ("id 'x' is already used at organisations[4].id; …") names its cell.
        if let at = message.range(of: "already used at "), let end = message[at.upperBound...].firstIndex(of: ";"),
           let ref = cell(of: String(message[at.upperBound..<end])) {
            message.replaceSubrange(at.upperBound..<end, with: ref)
        }
        return (cell(of: e.path) ?? "the workbook") + ": " + message
    }

    /// The cell noted for a path of the model file, or for the nearest path that holds it.
    func cell(of path: String) -> String? {
        cells.filter { path == $0.path || path.hasPrefix($0.path + ".") || path.hasPrefix($0.path + "[") }
            .max { $0.path.count < $1.path.count }?.ref
    }

    func sheet(_ name: String) -> XlsxSheet? { sheets.first { $0.name.lowercased() == name.lowercased() } }

    func table(_ name: String) throws -> Table? {
        guard let s = sheet(name) else {
            if PlanningWorkbook.layout(name).required {
                throw WorkbookError("the workbook has no sheet '\(name)' (sheets it needs: "
                    + PlanningWorkbook.layouts.filter(\.required).map(\.sheet).joined(separator: ", ") + "; `model template` writes one)")
            }
            return nil
        }
        let t = try Table(s, firstYear: firstYear)
        // A column the sheet does not know would be read by nothing (a misspelt header would silently take
        // the default): refused, but for notes and comments.
        let known = PlanningWorkbook.layout(name).columns.map { Table.header(.text($0))! }
        for (header, column) in t.headerColumn.sorted(by: { $0.value < $1.value })
        where !known.contains(header) && !header.hasPrefix("note") && !header.hasPrefix("comment") {
            let hint = Suggestion.closest(to: header, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw WorkbookError("\(s.name)!\(CellRef(row: 1, column: column)): unknown column '\(header)'\(hint); the columns: "
                + PlanningWorkbook.layout(name).columns.joined(separator: ", ") + (PlanningWorkbook.layout(name).years ? ", then years" : "")
                + " (a column headed 'note…' or 'comment…' is yours)")
        }
        let layout = PlanningWorkbook.layout(name)
        for (kind, columns) in [("a year", layout.years ? [:] : t.years), ("a kernel", layout.kernel ? [:] : t.kernel),
                                ("a target", name == "Metrics" ? [:] : Dictionary(uniqueKeysWithValues: t.targets.enumerated().map { ($0.offset, $0.element.value) }))] {
            if let column = columns.values.min() {
                throw WorkbookError("\(s.name)!\(CellRef(row: 1, column: column)): \(kind) column, which the \(name) sheet does not have")
            }
        }
        // The columns a sheet must have: all its named ones but notes and a Model-less sheet's optional ones.
        for column in PlanningWorkbook.layout(name).columns {
            let key = Table.header(.text(column))!
            if t.columns[key] == nil, !Self.optionalColumns.contains(key) {
                throw WorkbookError("\(s.name)!1: no column '\(column)' in the header row (the columns: "
                    + PlanningWorkbook.layout(name).columns.joined(separator: ", ") + ")")
            }
        }
        return t
    }

    /// Columns a workbook may leave out: their values take the model file's defaults.
    static let optionalColumns: Set<String> = ["note", "unit", "name", "priority", "commissioner", "recurrent", "mhis base", "cashable share",
        "variable share", "max unmet", "mhis", "demand growth delta", "trend delta", "aggregate", "equity", "min", "max", "ceiling", "capacity",
        "drives", "unit cost", "lag", "prevention", "status", "place", "places", "better", "trend", "demand growth", "organisation"]

    // MARK: The model file

    mutating func modelJSON() throws -> JSONValue {
        var root: [(key: String, value: JSONValue)] = []
        // Model: name, first year, years, policy (and a version 2 income base).
        guard let modelSheet = sheet("Model") else {
            throw WorkbookError("the workbook has no sheet 'Model' (sheets it needs: "
                + PlanningWorkbook.layouts.filter(\.required).map(\.sheet).joined(separator: ", ") + "; `model template` writes one)")
        }
        let model = try Table(modelSheet, firstYear: nil)
        var items: [String: (Int, XlsxValue)] = [:]
        for row in model.rows {
            guard let key = try text(model, row, "item") else { continue }
            let k = key.lowercased().split(separator: " ").joined(separator: " ")
            guard ["name", "first year", "years", "policy", "income base"].contains(k) else {
                throw WorkbookError("\(model.ref(row, model.columns["item"]!)): unknown item '\(key)'; expected name, first year, years, policy or income base")
            }
            guard let c = model.columns["value"], let v = value(model, row, c) else {
                throw WorkbookError("\(model.ref(row, model.columns["value"] ?? 1)): '\(key)' has no value")
            }
            items[k] = (row, v)
        }
        func item(_ k: String) throws -> (Int, XlsxValue) {
            guard let i = items[k] else { throw WorkbookError("Model!A1: no '\(k)' row; the Model sheet gives name, first year, years and policy") }
            return i
        }
        let (nameRow, _) = try item("name")
        root.append(("name", .string(try text(model, nameRow, "value")!)))
        note("name", model.ref(nameRow, model.columns["value"]!))
        for (k, key) in [("first year", "firstYear"), ("years", "years")] {
            let (row, _) = try item(k)
            let n = try number(model, row, model.columns["value"], k)!
            guard n == n.rounded(), abs(n) < 1e6 else { throw WorkbookError("\(model.ref(row, model.columns["value"]!)): \(k) must be a whole number") }
            root.append((key, .number(n)))
            note(key, model.ref(row, model.columns["value"]!))
            if key == "firstYear" { firstYear = Int(n) }
        }
        // Rates.
        let rates = try table("Rates")!
        var rateRows: [String: [Double]] = [:]
        for row in rates.rows {
            guard let key = try text(rates, row, "item")?.lowercased() else { continue }
            guard ["inflation", "efficiency", "income growth"].contains(key) else {
                throw WorkbookError("\(rates.ref(row, rates.columns["item"]!)): unknown item '\(key)'; expected inflation, efficiency or income growth")
            }
            rateRows[key] = try series(rates, row, rates.years, key) ?? []
            let path = key == "income growth" ? "income.growth" : key
            note(path, rates.ref(row, rates.years[0] ?? 0))
            for (t, column) in rates.years { note("\(path)[\(t)]", rates.ref(row, column)) }
        }
        // Income: streams, or a version 2 base and growth.
        if let income = try table("Income"), !income.rows.isEmpty {
            var streams: [JSONValue] = []
            for (i, row) in income.rows.enumerated() {
                let p = "income.streams[\(i)]"
                note(p, income.ref(row, 0))
                var s: [(key: String, value: JSONValue)] = [("id", .string(try text(income, row, "id", required: true)!))]
                s.append(("name", .string(try text(income, row, "name") ?? "")))
                let form = try text(income, row, "years hold")?.lowercased() ?? "growth"
                guard form == "growth" || form == "amounts" else {
                    throw WorkbookError("\(income.ref(row, income.columns["years hold"]!)): 'years hold' is growth or amounts, not '\(form)'")
                }
                if let base = try number(income, row, "base") { s.append(("base", .number(base))); note(p + ".base", income.ref(row, income.columns["base"]!)) }
                let values = try series(income, row, income.years, form == "growth" ? "growth" : "amount") ?? []
                s.append((form == "growth" ? "growth" : "amounts", numbers(values)))
                note(p + "." + (form == "growth" ? "growth" : "amounts"), income.ref(row, income.years[0] ?? 0))
                if let r = try truth(income, row, "recurrent") { s.append(("recurrent", .bool(r))) }
                if let b = try truth(income, row, "mhis base") { s.append(("mhisBase", .bool(b))) }
                if let c = try text(income, row, "commissioner") { s.append(("commissioner", .string(c))); note(p + ".commissioner", income.ref(row, income.columns["commissioner"]!)) }
                streams.append(.object(s))
            }
            root.append(("income", .object([("streams", .array(streams))])))
        } else {
            guard let (row, _) = items["income base"] else {
                throw WorkbookError("the workbook has no income: give an Income sheet of streams, or an 'income base' row on the Model sheet and 'income growth' on Rates")
            }
            let base = try number(model, row, model.columns["value"], "income base")!
            note("income.base", model.ref(row, model.columns["value"]!))
            root.append(("income", .object([("base", .number(base)), ("growth", numbers(rateRows["income growth"] ?? [0]))])))
        }
        for key in ["inflation", "efficiency"] {
            guard let values = rateRows[key] else { throw WorkbookError("Rates!A1: no '\(key)' row") }
            root.append((key, numbers(values)))
        }
        let (policyRow, _) = try item("policy")
        root.append(("policy", .string(try text(model, policyRow, "value")!)))
        note("policy", model.ref(policyRow, model.columns["value"]!))

        // Lines, with their returns from the Programmes sheet.
        let lines = try table("Lines")!
        let programmes = try table("Programmes")
        var returns: [String: (kernel: [Double]?, to: [(key: String, value: JSONValue)], row: Int)] = [:]
        var returnRefs: [String: [(target: String, ref: String)]] = [:]
        var responses: [String: [(key: String, value: JSONValue, row: Int)]] = [:]
        if let t = programmes {
            for row in t.rows {
                let kind = try text(t, row, "kind", required: true)!.lowercased()
                let programme = try text(t, row, "programme", required: true)!
                switch kind {
                case "return kernel":
                    returns[programme, default: (nil, [], row)].kernel = try series(t, row, t.kernel, "kernel") ?? []
                    returns[programme]!.row = row
                case "return":
                    let target = try text(t, row, "target", required: true)!
                    let share = try number(t, row, "value", required: true)!
                    returns[programme, default: (nil, [], row)].to.append((target, .number(share)))
                    returnRefs[programme, default: []].append((target, t.ref(row, t.columns["value"]!)))
                case "response":
                    let metric = try text(t, row, "target", required: true)!
                    let perMillion = try number(t, row, "value", required: true)!
                    let kernel = try series(t, row, t.kernel, "kernel") ?? []
                    responses[metric, default: []].append((programme, .object([("perMillion", .number(perMillion)), ("kernel", numbers(kernel))]), row))
                default:
                    throw WorkbookError("\(t.ref(row, t.columns["kind"]!)): kind is 'return kernel', 'return' or 'response', not '\(kind)'")
                }
            }
        }
        var categoryIds: [String] = []
        var categories: [JSONValue] = []
        for (i, row) in lines.rows.enumerated() {
            let p = "categories[\(i)]"
            note(p, lines.ref(row, 0))
            let id = try text(lines, row, "id", required: true)!
            categoryIds.append(id)
            var c: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(try text(lines, row, "name") ?? id))]
            for (column, key, required) in [("kind", "kind", true)] {
                c.append((key, .string(try text(lines, row, column, required: required)!))); note("\(p).\(key)", lines.ref(row, lines.columns[column]!))
            }
            let numeric: [(String, String)] = [("base", "base"), ("demand growth", "demandGrowth"), ("cashable share", "cashable"), ("priority", "priority"),
                                               ("variable share", "variable"), ("max unmet", "maxUnmet")]
            for (column, key) in numeric {
                if let n = try number(lines, row, column, required: column == "base") { c.append((key, .number(n))); note("\(p).\(key)", lines.ref(row, lines.columns[column]!)) }
            }
            if let b = try truth(lines, row, "mhis") { c.append(("growsWithIncome", .bool(b))); note("\(p).growsWithIncome", lines.ref(row, lines.columns["mhis"]!)) }
            if let pressure = try series(lines, row, lines.years, "pressure") {
                c.append(("pressure", numbers(pressure))); note("\(p).pressure", lines.ref(row, lines.years[0] ?? 0))
                for (t, column) in lines.years { note("\(p).pressure[\(t)]", lines.ref(row, column)) }
            }
            if let r = returns.removeValue(forKey: id) {
                note("\(p).returns", programmes!.ref(r.row, 0))
                for (k, to) in (returnRefs[id] ?? []).enumerated() {
                    if k == 0 { note("\(p).returns.to", to.ref) }
                    note("\(p).returns.to.\(to.target)", to.ref)
                }
                c.append(("returns", .object([("kernel", numbers(r.kernel ?? [])), ("to", .object(r.to))])))
            }
            categories.append(.object(c))
        }
        if let (programme, r) = returns.first {
            throw WorkbookError("\(programmes!.ref(r.row, programmes!.columns["programme"]!)): unknown line '\(programme)' (the Lines sheet's ids: \(categoryIds.prefix(8).joined(separator: ", "))…)")
        }
        root.append(("categories", .array(categories)))

        // Enablers and their efficiency.
        var enablers: [JSONValue] = []
        if let t = try table("Enablers") {
            let efficiency = try keyed("Enabler efficiency", owner: "enabler", key: "line", value: "rate")
            for (i, row) in t.rows.enumerated() {
                let p = "enablers[\(i)]"
                note(p, t.ref(row, 0))
                let id = try text(t, row, "id", required: true)!
                var e: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(try text(t, row, "name") ?? id))]
                for (column, key) in [("cost", "cost"), ("lag", "lag"), ("prevention", "prevention"), ("equity", "equity")] {
                    if let n = try number(t, row, column, required: column == "cost") { e.append((key, .number(n))); note("\(p).\(key)", t.ref(row, t.columns[column]!)) }
                }
                e.append(("efficiency", .object(efficiency.take(id, path: "\(p).efficiency", into: &self))))
                enablers.append(.object(e))
            }
            try efficiency.refuse(unknown: try t.rows.map { try text(t, $0, "id", required: true)! }, "enabler")
        }
        root.append(("enablers", .array(enablers)))

        // Metrics, their responses and links.
        var metrics: [JSONValue] = []
        var metricIds: [String] = []
        if let t = try table("Metrics") {
            var links: [String: [(kind: String, from: String, value: Double, row: Int)]] = [:]
            let linkTable = try table("Metric links")
            if let lt = linkTable {
                for row in lt.rows {
                    let metric = try text(lt, row, "metric", required: true)!
                    let kind = try text(lt, row, "kind", required: true)!.lowercased()
                    guard kind == "enabler" || kind == "activity" else {
                        throw WorkbookError("\(lt.ref(row, lt.columns["kind"]!)): kind is 'enabler' or 'activity', not '\(kind)'")
                    }
                    links[metric, default: []].append((kind, try text(lt, row, "from", required: true)!, try number(lt, row, "value", required: true)!, row))
                }
            }
            let version3 = isVersion3(root)
            for (i, row) in t.rows.enumerated() {
                let p = "metrics[\(i)]"
                note(p, t.ref(row, 0))
                let id = try text(t, row, "id", required: true)!
                metricIds.append(id)
                var x: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(try text(t, row, "name") ?? id))]
                if let u = try text(t, row, "unit") { x.append(("unit", .string(u))) }
                for (column, key) in [("better", "better"), ("aggregate", "aggregate")] {
                    if let w = try text(t, row, column) { x.append((key, .string(w))); note("\(p).\(key)", t.ref(row, t.columns[column]!)) }
                }
                if let b = try truth(t, row, "equity") { x.append(("equity", .bool(b))) }
                for (column, key) in [("priority", "priority"), ("base", "base"), ("trend", "trend"), ("min", "min"), ("max", "max"),
                                      ("ceiling", "ceiling"), ("capacity", "capacity")] {
                    if let n = try number(t, row, column, required: column == "base") { x.append((key, .number(n))); note("\(p).\(key)", t.ref(row, t.columns[column]!)) }
                }
                var targets: [JSONValue] = []
                for (k, pair) in t.targets.enumerated() {
                    guard let goal = try number(t, row, pair.value, "a target") else {
                        if value(t, row, pair.year) != nil { throw WorkbookError("\(t.ref(row, pair.value)): a target year without a target value") }
                        continue
                    }
                    guard let yearCell = value(t, row, pair.year) else { throw WorkbookError("\(t.ref(row, pair.year)): the target \(NumberFormat.json(goal)) has no year") }
                    let year: Int
                    switch yearCell {
                    case .number(let n) where n == n.rounded(): year = Int(n)
                    case .text(let s) where FinancialYear.parse(s.trimmed) != nil: year = FinancialYear.parse(s.trimmed)!
                    default: throw WorkbookError("\(t.ref(row, pair.year)): a target's year is written like 2027/28")
                    }
                    note("\(p).targets[\(targets.count)]", t.ref(row, pair.value))
                    note("\(p).target", t.ref(row, pair.value))
                    _ = k
                    targets.append(.object([("value", .number(goal)), ("year", .number(Double(year)))]))
                }
                if targets.count > 1 || (version3 && !targets.isEmpty) { x.append(("targets", .array(targets))) } else if let first = targets.first { x.append(("target", first)) }
                if let line = try text(t, row, "drives") {
                    let cost = try number(t, row, "unit cost") ?? 0
                    x.append(("drives", .object([("category", .string(line)), ("unitCost", .number(cost))])))
                    note("\(p).drives", t.ref(row, t.columns["drives"]!))
                    if let c = t.columns["unit cost"] { note("\(p).drives.unitCost", t.ref(row, c)) }
                }
                let own = responses.removeValue(forKey: id) ?? []
                for (k, r) in own.enumerated() { note("\(p).responses.\(r.key)", programmes!.ref(r.row, 0)); _ = k }
                x.append(("responses", .object(own.map { ($0.key, $0.value) })))
                let mine = links.removeValue(forKey: id) ?? []
                for l in mine { note("\(p).\(l.kind == "enabler" ? "enablers" : "activity").\(l.from)", linkTable!.ref(l.row, 0)) }
                x.append(("enablers", .object(mine.filter { $0.kind == "enabler" }.map { ($0.from, .number($0.value)) })))
                x.append(("activity", .object(mine.filter { $0.kind == "activity" }.map { ($0.from, .number($0.value)) })))
                metrics.append(.object(x))
            }
            if let (metric, rows) = links.first {
                throw WorkbookError("\(linkTable!.ref(rows[0].row, linkTable!.columns["metric"]!)): unknown metric '\(metric)'")
            }
        }
        if let (metric, rows) = responses.first {
            throw WorkbookError("\(programmes!.ref(rows[0].row, programmes!.columns["target"]!)): unknown metric '\(metric)'")
        }
        root.append(("metrics", .array(metrics)))

        // Places, with lines and metrics by place.
        if let t = try table("Places") {
            let byLine = try keyedRows("Lines by place", owner: "place", item: "line") { table, row in
                var v: [(key: String, value: JSONValue)] = []
                if let s = try self.number(table, row, "share") { v.append(("share", .number(s))) }
                if let d = try self.number(table, row, "demand growth delta") { v.append(("demandGrowthDelta", .number(d))) }
                return .object(v)
            }
            let byMetric = try keyedRows("Metrics by place", owner: "place", item: "metric") { table, row in
                var v: [(key: String, value: JSONValue)] = []
                if let b = try self.number(table, row, "base") { v.append(("base", .number(b))) }
                if let d = try self.number(table, row, "trend delta") { v.append(("trendDelta", .number(d))) }
                return .object(v)
            }
            var places: [JSONValue] = []
            for (i, row) in t.rows.enumerated() {
                let p = "places[\(i)]"
                note(p, t.ref(row, 0))
                let id = try text(t, row, "id", required: true)!
                var x: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(try text(t, row, "name") ?? id))]
                x.append(("population", .number(try number(t, row, "population", required: true)!))); note("\(p).population", t.ref(row, t.columns["population"]!))
                if let s = try number(t, row, "income share") {
                    x.append(("incomeShare", .number(s))); note("\(p).incomeShare", t.ref(row, t.columns["income share"]!))
                    if i == 0 { note("places", t.ref(row, t.columns["income share"]!)) }
                }
                x.append(("categories", .object(byLine.take(id, path: "\(p).categories", into: &self))))
                x.append(("metrics", .object(byMetric.take(id, path: "\(p).metrics", into: &self))))
                places.append(.object(x))
            }
            let placeIds = try t.rows.map { try text(t, $0, "id", required: true)! }
            try byLine.refuse(unknown: placeIds, "place"); try byMetric.refuse(unknown: placeIds, "place")
            root.append(("places", .array(places)))
        }

        // Organisations, positions and deliveries; risks.
        if let t = try table("Organisations") {
            let positions = try table("Positions")
            var years: [String: [(key: String, value: JSONValue, ref: String)]] = [:]
            if let pt = positions {
                for row in pt.rows {
                    let org = try text(pt, row, "organisation", required: true)!
                    let item = try text(pt, row, "item", required: true)!.lowercased()
                    guard item == "plan position" || item == "support" else {
                        throw WorkbookError("\(pt.ref(row, pt.columns["item"]!)): item is 'plan position' or 'support', not '\(item)'")
                    }
                    years[org, default: []].append((item == "support" ? "support" : "planPosition", numbers(try series(pt, row, pt.years, item) ?? [0]), pt.ref(row, 0)))
                }
            }
            // Each row's cells: its line (an unknown line) and its share (out of range, or an unknown place on its row).
            var deliveries: [String: [(line: String, place: String, share: Double, ref: String, shareRef: String)]] = [:]
            if let dt = try table("Deliveries") {
                for row in dt.rows {
                    let org = try text(dt, row, "provider", required: true)!
                    deliveries[org, default: []].append((try text(dt, row, "line", required: true)!, try text(dt, row, "place") ?? "",
                                                          try number(dt, row, "share", required: true)!, dt.ref(row, dt.columns["line"]!),
                                                          dt.ref(row, dt.columns["share"]!)))
                }
            }
            var organisations: [JSONValue] = []
            for (i, row) in t.rows.enumerated() {
                let p = "organisations[\(i)]"
                note(p, t.ref(row, 0))
                let id = try text(t, row, "id", required: true)!
                var o: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(try text(t, row, "name") ?? id))]
                o.append(("kind", .string(try text(t, row, "kind", required: true)!))); note("\(p).kind", t.ref(row, t.columns["kind"]!))
                if let places = try text(t, row, "places") {
                    o.append(("places", .array(places.split(separator: ",").map { .string(String($0).trimmed) }.filter { $0 != .string("") })))
                    note("\(p).places", t.ref(row, t.columns["places"]!))
                }
                if let d = deliveries.removeValue(forKey: id) {
                    var lines: [(key: String, value: JSONValue)] = []
                    for item in d {
                        note("\(p).delivers.\(item.line)", item.place.isEmpty ? item.shareRef : item.ref)
                        if !item.place.isEmpty { note("\(p).delivers.\(item.line).\(item.place)", item.shareRef) }
                        if item.place.isEmpty {
                            lines.append((item.line, .number(item.share)))
                        } else if let k = lines.firstIndex(where: { $0.key == item.line }), case .object(var places) = lines[k].value {
                            places.append((item.place, .number(item.share)))
                            lines[k].value = .object(places)
                        } else {
                            lines.append((item.line, .object([(item.place, .number(item.share))])))
                        }
                    }
                    o.append(("delivers", .object(lines)))
                }
                for y in years.removeValue(forKey: id) ?? [] { o.append((y.key, y.value)); note("\(p).\(y.key)", y.ref) }
                organisations.append(.object(o))
            }
            if let (org, d) = deliveries.first { throw WorkbookError("\(d[0].ref): unknown provider '\(org)' (not on the Organisations sheet)") }
            if let (org, y) = years.first { throw WorkbookError("\(y[0].ref): unknown organisation '\(org)' (not on the Organisations sheet)") }
            root.append(("organisations", .array(organisations)))
        }
        if let t = try table("Risks") {
            var risks: [JSONValue] = []
            for (i, row) in t.rows.enumerated() {
                let p = "risks[\(i)]"
                note(p, t.ref(row, 0))
                let id = try text(t, row, "id", required: true)!
                var r: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(try text(t, row, "name") ?? id))]
                r.append(("kind", .string(try text(t, row, "kind", required: true)!))); note("\(p).kind", t.ref(row, t.columns["kind"]!))
                r.append(("impact", numbers(try series(t, row, t.years, "impact") ?? []))); note("\(p).impact", t.ref(row, t.years[0] ?? 0))
                r.append(("probability", .number(try number(t, row, "probability", required: true)!))); note("\(p).probability", t.ref(row, t.columns["probability"]!))
                if let org = try text(t, row, "organisation") { r.append(("org", .string(org))); note("\(p).org", t.ref(row, t.columns["organisation"]!)) }
                if let b = try truth(t, row, "recurrent") { r.append(("recurrent", .bool(b))) }
                risks.append(.object(r))
            }
            root.append(("risks", .array(risks)))
        }

        // Uncertainty, correlations, actuals, sources.
        var uncertainty: [JSONValue] = []
        if let t = try table("Uncertainty") {
            for (i, row) in t.rows.enumerated() {
                note("uncertainty[\(i)]", t.ref(row, 0))
                var u: [(key: String, value: JSONValue)] = [("assumption", .string(try text(t, row, "assumption", required: true)!))]
                for key in ["low", "mode", "high"] {
                    u.append((key, .number(try number(t, row, key, required: true)!))); note("uncertainty[\(i)].\(key)", t.ref(row, t.columns[key]!))
                }
                uncertainty.append(.object(u))
            }
        }
        root.append(("uncertainty", .array(uncertainty)))
        if let t = try table("Correlations") {
            var correlations: [JSONValue] = []
            for (i, row) in t.rows.enumerated() {
                note("correlations[\(i)]", t.ref(row, 0))
                correlations.append(.object([("a", .string(try text(t, row, "a", required: true)!)), ("b", .string(try text(t, row, "b", required: true)!)),
                                             ("rho", .number(try number(t, row, "rho", required: true)!))]))
                note("correlations[\(i)].rho", t.ref(row, t.columns["rho"]!))
            }
            root.append(("correlations", .array(correlations)))
        }
        root.append(("actuals", try actuals(categoryIds: categoryIds, metricIds: metricIds)))
        var sources: [(key: String, value: JSONValue)] = []
        if let t = try table("Sources") {
            let model = JSONValue.object(root)
            for row in t.rows {
                let key = try text(t, row, "key", required: true)!
                var cite = try text(t, row, "citation") ?? ""
                // A figure changed on its sheet no longer is what its citation gives: said in the citation itself.
                if let cited = try text(t, row, "cited value"), let now = model.at(sourceKey: key)?.numbersText, now != cited {
                    cite = "Changed in the workbook: the source gives \(cited), the workbook has \(now). " + cite
                    changedSources.append(key)
                }
                if let status = try text(t, row, "status") {
                    sources.append((key, .object([("cite", .string(cite)), ("status", .string(status.lowercased()))])))
                } else {
                    sources.append((key, .string(cite)))
                }
                note("sources.\(key)", t.ref(row, 0))
            }
        }
        root.append(("sources", .object(sources)))
        return .object(root)
    }

    /// Whether the sheets read so far use version 3 (streams or a second target list decide how targets are
    /// written: version 3 files give `targets` as a list).
    func isVersion3(_ root: [(key: String, value: JSONValue)]) -> Bool {
        if let income = root.first(where: { $0.key == "income" })?.value, case .object(let members) = income, members.contains(where: { $0.key == "streams" }) { return true }
        if let t = sheet("Organisations"), t.lastRow > 1 { return true }
        if let t = sheet("Risks"), t.lastRow > 1 { return true }
        if let t = sheet("Sources"), let table = try? Table(t, firstYear: firstYear), let c = table.columns["status"],
           table.rows.contains(where: { value(table, $0, c) != nil }) { return true }
        return false
    }

    /// The Actuals sheet: year, place (empty: the system), item, value, in the model file's shape.
    func actuals(categoryIds: [String], metricIds: [String]) throws -> JSONValue {
        guard let t = try table("Actuals") else { return .object([]) }
        let organisationIds = try (table("Organisations")?.rows ?? []).compactMap { try text(table("Organisations")!, $0, "id") }
        var years: [(String, system: [(String, JSONValue)], lines: [(String, JSONValue)], metrics: [(String, JSONValue)],
                     places: [(String, [(String, JSONValue)], [(String, JSONValue)], [(String, JSONValue)])], organisations: [(String, JSONValue)])] = []
        for row in t.rows {
            let year = try text(t, row, "year", required: true)!
            guard FinancialYear.parse(year) != nil else { throw WorkbookError("\(t.ref(row, t.columns["year"]!)): a year is written like 2026/27, not '\(year)'") }
            let place = try text(t, row, "place")
            let item = try text(t, row, "item", required: true)!
            let v = JSONValue.number(try number(t, row, "value", required: true)!)
            if !years.contains(where: { $0.0 == year }) { years.append((year, [], [], [], [], [])) }
            let y = years.firstIndex { $0.0 == year }!
            let fixed = ["income": "income", "spend": "spend", "balance": "balance", "icb balance": "icbBalance", "icbbalance": "icbBalance"][item.lowercased()]
            if let place {
                if !years[y].places.contains(where: { $0.0 == place }) { years[y].places.append((place, [], [], [])) }
                let p = years[y].places.firstIndex { $0.0 == place }!
                if let fixed { years[y].places[p].1.append((fixed, v)) } else if categoryIds.contains(item) { years[y].places[p].2.append((item, v)) }
                else if metricIds.contains(item) { years[y].places[p].3.append((item, v)) }
                else { throw WorkbookError("\(t.ref(row, t.columns["item"]!)): unknown item '\(item)' for a place: expected income, spend, balance, icb balance, a line or a metric") }
            } else if let fixed { years[y].system.append((fixed, v)) } else if categoryIds.contains(item) { years[y].lines.append((item, v)) }
            else if metricIds.contains(item) { years[y].metrics.append((item, v)) }
            else if organisationIds.contains(item) { years[y].organisations.append((item, v)) }
            else { throw WorkbookError("\(t.ref(row, t.columns["item"]!)): unknown item '\(item)': expected income, spend, balance, icb balance, a line, a metric or an organisation") }
        }
        func figures(_ fixed: [(String, JSONValue)], _ lines: [(String, JSONValue)], _ metrics: [(String, JSONValue)]) -> [(key: String, value: JSONValue)] {
            var out = fixed.map { (key: $0.0, value: $0.1) }
            if !lines.isEmpty { out.append(("categories", .object(lines.map { (key: $0.0, value: $0.1) }))) }
            if !metrics.isEmpty { out.append(("metrics", .object(metrics.map { (key: $0.0, value: $0.1) }))) }
            return out
        }
        return .object(years.map { y in
            var members = figures(y.system, y.lines, y.metrics)
            if !y.places.isEmpty { members.append(("places", .object(y.places.map { (key: $0.0, value: .object(figures($0.1, $0.2, $0.3))) }))) }
            if !y.organisations.isEmpty { members.append(("organisations", .object(y.organisations.map { (key: $0.0, value: $0.1) }))) }
            return (key: y.0, value: .object(members))
        })
    }

    /// A sheet of (owner, key, value) rows, grouped by owner in row order.
    struct Keyed {
        var name: String
        var rows: [String: [(key: String, value: JSONValue, ref: String)]] = [:]
        var order: [String] = []
        func take(_ owner: String, path: String, into reader: inout WorkbookReader) -> [(key: String, value: JSONValue)] {
            let mine = rows[owner] ?? []
            for r in mine { reader.note("\(path).\(r.key)", r.ref) }
            return mine.map { ($0.key, $0.value) }
        }
        /// Rows whose owner is not in the model are refused at the first of them.
        func refuse(unknown known: [String], _ what: String) throws {
            for owner in order where !known.contains(owner) {
                throw WorkbookError("\(rows[owner]![0].ref): unknown \(what) '\(owner)' (not on its sheet)")
            }
        }
    }

    func keyed(_ name: String, owner: String, key: String, value: String) throws -> Keyed {
        try keyedRows(name, owner: owner, item: key) { t, row in .number(try self.number(t, row, value, required: true)!) }
    }

    func keyedRows(_ name: String, owner: String, item: String, _ read: (Table, Int) throws -> JSONValue) throws -> Keyed {
        var k = Keyed(name: name)
        guard let t = try table(name) else { return k }
        for row in t.rows {
            let o = try text(t, row, owner, required: true)!
            if k.rows[o] == nil { k.order.append(o) }
            k.rows[o, default: []].append((try text(t, row, item, required: true)!, try read(t, row), t.ref(row, t.columns[item]!)))
        }
        return k
    }
}
