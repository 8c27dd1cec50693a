import PlanModel
import PlanRender
import PlanSupport

/// The planning workbook (`model template`, `model load "FILE.xlsx"`): the whole model as sheets a finance
/// lead fills in, one record a row under a header row, years as columns, rates as percentages, money in £m.
/// docs/WORKBOOK.md describes every sheet and column; `Layout` below is the one list of them, which the
/// writer and the reader share.
public enum PlanningWorkbook {
    /// The sheets in order, each with its header (a unit in brackets is shown, not read) and whether a
    /// workbook must have it. Year columns ("2026/27") and kernel columns ("+0", "+1"…) follow the named ones.
    public struct Layout: Sendable {
        public var sheet: String
        public var columns: [String]
        public var required: Bool
        /// What the sheet holds, for the About sheet and docs/WORKBOOK.md.
        public var about: String
        public var years = false, kernel = false
    }

    public static let layouts: [Layout] = [
        Layout(sheet: "Model", columns: ["item", "value", "note"], required: true,
               about: "name, first year (2026 for 2026/27), years (1 to 20), policy (meet-demand or hold-budgets); income base (£m) for a model without income streams"),
        Layout(sheet: "Rates", columns: ["item", "unit"], required: true,
               about: "inflation and efficiency (the gross savings rate) by year, as percentages; income growth for a model without income streams. The first year's entry is not used (it is the base year)", years: true),
        Layout(sheet: "Income", columns: ["id", "name", "commissioner", "recurrent", "MHIS base", "base (£m)", "years hold"], required: false,
               about: "one row per income stream: a base (£m, the first year) with growth rates by year ('years hold' growth), or amounts by year in £m ('years hold' amounts)", years: true),
        Layout(sheet: "Places", columns: ["id", "name", "population", "income share"], required: false,
               about: "the places: registered population and share of income (shares add up to 1)"),
        Layout(sheet: "Lines", columns: ["id", "name", "kind", "priority", "base (£m)", "demand growth (% a year)", "cashable share", "variable share", "max unmet", "MHIS"], required: true,
               about: "one row per spending line: kind treatment or prevention, the first year's cost, demand growth, the shares that are cashable and variable, the most demand hold-budgets may leave unmet, whether the line is in the mental health investment standard (MHIS), and pressure by year", years: true),
        Layout(sheet: "Lines by place", columns: ["line", "place", "share", "demand growth delta"], required: false,
               about: "each line's share in each place and the place's demand growth above or below the line's"),
        Layout(sheet: "Organisations", columns: ["id", "name", "kind", "places"], required: false,
               about: "commissioners (with their places, separated by commas) and providers"),
        Layout(sheet: "Positions", columns: ["organisation", "item"], required: false,
               about: "each provider's planned position and deficit support by year, £m (item: plan position or support)", years: true),
        Layout(sheet: "Deliveries", columns: ["provider", "line", "place", "share"], required: false,
               about: "the share of each line (in each place) that a provider delivers"),
        Layout(sheet: "Risks", columns: ["id", "name", "kind", "organisation", "probability", "recurrent"], required: false,
               about: "the risk register: risks and mitigations, £m by year (the last year given holds), probability, the organisation it lands on (empty: the ICB)", years: true),
        Layout(sheet: "Metrics", columns: ["id", "name", "unit", "priority", "better", "aggregate", "equity", "base", "trend", "min", "max", "ceiling", "capacity", "drives", "unit cost (£m)"], required: false,
               about: "one row per outcome metric; targets as pairs of columns 'target 1' and 'year 1' (2027/28), 'target 2', 'year 2'…; drives: the line whose cost a count metric moves, at the unit cost"),
        Layout(sheet: "Metrics by place", columns: ["metric", "place", "base", "trend delta"], required: false,
               about: "each metric's baseline in each place and its trend above or below the metric's"),
        Layout(sheet: "Programmes", columns: ["kind", "programme", "target", "value"], required: false,
               about: "returns and responses of programmes: 'return kernel' rows give the gross return per £1 by years after the money (+0, +1…); 'return' rows the line it lands on and its share; 'response' rows the metric, its change per £1m and its kernel", kernel: true),
        Layout(sheet: "Metric links", columns: ["metric", "kind", "from", "value"], required: false,
               about: "what else moves a metric: an enabler (its effect at full level) or a line's activity (per £1m above plan)"),
        Layout(sheet: "Enablers", columns: ["id", "name", "cost (£m)", "lag (years)", "prevention", "equity"], required: false,
               about: "the enablers: annual cost, lag, and their effect on prevention and equity"),
        Layout(sheet: "Enabler efficiency", columns: ["enabler", "line", "rate"], required: false,
               about: "the efficiency each enabler brings to a line at full level"),
        Layout(sheet: "Uncertainty", columns: ["assumption", "low", "mode", "high"], required: false,
               about: "triangular ranges Monte Carlo draws (an offset for per-year assumptions)"),
        Layout(sheet: "Correlations", columns: ["a", "b", "rho"], required: false,
               about: "correlations between uncertain assumptions"),
        Layout(sheet: "Actuals", columns: ["year", "place", "item", "value"], required: false,
               about: "what happened: income, spend, balance, icb balance, a line, a metric or an organisation, by year (and place)"),
        Layout(sheet: "Sources", columns: ["key", "status", "citation", "cited value"], required: false,
               about: "the source of every number: its path in the model file, sourced, derived or estimate, the citation, and the value it cites (a figure changed on its sheet is then said to differ from its source)"),
    ]

    static func layout(_ sheet: String) -> Layout { layouts.first { $0.sheet == sheet }! }

    // MARK: Writing

    /// The model as a planning workbook, the About sheet first.
    public static func template(_ m: Model) -> Workbook {
        var w = TemplateWriter(m)
        return Workbook(sheets: [w.about()] + w.sheets())
    }
}

/// Writes each sheet from the model, in the form `model save` writes it (defaults shown, shares computed).
struct TemplateWriter {
    let m: Model
    let yearCount: Int
    init(_ m: Model) {
        self.m = m
        let arrays = [m.inflation, m.efficiency, m.incomeGrowth] + m.streams.flatMap { [$0.growth, $0.amounts ?? []] }
            + m.categories.map(\.pressure) + m.organisations.flatMap { [$0.planPosition, $0.support] } + m.risks.map(\.impact)
        yearCount = max(m.years, arrays.map(\.count).max() ?? 0)
    }

    typealias Cell = Workbook.Cell
    var yearHeaders: [Cell] { yearHeaders("") }
    /// Year columns, headed "2026/27" or with what they hold: "pressure 2026/27".
    func yearHeaders(_ what: String) -> [Cell] { (0..<yearCount).map { .bold((what.isEmpty ? "" : what + " ") + FinancialYear.label(m.firstYear + $0)) } }

    static func text(_ s: String?) -> Cell { s.map { .text($0) } ?? .empty }
    static func number(_ v: Double?, _ f: Workbook.Format = .general) -> Cell { v.map { .number($0, f) } ?? .empty }
    static func truth(_ b: Bool) -> Cell { .bool(b) }
    func years(_ vs: [Double], _ f: Workbook.Format) -> [Cell] { vs.map { .number($0, f) } }

    func sheet(_ name: String, _ rows: [[Cell]], extra: [Cell] = [], lists: [(String, [String])] = [], widths: [Double] = []) -> Workbook.Sheet {
        let layout = PlanningWorkbook.layout(name)
        let header = layout.columns.map { Cell.bold($0) } + extra
        let validations = lists.compactMap { column, words -> Workbook.Validation? in
            guard let c = layout.columns.firstIndex(of: column) else { return nil }
            return Workbook.Validation(column: c, firstRow: 2, lastRow: max(rows.count + 1, 200), words: words)
        }
        let defaultWidths = layout.columns.map { c -> Double in c == "name" || c == "citation" || c == "note" ? 48 : 16 }
        return Workbook.Sheet(name: name, rows: [header] + rows, frozenRows: 1, frozenColumns: 1,
                              columnWidths: widths.isEmpty ? defaultWidths : widths, validations: validations)
    }

    mutating func about() -> Workbook.Sheet {
        var rows: [[Cell]] = [
            [.bold("hweplan planning workbook")],
            [.text("Model: \(m.name)")],
            [.text("Model file version \(m.isVersion3 ? 3 : 2), content hash \(ModelHash.hex(m)) (the hash of the model this workbook was written from)")],
            [.text("Years \(m.yearLabel(1)) to \(m.yearLabel(m.years)). Money in £m; rates and shares as percentages or fractions (3.19% is 0.0319); years as columns.")],
            [.text("Fill in your own figures, keep the header rows and ids, then load it:  model load \"FILE.xlsx\"   or   hweplan --model FILE.xlsx")],
            [.text("A mistake is reported at its cell (Lines!E7) and changes nothing. Formulas are fine: their values are read. docs/WORKBOOK.md describes every column.")],
            [.empty],
            [.bold("Sheet"), .bold("Required"), .bold("What it holds")],
        ]
        for l in PlanningWorkbook.layouts { rows.append([.text(l.sheet), .text(l.required ? "yes" : "no"), .text(l.about)]) }
        return Workbook.Sheet(name: "About", rows: rows, frozenRows: 0, frozenColumns: 0, columnWidths: [22, 10, 110])
    }

    func sheets() -> [Workbook.Sheet] {
        var out: [Workbook.Sheet] = []
        // Model and Rates.
        var model: [[Cell]] = [
            [.text("name"), .text(m.name), .text("the model's name, shown on every result")],
            [.text("first year"), .number(Double(m.firstYear), .integer), .text("the start of the first financial year: 2026 is 2026/27")],
            [.text("years"), .number(Double(m.years), .integer), .text("the horizon, 1 to \(Model.maxYears) years")],
            [.text("policy"), .text(m.policy.rawValue), .text("meet-demand or hold-budgets")],
        ]
        if m.streams.isEmpty { model.append([.text("income base"), .number(m.incomeBase, .money), .text("£m in the first year (a model without income streams)")]) }
        var s = sheet("Model", model, widths: [18, 60, 60])
        s.validations = [Workbook.Validation(column: 1, firstRow: 5, lastRow: 5, words: ["meet-demand", "hold-budgets"])]
        out.append(s)
        var rates: [[Cell]] = [[.text("inflation"), .text("%")] + years(m.inflation, .rate),
                               [.text("efficiency"), .text("%")] + years(m.efficiency, .rate)]
        if m.streams.isEmpty { rates.append([.text("income growth"), .text("%")] + years(m.incomeGrowth, .rate)) }
        out.append(sheet("Rates", rates, extra: yearHeaders))
        // Income.
        if !m.streams.isEmpty {
            out.append(sheet("Income", m.streams.map { st in
                [.text(st.id), .text(st.name), Self.text(st.commissioner), Self.truth(st.recurrent), Self.truth(st.mhisBase),
                 Self.number(st.base, .money), .text(st.amounts == nil ? "growth" : "amounts")]
                    + (st.amounts.map { years($0, .money) } ?? years(st.growth, .rate))
            }, extra: yearHeaders, lists: [("years hold", ["growth", "amounts"])]))
        }
        // Places, lines and lines by place.
        let shares = m.incomeShares
        if !m.places.isEmpty {
            out.append(sheet("Places", m.places.enumerated().map { i, p in
                [.text(p.id), .text(p.name), .number(p.population, .integer), .number(shares[i], .rate)]
            }))
        }
        let treatment = m.categories.map { $0.kind == .treatment }
        out.append(sheet("Lines", m.categories.enumerated().map { j, c in
            [.text(c.id), .text(c.name), .text(c.kind.rawValue), Self.number(c.priority.map(Double.init), .integer), .number(c.base, .money),
             .number(c.demandGrowth, .rate), .number(c.cashable, .rate),
             treatment[j] ? .number(c.variable, .rate) : .empty, treatment[j] ? .number(c.maxUnmet, .rate) : .empty,
             treatment[j] ? Self.truth(c.growsWithIncome) : .empty] + (m.isVersion3 ? years(c.pressure, .rate) : [])
        }, extra: m.isVersion3 ? yearHeaders("pressure") : [], lists: [("kind", ["treatment", "prevention"])]))
        if !m.places.isEmpty {
            out.append(sheet("Lines by place", m.places.enumerated().flatMap { i, p in
                p.categories.map { c in [.text(c.id), .text(p.id), .number(c.value.share ?? shares[i], .rate), .number(c.value.demandGrowthDelta, .rate)] }
            }))
        }
        // Organisations, positions, deliveries and risks (version 3).
        if m.isVersion3 {
            out.append(sheet("Organisations", m.organisations.map { o in
                [.text(o.id), .text(o.name), .text(o.kind.rawValue), o.kind == .commissioner ? .text(o.places.joined(separator: ", ")) : .empty]
            }, lists: [("kind", ["commissioner", "provider"])]))
            let providers = m.organisations.filter { $0.kind == .provider }
            out.append(sheet("Positions", providers.flatMap { o in
                [[.text(o.id), .text("plan position")] + years(o.planPosition, .money), [.text(o.id), .text("support")] + years(o.support, .money)]
            }, extra: yearHeaders, lists: [("item", ["plan position", "support"])]))
            out.append(sheet("Deliveries", providers.flatMap { o in
                o.delivers.flatMap { line in line.value.map { place in [.text(o.id), .text(line.id), .text(place.id), .number(place.value, .rate)] } }
            }))
            out.append(sheet("Risks", m.risks.map { r in
                [.text(r.id), .text(r.name), .text(r.kind.rawValue), Self.text(r.org), .number(r.probability, .rate), Self.truth(r.recurrent)] + years(r.impact, .money)
            }, extra: yearHeaders("impact"), lists: [("kind", ["risk", "mitigation"])]))
        }
        // Metrics, by place, programmes and links.
        let targetPairs = max(1, m.metrics.map(\.targets.count).max() ?? 0)
        let targetHeaders = (1...targetPairs).flatMap { [Cell.bold("target \($0)"), Cell.bold("year \($0)")] }
        out.append(sheet("Metrics", m.metrics.map { x in
            [.text(x.id), .text(x.name), .text(x.unit), Self.number(x.priority.map(Double.init), .integer), .text(x.better.rawValue),
             .text(x.aggregate.rawValue), Self.truth(x.equity), .number(x.base), .number(x.trend), Self.number(x.min), Self.number(x.max),
             Self.number(x.ceiling), .number(x.capacity), Self.text(x.drives?.category), Self.number(x.drives?.unitCost)]
                + x.targets.flatMap { [Cell.number($0.value), Cell.text(FinancialYear.label($0.year))] }
        }, extra: targetHeaders, lists: [("better", ["higher", "lower"]), ("aggregate", ["mean", "sum"])]))
        if !m.places.isEmpty {
            out.append(sheet("Metrics by place", m.places.flatMap { p in
                p.metrics.map { x in [.text(x.id), .text(p.id), Self.number(x.value.base), .number(x.value.trendDelta)] }
            }))
        }
        var programmes: [[Cell]] = []
        for c in m.categories {
            guard let r = c.returns else { continue }
            programmes.append([.text("return kernel"), .text(c.id), .empty, .empty] + r.kernel.map { .number($0) })
            for to in r.to { programmes.append([.text("return"), .text(c.id), .text(to.id), .number(to.value)]) }
        }
        for x in m.metrics {
            for r in x.responses { programmes.append([.text("response"), .text(r.id), .text(x.id), .number(r.value.perMillion)] + r.value.kernel.map { .number($0) }) }
        }
        let kernelLength = programmes.map { $0.count - 4 }.max() ?? 0
        out.append(sheet("Programmes", programmes, extra: (0..<max(kernelLength, 1)).map { .bold("+\($0)") },
                         lists: [("kind", ["return kernel", "return", "response"])]))
        out.append(sheet("Metric links", m.metrics.flatMap { x in
            x.enablers.map { [.text(x.id), .text("enabler"), .text($0.id), .number($0.value)] }
                + x.activity.map { [.text(x.id), .text("activity"), .text($0.id), .number($0.value)] }
        }, lists: [("kind", ["enabler", "activity"])]))
        // Enablers, uncertainty, correlations, actuals, sources.
        out.append(sheet("Enablers", m.enablers.map { e in
            [.text(e.id), .text(e.name), .number(e.cost, .money), .number(Double(e.lag), .integer), .number(e.prevention), .number(e.equity)]
        }))
        out.append(sheet("Enabler efficiency", m.enablers.flatMap { e in e.efficiency.map { [.text(e.id), .text($0.id), .number($0.value, .rate)] } }))
        out.append(sheet("Uncertainty", m.uncertainty.map { u in [.text(u.assumption), .number(u.low), .number(u.mode), .number(u.high)] }))
        if m.isVersion3 { out.append(sheet("Correlations", m.correlations.map { [.text($0.a), .text($0.b), .number($0.rho)] })) }
        var actuals: [[Cell]] = []
        func figures(_ year: String, _ place: String?, _ f: Model.ActualFigures) {
            for (key, v) in [("income", f.income), ("spend", f.spend), ("balance", f.balance), ("icb balance", f.icbBalance)] {
                if let v { actuals.append([.text(year), Self.text(place), .text(key), .number(v, .money)]) }
            }
            for c in f.categories { actuals.append([.text(year), Self.text(place), .text(c.id), .number(c.value)]) }
            for x in f.metrics { actuals.append([.text(year), Self.text(place), .text(x.id), .number(x.value)]) }
        }
        for y in m.actuals {
            figures(y.id, nil, y.value.system)
            for p in y.value.places { figures(y.id, p.id, p.value) }
            for o in y.value.organisations { actuals.append([.text(y.id), .empty, .text(o.id), .number(o.value, .money)]) }
        }
        out.append(sheet("Actuals", actuals))
        // The value each citation is for, so a figure changed on its sheet is told from the one its source gives.
        let json = (try? JSONParser.parse(ModelWriter.json(m))) ?? .null
        out.append(sheet("Sources", m.sources.map { s in
            [.text(s.id), Self.text(m.sourceStatus[s.id]?.rawValue), .text(s.value), Self.text(json.at(sourceKey: s.id)?.numbersText)]
        }, lists: [("status", ["sourced", "derived", "estimate"])], widths: [40, 12, 120, 16]))
        return out
    }
}

extension Workbook.Cell {
    /// A plain number (general format): scales, kernels, metric values.
    static func number(_ v: Double) -> Workbook.Cell { .number(v, .general) }
}

extension PlanningWorkbook {
    /// docs/WORKBOOK.md: the sheets and their columns, from `layouts` (a test keeps the file current).
    public static func document() -> String {
        var s = """
        # The planning workbook

        `model template "FILE.xlsx"` writes the current model (built-in or loaded) as a workbook to fill in with
        your own plan; `model load "FILE.xlsx"` or `hweplan --model FILE.xlsx` reads it back, with the same
        checks as a JSON model file. A mistake is reported at its cell (`Lines!E7: base must be a number, not
        'abc'`) and changes nothing. Generated from `PlanningWorkbook.layouts`; `make docs` rewrites it.

        How the sheets are read:

        - Row 1 of each sheet is its header; every later row that holds anything is a record, in order.
          Columns are found by their header, so their order does not matter; a unit in brackets
          (`base (£m)`) is for reading and may be left out. Extra columns are not allowed to repeat a header.
        - Years are columns headed with the financial year (`2026/27`), or with what they hold and the year
          (`pressure 2026/27`). A row may stop early: the model file's rule that the last entry holds applies.
          A gap before a later value is an error.
        - Money is in £m; rates and shares are fractions, shown as percentages (3.19% is 0.0319). Text such as
          `3.2%` or `£12.5m` is read as the number it shows. A growth, inflation, savings or pressure rate beyond 50%
          a year (6.5 typed for 6.5%, which is 650%) still loads, with a warning naming it and the fraction meant.
        - TRUE/FALSE cells take the spreadsheet's own truth values, or the words TRUE, FALSE, yes, no.
        - Formulas are fine once Excel or LibreOffice has calculated them (their cached value is read); a
          formula openpyxl wrote, which has no value yet, is refused with what to do.
        - Ids (lines, places, metrics, organisations…) join the sheets: an id that is on no sheet is an error at
          the cell that names it.
        - Only the sheets marked required must be there; a sheet left out takes the model file's default
          (no places, no organisations, an empty register…). Without an Income sheet, the Model sheet's
          `income base` and the Rates sheet's `income growth` give a version 2 model's income.

        | Sheet | Required | Columns | What it holds |
        |---|---|---|---|

        """
        for l in layouts {
            var columns = l.columns.map { "`\($0)`" }.joined(separator: ", ")
            if l.years { columns += ", then years (`2026/27`…)" }
            if l.kernel { columns += ", then years after the money (`+0`, `+1`…)" }
            if l.sheet == "Metrics" { columns += ", then `target 1`, `year 1`, `target 2`, `year 2`…" }
            s += "| \(l.sheet) | \(l.required ? "yes" : "no") | \(columns) | \(l.about) |\n"
        }
        return s
    }
}
