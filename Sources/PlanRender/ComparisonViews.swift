import PlanSupport

// Scenarios side by side: compare, chart and the scenario list.

/// `compare`: scenarios side by side, year by year, with the change against the first.
public struct ComparisonView: Rendering, Sendable {
    public struct Target: Sendable {
        /// The id (a money word or a metric's), its title and unit; money shows one decimal.
        public var id: String, title: String, unit: String
        public var isMoney: Bool, isMetric: Bool, higherIsBetter: Bool
        /// [scenario][year].
        public var values: [[Double]]
        public init(id: String, title: String, unit: String, isMoney: Bool, isMetric: Bool, higherIsBetter: Bool, values: [[Double]]) {
            self.id = id; self.title = title; self.unit = unit; self.isMoney = isMoney; self.isMetric = isMetric
            self.higherIsBetter = higherIsBetter; self.values = values
        }
    }

    public var scenarios: [String], years: [String]
    /// Each scenario's years in deficit (labels), and how its balance reads in words.
    public var deficitYears: [[String]]
    /// Balance and ICB balance first, then the metrics compared.
    public var targets: [Target]

    public init(scenarios: [String], years: [String], deficitYears: [[String]], targets: [Target]) {
        self.scenarios = scenarios; self.years = years; self.deficitYears = deficitYears; self.targets = targets
    }

    public func text(width: Int, style: Style) -> String { table(style).text(style: style, width: width) }
    /// The sheet is data: no sparklines in its notes.
    public func sheet(style: Style) -> Sheet? { table(style, sparklines: false) }

    public func json() -> String {
        func byScenario(_ values: [[Double]]) -> String {
            "{" + zip(scenarios, values).map { "\(JSONText.quote($0)):\(JSONText.numbers($1))" }.joined(separator: ",") + "}"
        }
        var s = "{\"kind\":\"comparison\",\"scenarios\":[" + scenarios.map(JSONText.quote).joined(separator: ",") + "]"
        s += ",\"years\":[" + years.map(JSONText.quote).joined(separator: ",") + "]"
        s += ",\"balance\":" + byScenario(targets.first { $0.id == MoneyWord.balance.rawValue }!.values)
        s += ",\"icbBalance\":" + byScenario(targets.first { $0.id == MoneyWord.icbBalance.rawValue }!.values)
        s += ",\"deficitYears\":{" + zip(scenarios, deficitYears).map { n, d in
            "\(JSONText.quote(n)):[" + d.map(JSONText.quote).joined(separator: ",") + "]"
        }.joined(separator: ",") + "}"
        s += ",\"metrics\":{" + targets.filter(\.isMetric).map { "\(JSONText.quote($0.id)):" + byScenario($0.values) }.joined(separator: ",") + "}}"
        return s
    }

    func table(_ style: Style, sparklines: Bool = true) -> ReportTable {
        var sections: [ReportTable.Section] = []
        for target in targets {
            var rows: [ReportTable.Row] = []
            let first = target.values[0]
            // Money to £0.1m; a metric to two decimals, but counts in the thousands (admissions, people) in whole
            // numbers, as `simulate` shows them.
            let largest = target.values.joined().map(abs).max() ?? 0
            let decimals = target.isMoney ? 1 : target.unit != "%" && largest >= 1000 ? 0 : 2
            // Every scenario's sparkline on one scale, so their heights compare; flat below what the table can show.
            let all = target.values.joined().filter(\.isFinite)
            let scale = all.min().map { ($0, all.max() ?? $0) }
            let resolution = decimals == 0 ? 1.0 : decimals == 1 ? 0.1 : 0.01
            for (i, name) in scenarios.enumerated() {
                let values = target.values[i]
                let spark = sparklines ? Sparkline.render(values, unicode: style.unicode, scale: scale, resolution: resolution) : ""
                let deficit = target.id == MoneyWord.balance.rawValue ? deficitNote(deficitYears[i]) : ""
                rows.append(.init(name, unit: target.unit, values, decimals: decimals,
                                  note: spark.isEmpty || deficit.isEmpty ? spark + deficit : spark + "  " + deficit))
                if i > 0 {
                    // The verdict names what it judges: the last year, and for money the years together too.
                    // A change that rounds to nothing as shown (half the last decimal) is no change.
                    let delta = zip(values, first).map { $0 - $1 }
                    let last = delta.last ?? 0, shown = decimals == 0 ? 0.5 : decimals == 1 ? 0.05 : 0.005, end = years.last ?? ""
                    let better = target.higherIsBetter ? last >= shown : last <= -shown
                    let worse = target.higherIsBetter ? last <= -shown : last >= shown
                    let moved = delta.contains { abs($0) >= shown }
                    var note = better ? "\(style.up) better than \(scenarios[0]) in \(end)"
                        : worse ? "\(style.down) worse than \(scenarios[0]) in \(end)"
                        : moved ? "back to \(scenarios[0]) by \(end)" : "no change"
                    if target.isMoney, moved {
                        let total = delta.reduce(0, +)
                        note += total >= shown ? "; better over the \(years.count) years (\(NumberFormat.money(total)) in all)"
                            : total <= -shown ? "; worse over the \(years.count) years (\(NumberFormat.money(total)) in all)"
                            : "; even over the \(years.count) years"
                    }
                    rows.append(.init("  vs \(scenarios[0])", unit: target.unit, delta, decimals: decimals,
                                      note: note, noteIsGood: better ? true : worse ? false : nil))
                }
            }
            sections.append(.init(target.title, rows))
        }
        return ReportTable(title: "Comparison: " + scenarios.joined(separator: ", "), years: years, sections: sections)
    }
}

/// `chart`: one line per scenario (or place) over the years, against zero or the metric's target.
public struct ChartView: Rendering, Sendable {
    public var target: String, title: String, unit: String, years: [String]
    public var series: [(String, [Double])]
    public var reference: Double?, referenceName: String
    /// A metric's targets, each year the one holding by then (nil before the first): drawn as a step.
    public var held: [Double?]? = nil
    /// "level", "change" or "cumulative" (the change against the first scenario, or its running sum), and
    /// the scenario the change is against.
    public var mode = "level", against: String? = nil
    /// A line under the chart on how to read it (a metric's running sum).
    public var note: String? = nil

    public init(target: String, title: String, unit: String, years: [String], series: [(String, [Double])], reference: Double?, referenceName: String) {
        self.target = target; self.title = title; self.unit = unit; self.years = years; self.series = series
        self.reference = reference; self.referenceName = referenceName
    }

    public func text(width: Int, style: Style) -> String {
        LineChart(title: title, years: years, series: series, reference: reference, referenceName: referenceName, held: held,
                  width: width, style: style).render()
            + (note.map { "\n" + Wrap.lines($0, width: width, indent: "").joined(separator: "\n") } ?? "")
    }

    public func json() -> String {
        "{\"kind\":\"chart\",\"target\":\(JSONText.quote(target)),\"mode\":\(JSONText.quote(mode)),"
            + (against.map { "\"against\":\(JSONText.quote($0))," } ?? "") + "\"years\":[" + years.map(JSONText.quote).joined(separator: ",")
            + "],\"series\":{" + series.map { "\(JSONText.quote($0.0)):\(JSONText.numbers($0.1))" }.joined(separator: ",") + "}}"
    }

    public func sheet(style: Style) -> Sheet? {
        ReportTable(title: title, years: years, sections: [.init("", series.map { .init($0.0, unit: unit, $0.1) })])
    }
}

/// `scenario list`: each scenario, its statements, where it was made from, and whether it is stale.
public struct ScenarioListView: Rendering, Sendable {
    public struct Item: Sendable {
        public var name: String, statements: Int, parent: String?, stale: Bool
        public init(name: String, statements: Int, parent: String?, stale: Bool) {
            self.name = name; self.statements = statements; self.parent = parent; self.stale = stale
        }
    }
    public var items: [Item], current: String
    public init(items: [Item], current: String) { self.items = items; self.current = current }

    /// One JSON object per scenario, a line each.
    public func json() -> String {
        items.map { i in
            "{\"kind\":\"scenario\",\"name\":\(JSONText.quote(i.name)),\"statements\":\(i.statements),\"from\":"
                + (i.parent.map(JSONText.quote) ?? "null") + ",\"stale\":\(i.stale),\"current\":\(i.name == current)}"
        }.joined(separator: "\n")
    }

    public func text(width: Int, style: Style) -> String {
        Columns.render(nil, items.map { i in
            [i.name == current ? "*" : " ", i.name, "\(i.statements) statement\(i.statements == 1 ? "" : "s")",
             i.parent.map { "from \($0)" } ?? "", i.stale ? "stale: not simulated since changed" : ""]
        }, indent: 0)
    }
}

extension ComparisonView {
    /// "balanced every year", or "deficit in 2 years, first 2028/29".
    func deficitNote(_ years: [String]) -> String {
        years.isEmpty ? "balanced every year" : "deficit in \(years.count) year\(years.count == 1 ? "" : "s"), first \(years[0])"
    }
}
