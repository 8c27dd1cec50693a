import PlanSupport

// What actually happened against the plan: show actuals and explain variance.

/// `show actuals`: each actual beside the plan's figure and the variance, year by year.
public struct ActualsView: Rendering, Sendable {
    public struct Item: Sendable {
        public var item: String, place: String?, isMoney: Bool
        /// Per year; nil where there is no actual (or, before the horizon, no plan).
        public var actual: [Double?], projected: [Double?], variance: [Double?]
        public init(item: String, place: String?, isMoney: Bool, actual: [Double?], projected: [Double?], variance: [Double?]) {
            self.item = item; self.place = place; self.isMoney = isMoney; self.actual = actual; self.projected = projected; self.variance = variance
        }
    }
    public var scenario: String, years: [String], items: [Item]
    public init(scenario: String, years: [String], items: [Item]) { self.scenario = scenario; self.years = years; self.items = items }

    public func json() -> String {
        func nums(_ xs: [Double?]) -> String { "[" + xs.map { $0.map(JSONText.number) ?? "null" }.joined(separator: ",") + "]" }
        return "{\"kind\":\"variance\",\"scenario\":\(JSONText.quote(scenario)),\"years\":[" + years.map(JSONText.quote).joined(separator: ",")
            + "],\"items\":[" + items.map {
                "{\"item\":\(JSONText.quote($0.item)),\"place\":\($0.place.map(JSONText.quote) ?? "null"),\"actual\":\(nums($0.actual)),\"projected\":\(nums($0.projected)),\"variance\":\(nums($0.variance))}"
            }.joined(separator: ",") + "]}"
    }

    public func sheet(style: Style) -> Sheet? {
        ListTable(header: ["item", "place", "year", "actual", "projected", "variance"], rows: items.flatMap { i in
            years.indices.map { y in
                [i.item, i.place ?? "", years[y], i.actual[y].map(NumberFormat.csv) ?? "",
                 i.projected[y].map(NumberFormat.csv) ?? "", i.variance[y].map(NumberFormat.csv) ?? ""]
            }
        })
    }

    public func text(width: Int, style: Style) -> String {
        if items.isEmpty { return "  no actuals: the model file has none; load some with actuals load \"FILE\" (CSV: year,place,item,value)" }
        func cell(_ v: Double?, _ money: Bool) -> String {
            guard let v else { return "" }
            return NumberFormat.fixed(v, decimals: money ? 1 : 2)
        }
        // Each item's name on a line of its own with its three rows beneath, so the columns are the years alone.
        // Wider than the terminal (history before the horizon adds years): years as 23/24, then the years in
        // blocks one under the other.
        func table(_ columns: Range<Int>, short: Bool) -> [String] {
            var rows: [[String]] = []
            for i in items {
                rows.append(["  actual"] + columns.map { cell(i.actual[$0], i.isMoney) })
                rows.append(["  plan"] + columns.map { cell(i.projected[$0], i.isMoney) })
                rows.append(["  variance"] + columns.map { cell(i.variance[$0], i.isMoney) })
            }
            let labels = columns.map { y in
                short && years[y].count == 7 && years[y].dropFirst(4).first == "/" ? String(years[y].dropFirst(2)) : years[y]
            }
            let lines = Columns.render([""] + labels, rows).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var out = [lines[0]]
            for (k, i) in items.enumerated() {
                out.append("  " + i.item + (i.place.map { " in \($0)" } ?? ""))
                out += lines[(1 + 3 * k)..<(4 + 3 * k)]
            }
            return out
        }
        func fits(_ lines: [String]) -> Bool { lines.allSatisfy { $0.count <= width } }
        var lines = table(years.indices, short: false)
        if !fits(lines) { lines = table(years.indices, short: true) }
        if !fits(lines) {
            // As many years a block as fit, shared out evenly: eight years in two blocks of four, not seven and one.
            var most = years.count
            while most > 1 && !fits(table(0..<most, short: true)) { most -= 1 }
            let blocks = (years.count + most - 1) / most, size = (years.count + blocks - 1) / blocks
            lines = stride(from: 0, to: years.count, by: size).flatMap { start in
                (start == 0 ? [] : [""]) + table(start..<min(years.count, start + size), short: true)
            }
        }
        return (Wrap.lines("Actuals against plan, scenario \(scenario) (£m for money; variance = actual − plan: a positive variance is better than planned for a balance or income, and an overspend for a line's spending)",
                           width: width) + lines).joined(separator: "\n")
    }
}

/// `explain variance`: which single assumption would account for an actual's variance, nearest first.
public struct VarianceExplanationView: Rendering, Sendable {
    public struct Row: Sendable {
        public var id: String, value: Double, explains: Double?, within: Bool?, perYear: Bool
        /// How the assumption's values read: "%" (a rate), "£m" (a cost) or "" (a scale or trend).
        public var unit = ""
        /// False for a metric's trend, which moves no money (left out of a money item's list of non-answers).
        public var movesMoney = true
        public init(id: String, value: Double, explains: Double?, within: Bool?, perYear: Bool) {
            self.id = id; self.value = value; self.explains = explains; self.within = within; self.perYear = perYear
        }
    }
    public var scenario: String, item: String, place: String?, itemText: String, isMoney: Bool
    public var year: String, firstYear: Bool
    public var actual: Double, projected: Double
    public var rows: [Row]
    /// The register's entries that land on the item in the year (a plan leaves them out): a variance of about
    /// one's size may be that risk happening, in the year under way too. Text only: the JSON object is the
    /// contract's (MODEL.md §8), which the reference compares key for key.
    public struct Entry: Sendable {
        public var id: String, risk: Bool, impact: Double, probability: Double
        public init(id: String, risk: Bool, impact: Double, probability: Double) {
            self.id = id; self.risk = risk; self.impact = impact; self.probability = probability
        }
    }
    public var register: [Entry] = []

    public init(scenario: String, item: String, place: String?, itemText: String, isMoney: Bool, year: String, firstYear: Bool,
                actual: Double, projected: Double, rows: [Row]) {
        self.scenario = scenario; self.item = item; self.place = place; self.itemText = itemText; self.isMoney = isMoney
        self.year = year; self.firstYear = firstYear; self.actual = actual; self.projected = projected; self.rows = rows
    }

    public func json() -> String {
        "{\"kind\":\"variance-explanation\",\"scenario\":\(JSONText.quote(scenario)),\"item\":\(JSONText.quote(item)),\"place\":\(place.map(JSONText.quote) ?? "null"),"
                + "\"year\":\(JSONText.quote(year)),\"actual\":\(JSONText.number(actual)),\"projected\":\(JSONText.number(projected)),\"rows\":["
                + rows.map { "{\"assumption\":\(JSONText.quote($0.id)),\"value\":\(JSONText.number($0.value)),\"explains\":\($0.explains.map(JSONText.number) ?? "null"),\"withinRange\":\($0.within.map { "\($0)" } ?? "null")}" }
                .joined(separator: ",") + "]}"
    }

    public func sheet(style: Style) -> Sheet? {
        ListTable(header: ["assumption", "value", "explains", "withinRange"], rows: rows.map {
            [$0.id, NumberFormat.csv($0.value), $0.explains.map(NumberFormat.csv) ?? "", $0.within.map { "\($0)" } ?? ""]
        })
    }

    public func text(width: Int, style: Style) -> String {
        let fmt: (Double) -> String = { isMoney ? NumberFormat.money($0, decimals: 2) : NumberFormat.trimmed($0, maxDecimals: 3) }
        var out = Wrap.lines("Variance of \(itemText) in \(year), scenario \(scenario): actual \(fmt(actual)), plan \(fmt(projected)), variance \(fmt(actual - projected))", width: width)
        out += Wrap.lines("Which single assumption would account for it (the others as the scenario has them), nearest first:", width: width)
        if rows.isEmpty { out.append("  no uncertain assumptions to try (the model lists none, or the scenario sets them all)") }
        func registerLines() -> [String] {
            guard !register.isEmpty else { return [] }
            var lines = Wrap.lines("The register's entries on \(itemText) in \(year), which the plan leaves out (show risks): a variance of about one's "
                                   + "size may be it happening:", width: width)
            for e in register {
                lines += Wrap.lines("  \(e.id): \(e.risk ? "a risk of" : "a mitigation of") \(NumberFormat.money(e.impact, decimals: 2)) if it happens "
                                    + "(probability \(NumberFormat.percent(e.probability, maxDecimals: 1)))", width: width, indent: "    ")
            }
            return lines
        }
        let found = rows.filter { $0.explains != nil }
        let none = rows.filter { $0.explains == nil && (!isMoney || $0.movesMoney) }.map(\.id)
        if firstYear && found.isEmpty {
            out += Wrap.lines("  \(year) is the year under way: the model runs it at its base values, so none of the \(rows.count) uncertain"
                              + " assumptions can move it; explain a later year.", width: width, indent: "    ")
            return (out + registerLines()).joined(separator: "\n")
        }
        // The ids in a column as wide as the longest found (at most 36), each reading on one line where it fits.
        let column = min(36, found.map(\.id.count).max() ?? 0)
        for r in found {
            let v = r.explains!
            func text(_ x: Double) -> String {
                r.unit == "%" ? NumberFormat.percent(x, maxDecimals: 3) : r.unit == "£m" ? NumberFormat.money(x, decimals: 2)
                    : NumberFormat.trimmed(x, maxDecimals: 5)
            }
            let shown = r.perYear ? "an offset of \(NumberFormat.trimmed(v * 100, maxDecimals: 3)) points a year"
                : "\(text(v)) (model: \(text(r.value)))"
            let id = r.id + String(repeating: " ", count: max(0, column - r.id.count))
            out += Wrap.lines("  \(id)  \(shown), \(r.within == true ? "within" : "outside") its range", width: width,
                              indent: String(repeating: " ", count: 4 + min(column, r.id.count)))
        }
        if !none.isEmpty {
            out += Wrap.lines("  No value within twice its range reaches it: " + AssumptionList.summary(none), width: width, indent: "    ")
        }
        return (out + registerLines()).joined(separator: "\n")
    }
}
