import PlanSupport

/// One entry of the command table: what `help` shows, what completion offers and how the statement parses.
public struct Command: Sendable {
    public var name: String
    /// One line per form, as help writes them.
    public var synopsis: [String]
    public var summary: String
    public var detail: String
    let parse: @Sendable (inout Parser) throws -> Statement.Kind
}

/// The single table behind statement dispatch, `help`, `help STATEMENT`, completion and docs/commands.md.
public enum CommandTable {
    public static let showTopics = ShowTopic.allCases.map(\.rawValue)
    public static let exportFormats = ExportFormat.allCases.map(\.rawValue)

    public static let commands: [Command] = [
        Command(name: "shift", synopsis: ["shift AMOUNT [of|from] CATEGORY to CATEGORY [in PLACE] [PERIOD]"],
                summary: "move money from one spending line to another",
                detail: """
                AMOUNT is money (£12m, £1.2bn, £500k; a bare number is £m) in each year of the period, or a percentage
                of the source's efficient cost in each year. `prevention` means every prevention programme, split by base.
                PERIOD is `in YEAR`, `from YEAR`, `YEAR..YEAR` or `in YEAR..YEAR`; without one, every year from the second.
                Without `in PLACE` the money splits across places by the source's efficient cost; with it, all goes there.
                """, parse: { try $0.parseShift() }),
        Command(name: "invest", synopsis: ["invest AMOUNT in CATEGORY [in PLACE] [PERIOD] [non-recurrent]"],
                summary: "add unfunded money to a spending line",
                detail: "A percentage is a share of the line's own efficient cost. Nothing else changes: the balance pays for it. "
                    + "`non-recurrent` marks one-off money, which the underlying position leaves out.",
                parse: { try $0.parseInvest() }),
        Command(name: "enable", synopsis: ["enable ENABLER [at PERCENT] [PERIOD]"],
                summary: "run an enabler as planned, or at a level from 0% to 200%",
                detail: "Costs follow the level at once; effects follow after the enabler's lag.",
                parse: { try $0.parseEnable() }),
        Command(name: "disable", synopsis: ["disable ENABLER [PERIOD]"],
                summary: "stop an enabler (level 0%): saves its cost, loses its effects",
                detail: "The same as `enable ENABLER at 0%`.", parse: { try $0.parseDisable() }),
        Command(name: "set", synopsis: ["set ASSUMPTION = VALUE [PERIOD]", "set policy = meet-demand|hold-budgets"],
                summary: "override an assumption, or choose how treatment lines respond to cuts",
                detail: """
                A rate is written with `%` (efficiency = 1.2%; a bare 1.2 is refused), money is £m, a scale is a
                fraction or a percentage (1.2 or 120%), a metric's trend or level a bare number in its own units.
                `set` changes the plan (budgets and contracts follow it); `outturn` changes only what is delivered.
                Per-year assumptions (allocation growth, inflation, efficiency, a stream's growth or amount, a line's
                pressure) take a PERIOD, from {Y2} when none is given; the others (a line's demand growth, a metric's trend
                or level, a scale, a probability) hold for the whole horizon and take none.
                A value outside the assumption's uncertainty range is taken, with a caution; so is a shift or
                investment that takes a budget below zero. See `show assumptions` for every id and range.
                """, parse: { try $0.parseSet() }),
        Command(name: "outturn", synopsis: ["outturn ASSUMPTION = VALUE [PERIOD]", "outturn ASSUMPTION = N% of plan [PERIOD]"],
                summary: "what is delivered, where it differs from the plan (budgets and contracts stay at plan)",
                detail: """
                `set` changes the plan; `outturn` changes only what happens: `outturn efficiency = 60% of plan from {Y2}`
                delivers 60% of the planned savings while budgets stay as planned, so the shortfall lands where the contracts
                put it (on providers for a block contract). Rates are written with `%`.
                """, parse: { try $0.parseOutturn() }),
        Command(name: "risk", synopsis: ["risk ID AMOUNT [on ORG] [PERIOD] [at PERCENT]"],
                summary: "add a risk to the scenario's register (or replace one of the same id)",
                detail: """
                AMOUNT is what it would cost in each year of the period (every year, the one under way included, without
                one); `at` its probability (100% without). It lands on ORG, or on the ICB. A run's risk-adjusted rows add
                probability × impact; Monte Carlo draws whether it happens.
                """, parse: { try $0.parseRisk(mitigation: false) }),
        Command(name: "mitigation", synopsis: ["mitigation ID AMOUNT [on ORG] [PERIOD] [at PERCENT]"],
                summary: "add a mitigation to the scenario's register (what it would save), or replace one",
                detail: "As `risk`, with the amount saved.", parse: { try $0.parseRisk(mitigation: true) }),
        Command(name: "rule", synopsis: ["rule grows-with-income off|on [PERIOD]"],
                summary: "stop (or start again) judging the mental health investment standard in some years",
                detail: "Without a PERIOD, every year from the second.", parse: { try $0.parseRule() }),
        Command(name: "scenario",
                synopsis: ["scenario new NAME [from OTHER]", "scenario use NAME", "scenario list", "scenario drop NAME",
                           "scenario rename OLD NEW"],
                summary: "create, switch, list, drop or rename scenarios",
                detail: "`baseline` always exists and cannot be changed: start your own with `scenario new NAME`.",
                parse: { try $0.parseScenario() }),
        Command(name: "reset", synopsis: ["reset"], summary: "clear the current scenario's statements",
                detail: "Can be undone.", parse: { _ in .reset }),
        Command(name: "undo", synopsis: ["undo"], summary: "take back the last change to any scenario",
                detail: "Unlimited within a session; covers levers, `set`, `outturn`, `risk`, `mitigation`, `rule`, `reset`, `scenario` statements, `model horizon` and `actuals load`.", parse: { _ in .undo }),
        Command(name: "redo", synopsis: ["redo"], summary: "do again what `undo` took back", detail: "", parse: { _ in .redo }),
        Command(name: "simulate", synopsis: ["simulate"],
                summary: "the five-year table: money, balance, objective and metrics by priority",
                detail: "Under the table, in words: where providers carry a gap, the rules broken, what each enabler the "
                    + "scenario moves does to the money (its own cost against the efficiency it brings, compared with the "
                    + "enabler at 100%), and each funded programme's payback. "
                    + "With --format json, one `simulation` object per line (MODEL.md §6).", parse: { _ in .simulate }),
        Command(name: "show",
                synopsis: ["show " + showTopics.prefix(5).joined(separator: "|"), "show " + showTopics.dropFirst(5).joined(separator: "|"),
                           "show TARGET [by place]"],
                summary: "look at the model, the scenario, or one line across the years",
                detail: "TARGET := (balance | icb-balance | METRIC | CATEGORY) [in PLACE] | underlying | risk-adjusted | ORGANISATION\n"
                    + "A CATEGORY shows its budget, outturn, payment and provider gap; an ORGANISATION its own statement: an ICB's "
                    + "income and what it pays each line, a trust's payment from the ICBs against the cost of that care and its "
                    + "planned position, then its balance, underlying and risk-adjusted positions. "
                    + "`show sources ID` gives only the sources that name one id (a line, an organisation, a measure, a place).", parse: { try $0.parseShow() }),
        Command(name: "compare", synopsis: ["compare NAME NAME [NAME…] [on METRIC…]", "compare places [on METRIC…]"],
                summary: "scenarios side by side, with differences against the first",
                detail: """
                Arrows mark better (↑ good) and worse; the text says so too, so it reads without colour.
                It shows the system's and the ICBs' balance, each organisation in deficit or moved by a scenario, then
                every metric. `on` picks what follows the balances: metrics, underlying, risk-adjusted or an organisation.
                """,
                parse: { try $0.parseCompare() }),
        Command(name: "explain", synopsis: ["explain TARGET [in YEAR] [vs NAME]", "explain variance ITEM [in PLACE] in YEAR"],
                summary: "what moved a figure against baseline (or NAME), statement by statement",
                detail: """
                Shapley shares over the scenario's statements: exact up to \(Limits.explainExact), sampled with a fixed seed beyond.
                `explain variance` finds, for each uncertain assumption, the value that would account for an actual.
                """,
                parse: { try $0.parseExplain() }),
        Command(name: "chart", synopsis: ["chart TARGET [change|cumulative] [NAME…] [by place]"],
                summary: "a terminal chart across the years for one or more scenarios",
                detail: "", parse: { try $0.parseChart() }),
        Command(name: "montecarlo", synopsis: ["montecarlo [N] [seed N]"],
                summary: "how sure we can be: N draws of every uncertain assumption (default \(Limits.defaultDraws))",
                detail: "At most \(NumberFormat.count(Limits.maxDraws)) draws; the same seed gives the same figures. Ctrl-C stops it and changes nothing.", parse: { try $0.parseMontecarlo() }),
        Command(name: "sensitivity", synopsis: ["sensitivity TARGET [in YEAR]"],
                summary: "a tornado of the assumptions that move a figure most",
                detail: "", parse: { try $0.parseSensitivity() }),
        Command(name: "seek",
                synopsis: ["seek [largest|smallest] LEVER [between VALUE and VALUE] such that CONDITION [ignoring rules]",
                           "seek LEVER [between VALUE and VALUE] such that CONDITION maximizing|minimizing TARGET [in YEAR] [ignoring rules]"],
                summary: "find how far a lever can go while a condition holds",
                detail: """
                LEVER := shift from CATEGORY to CATEGORY [in PLACE] [PERIOD] | invest in CATEGORY [in PLACE] [PERIOD]
                       | level of ENABLER [PERIOD] | ASSUMPTION [PERIOD] | outturn ASSUMPTION [PERIOD]
                CONDITION := TERM [and TERM …]
                TERM := TARGET COMPARISON VALUE every year | TARGET COMPARISON VALUE in YEAR
                      | METRIC meets target | rules hold
                TARGET := (balance | icb-balance | METRIC | CATEGORY) [in PLACE] | underlying | risk-adjusted | ORGANISATION
                Unless it ends in `ignoring rules`, the condition includes `rules hold`. The answer is figured on top of
                the scenario's statements and not applied: type the statement it gives to apply it. The output says
                why one step further fails, or why nothing in the range works.
                Ranges: a shift or invest, £0 to the line's smallest cost over the period; a level, 0–200%; an
                assumption, its uncertainty range, or `between` when it has none (written as `set` writes it: 1%, £5m).
                Steps: £0.01m for money, 0.01 points for a rate or probability (reported in %), 0.1% for a level,
                0.0001 for a scale or a metric's own units.
                """, parse: { try $0.parseSeek() }),
        Command(name: "run", synopsis: ["run \"FILE\""], summary: "replay a script into this session",
                detail: "A relative path in a script is taken from that script's folder, for every file a statement reads or writes.",
                parse: { try $0.parseRun() }),
        Command(name: "save", synopsis: ["save \"FILE\" [replace]"], summary: "write the current scenario as a replayable script",
                detail: "Refuses to overwrite a file that exists (even one holding the same text) unless `replace` is given.",
                parse: { try $0.parseSave() }),
        Command(name: "export", synopsis: ["export " + exportFormats.joined(separator: "|") + " \"FILE\" [NAME…] [replace]"],
                summary: "write scenarios' results to a file (default: the current scenario)",
                detail: """
                With names, every scenario named, in that order: CSV as one table with a scenario column, JSON with a
                `scenarios` array, Markdown and HTML with a section each, xlsx with each sheet holding a block per
                scenario. Every export carries its provenance: the hweplan version, the model and its content hash,
                the hash of the scenarios' statements (the board report's script hash) and, in xlsx, the Monte Carlo
                draws and seed. CSV numbers carry at most 6 decimals. Refuses to overwrite a file that exists unless
                `replace` is given; writes atomically, keeping the old file's permissions.
                """,
                parse: { try $0.parseExport() }),
        Command(name: "report", synopsis: ["report \"FILE\" [NAME…] [replace]"],
                summary: "the board report: one self-contained HTML page for the named scenarios",
                detail: """
                Without names, the current scenario against baseline. Page 1, the cover: purpose, a health warning
                (the share of income, spending and outcome baselines that are estimates; the successor ICBs; the
                model's version and hash), each scenario in plain English with its statements as typed, and the
                provenance. Page 2, the executive summary: each scenario's system, ICB, underlying and risk-adjusted
                positions by year, each organisation's, the investment standard's headroom, P(balanced) and the top
                risks. Then the money (the change against baseline as bars, its shape named), one section per
                priority (each measure against its target, RAG), Monte Carlo (as many draws as `montecarlo`, seed 1)
                and sensitivity for every scenario, the risk register, why each scenario moved, places, actuals and
                an appendix of the main assumptions and the sources' status. No script, no external reference;
                prints to A4 (four scenarios in at most 12 pages).
                """, parse: { try $0.parseReport() }),
        Command(name: "verify", synopsis: ["verify \"REPORT.html\""],
                summary: "re-run what a board report records and say whether every figure is reproduced",
                detail: """
                A report records its model's hash, its scenarios' statements, the seed and the draws. `verify` re-runs
                them on the current model (which must be the one the report was made with: load it first) and compares
                every figure in the report's tables and sentences with the re-run, naming each one that differs (an
                edited number, another model, other actuals). It changes nothing in the session; in a script a
                difference fails the statement (exit status 1).
                """, parse: { try $0.parseVerify() }),
        Command(name: "model", synopsis: ["model load \"FILE\"", "model save \"FILE\" [replace]", "model template \"FILE.xlsx\" [replace]",
                                          "model show", "model horizon N"],
                summary: "load another model file, save the current one, write it as a workbook, describe it, or change the horizon",
                detail: """
                Loading a model starts a fresh session on it. A model file is JSON (`model save`) or a planning workbook
                (.xlsx): `model template` writes the current model as one, to fill in with your own plan in Excel or
                LibreOffice and load back; a mistake is reported at its cell (Lines!E7) and changes nothing
                (docs/WORKBOOK.md). `model horizon N` runs every scenario over N years (1 to 20).
                """,
                parse: { try $0.parseModel() }),
        Command(name: "actuals", synopsis: ["actuals load \"FILE\""],
                summary: "load outturn figures (CSV: year,place,item,value) to compare the plan with",
                detail: """
                The CSV has the header year,place,item,value (place empty for the system), as Excel saves it: quote a
                number with thousands commas ("1,450"). Money may be written £1.2m, -£4.5m or (4.9) for a negative. A bad row is an error at its line and column and nothing loads;
                a row repeating an earlier one keeps the later value, and the confirmation says so. Can be undone.
                See `show actuals` and `explain variance`.
                """,
                parse: { try $0.parseActuals() }),
        Command(name: "assert", synopsis: ["assert CONDITION"],
                summary: "fail the script (exit status 1) unless the condition holds",
                detail: "The same CONDITION as `seek`.", parse: { .assert(try $0.condition()) }),
        Command(name: "echo", synopsis: ["echo \"TEXT\""], summary: "print a note (for demonstrations)",
                detail: "", parse: { try $0.parseEcho() }),
        Command(name: "pause", synopsis: ["pause"], summary: "in step mode, wait for Enter (ignored otherwise)",
                detail: "At a pause, Enter goes on, q stops the demonstration, and a statement typed there runs, then the pause waits again.", parse: { _ in .pause }),
        Command(name: "help", synopsis: ["help [TOPIC]"], summary: "list the statements, or explain one",
                detail: "", parse: { try $0.parseHelp() }),
        Command(name: "quit", synopsis: ["quit"], summary: "leave hweplan (Ctrl-D does too)", detail: "", parse: { _ in .quit }),
    ]

    public static let names: [String] = commands.map(\.name)

    public static func command(named name: String) -> Command? { commands.first { $0.name == name } }
}

extension CommandTable {
    /// docs/commands.md: generated from the command table; a test fails when the file is stale.
    /// A command's text with its example years read from the model: `{Y1}` the first year (2026/27), `{Y1-}` it
    /// written with a dash (2026-27), `{Y2}` the second; docs/commands.md shows the built-in model's.
    public static func examples(_ text: String, firstYear: Int) -> String {
        let y1 = FinancialYear.label(firstYear)
        let values = ["{Y1}": y1, "{Y1-}": String(y1.map { $0 == "/" ? "-" : $0 }), "{Y2}": FinancialYear.label(firstYear + 1)]
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[open...close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return out + rest
    }

    public static func document() -> String {
        var out = ["# hweplan statements", "", "Generated from the command table (`hweplan -c 'help'` shows the same). Do not edit by hand:",
                   "run `make docs` after changing `Sources/PlanLanguage/CommandTable.swift`.", ""]
        for c in CommandTable.commands {
            out.append("## \(c.name)")
            out.append("")
            out.append("```")
            out += c.synopsis
            out.append("```")
            out.append("")
            out.append(c.summary.prefix(1).uppercased() + c.summary.dropFirst() + ".")
            if !c.detail.isEmpty { out.append(""); out.append(examples(c.detail, firstYear: 2026)) }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
