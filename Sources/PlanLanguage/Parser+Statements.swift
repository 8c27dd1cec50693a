import PlanSupport

/// One method per statement of the language (docs/commands.md), each with its rule above it. Dispatch is by the command table.
extension Parser {
    // STATEMENT := COMMAND-WORD ...   (the command table names every statement)
    mutating func parseStatement() throws -> Statement {
        let first = position
        guard case .word(let w) = current.kind else {
            throw expected("a statement", ["type 'help' for the list of statements"], CommandTable.names.map(Expectation.keyword))
        }
        if current.kind != .eof, !CommandTable.names.contains(w.lowercased()) {
            var notes = ["type 'help' for the list of statements"]
            if let near = Suggestion.closest(to: w, in: CommandTable.names) { notes.insert("did you mean '\(near)'?", at: 0) }
            throw fail(.unknownStatement, "unknown statement '\(w)'", current.range, notes)
        }
        let command = CommandTable.command(named: w.lowercased())!
        let keyword = advance()
        let kind = try command.parse(&self)
        return Statement(kind: kind, range: range(from: keyword.range), text: text(from: first))
    }

    // shift AMOUNT ['of'|'from'] CATEGORY 'to' CATEGORY ['in' PLACE] [PERIOD]
    mutating func parseShift() throws -> Statement.Kind {
        let amount = try quantity("an amount (£12m or 2%)")
        if amount.unit == .bare || amount.unit == .money, amount.value < 0 {
            throw fail(.wrongUnit, "a shift moves a positive amount", amount.range, ["swap the categories to move money the other way"])
        }
        if amount.unit == .percent, amount.value < 0 {
            throw fail(.wrongUnit, "a shift moves a positive share", amount.range, ["swap the categories to move money the other way"])
        }
        if !accept("of") { _ = accept("from") }
        let from = try category()
        _ = try expectKeyword("to")
        let to = try category()
        if overlaps(from.text, to.text) {
            throw fail(.sameCategory, "a shift from '\(from.text)' to '\(to.text)' moves money to itself", to.range,
                       ["choose a destination outside the source (prevention covers every prevention programme)"])
        }
        let place = try optionalPlace()
        let period = try optionalPeriod()
        if check("non-recurrent") {
            throw fail(.expected, "a shift moves recurrent budgets; only 'invest' takes 'non-recurrent'", current.range,
                       ["write the one-off money as: invest AMOUNT in CATEGORY … non-recurrent"])
        }
        return .lever(.shift(amount: amount, from: from, to: to, place: place, period: period))
    }

    func overlaps(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let prev = vocabulary.preventionCategories
        return (a == "prevention" && prev.contains(b)) || (b == "prevention" && prev.contains(a))
    }

    // invest AMOUNT 'in' CATEGORY ['in' PLACE] [PERIOD] ['non-recurrent']
    mutating func parseInvest() throws -> Statement.Kind {
        let amount = try quantity("an amount (£12m or 2%)")
        _ = try expectKeyword("in")
        let into = try category()
        let place = try optionalPlace()
        let period = try optionalPeriod()
        if current.kind == .eof { expectations.append(.keyword("non-recurrent")) }
        return .lever(.invest(amount: amount, into: into, place: place, period: period, nonRecurrent: accept("non-recurrent")))
    }

    // enable ENABLER ['at' PERCENT] [PERIOD]
    mutating func parseEnable() throws -> Statement.Kind {
        let enabler = try enabler()
        var level: Quantity?
        if accept("at") {
            let q = try quantity("a level like 150%")
            guard q.unit == .percent else {
                throw fail(.wrongUnit, "a level takes a percentage", q.range, ["write it like 'at 150%' (0% to 200%)"])
            }
            guard (0...2).contains(q.value) else {
                throw fail(.levelOutOfRange, "a level must lie between 0% and 200%", q.range, ["100% is the level as planned"])
            }
            level = q
        }
        try refusePlace("an enabler")
        return .lever(.enable(enabler, level: level, period: try optionalPeriod()))
    }

    // disable ENABLER [PERIOD]
    mutating func parseDisable() throws -> Statement.Kind {
        let enabler = try enabler()
        try refusePlace("an enabler")
        return .lever(.disable(enabler, period: try optionalPeriod()))
    }

    // set ASSUMPTION '=' VALUE [PERIOD]  |  set 'policy' '=' ('meet-demand' | 'hold-budgets')
    mutating func parseSet() throws -> Statement.Kind {
        if check("policy") {
            let name = try word("'policy'", [])
            try equals()
            let policies = vocabulary.policies
            let value = try known(policies.map { "'\($0)'" }.joined(separator: " or "), kind: "policy", policies,
                                  .keyword(policies.first ?? "meet-demand"), extra: policies.dropFirst().map(Expectation.keyword))
            if atYear || check("in", "from") {
                throw fail(.periodOnScalar, "the policy applies to the whole horizon and takes no period", current.range)
            }
            return .lever(.set(name, value: .word(value), period: nil))
        }
        if current.kind == .eof { expectations.append(.keyword("policy")) }
        let name = try assumption()
        try equals()
        let value = try quantity("a value (a number, 3% or £12m)")
        // 'N% of plan' is what happened against the plan: an outturn, not a plan value.
        if check("of") {
            throw fail(.expected, "'of plan' belongs to outturn: set gives the plan's own value", current.range,
                       ["for what happened against the plan: outturn \(name.text) = N% of plan [PERIOD]"])
        }
        try refusePlace("an assumption")
        let period = try assumptionPeriod(name, "drop the period; only per-year assumptions take one ('show assumptions' gives those a value for each year)")
        return .lever(.set(name, value: .number(value), period: period))
    }

    /// An assumption's optional period; a scalar assumption (one value for the whole horizon) takes none.
    mutating func assumptionPeriod(_ name: Name, _ note: String) throws -> Period? {
        let periodStart = current.range
        let period = try optionalPeriod()
        if let period, vocabulary.scalarAssumptions.contains(name.text) {
            throw fail(.periodOnScalar, "'\(name.text)' has one value for the whole horizon and takes no period",
                       SourceRange(file: periodStart.file, start: periodStart.start, end: period.range.end), [note])
        }
        return period
    }

    // outturn ASSUMPTION '=' VALUE [PERIOD]  where VALUE may be 'N% of plan'
    mutating func parseOutturn() throws -> Statement.Kind {
        if check("policy") {
            throw fail(.expected, "the policy is a decision, the same at plan and at outturn", current.range, ["set it with: set policy = hold-budgets"])
        }
        let name = try assumption()
        try equals()
        let value = try quantity("a value (a number, 3%, £12m, or N% of plan)")
        var ofPlan = false
        if accept("of") {
            _ = try expectKeyword("plan", ["write it like 60% of plan"])
            guard value.unit == .percent else {
                throw fail(.wrongUnit, "'of plan' takes a percentage", value.range, ["write it like 60% of plan"])
            }
            ofPlan = true
        }
        try refusePlace("an assumption")
        let period = try assumptionPeriod(name, "drop the period; only per-year assumptions take one ('show assumptions' gives those a value for each year)")
        return .lever(.outturn(name, value: value, ofPlan: ofPlan, period: period))
    }

    // ('risk' | 'mitigation') ID AMOUNT ['on' ORG] [PERIOD] ['at' PERCENT]
    mutating func parseRisk(mitigation: Bool) throws -> Statement.Kind {
        let id = try word("an id for the \(mitigation ? "mitigation" : "risk") (a new one, or one in the register)", [])
        let amount = try quantity("its cost in each year, like £6m")
        if amount.unit == .percent {
            throw fail(.wrongUnit, "a \(mitigation ? "mitigation" : "risk")'s amount is money, not a percentage", amount.range, ["write it like £6m"])
        }
        if amount.value < 0 {
            throw fail(.wrongUnit, "the amount is what it would cost (a mitigation: what it would save), 0 or more", amount.range, [])
        }
        var org: Name?
        if accept("on") { org = try known("an organisation", kind: "organisation", vocabulary.organisations, .organisation) }
        let period = try optionalPeriod()
        var probability: Quantity?
        if accept("at") {
            let p = try quantity("a probability like 40%")
            guard p.unit == .percent, (0...1).contains(p.value) else {
                throw fail(.wrongUnit, "a probability is a percentage from 0% to 100%", p.range, ["write it like 40%"])
            }
            probability = p
        }
        return .lever(.risk(id, mitigation: mitigation, amount: amount, on: org, period: period, probability: probability))
    }

    // rule 'grows-with-income' ('off' | 'on') [PERIOD]
    mutating func parseRule() throws -> Statement.Kind {
        let name = try known("a rule", kind: "rule", ["grows-with-income"], .keyword("grows-with-income"))
        let judged: Bool
        if accept("off") { judged = false } else if accept("on") { judged = true } else {
            throw expected("'off' or 'on'", [], [.keyword("off"), .keyword("on")])
        }
        return .lever(.rule(name, judged: judged, period: try optionalPeriod()))
    }

    private mutating func equals() throws {
        guard checkSymbol("=") else { throw expected("'='", [], []) }
        _ = advance()
    }

    // scenario 'new' NAME ['from' SCENARIO] | 'use' SCENARIO | 'list' | 'drop' SCENARIO | 'rename' SCENARIO NAME
    mutating func parseScenario() throws -> Statement.Kind {
        if accept(ScenarioCommand.new.rawValue) {
            let name = try newScenarioName()
            return .scenarioNew(name, from: accept("from") ? try scenario() : nil)
        }
        if accept(ScenarioCommand.use.rawValue) { return .scenarioUse(try scenario()) }
        if accept(ScenarioCommand.list.rawValue) { return .scenarioList }
        if accept(ScenarioCommand.drop.rawValue) { return .scenarioDrop(try scenario()) }
        if accept(ScenarioCommand.rename.rawValue) { return .scenarioRename(try scenario(), try newScenarioName()) }
        throw expected(wordList(ScenarioCommand.allCases, quoted: true), [], ScenarioCommand.allCases.map { .keyword($0.rawValue) })
    }

    // show TOPIC | show TARGET ['by' 'place']
    mutating func parseShow() throws -> Statement.Kind {
        let topics = CommandTable.showTopics
        let money = MoneyWord.targets.map(\.rawValue)
        let all = topics + money + vocabulary.metrics + vocabulary.categories + vocabulary.enablers + vocabulary.organisations
        if current.kind == .eof { expectations += (topics + money).map(Expectation.keyword) + [.metric, .category, .enabler, .organisation] }
        let name = try known("what to show", kind: "topic", all, .metric)
        // show sources ID: the sources that name one id (a line, an organisation, a measure, a place…).
        if name.text == ShowTopic.sources.rawValue, case .word(let w) = current.kind {
            let about = advance()
            return .show(name, place: nil, byPlace: false, about: Name(w, about.range))
        }
        if topics.contains(name.text) { return .show(name, place: nil, byPlace: false) }
        if vocabulary.enablers.contains(name.text) {
            try refusePlace("an enabler")
            if check("by") {
                throw fail(.noPlaces, "an enabler acts in every place and has no figures by place", range(from: current.range),
                           ["drop 'by place'; show \(name.text) gives its level and cost for the system"])
            }
            return .show(name, place: nil, byPlace: false)
        }
        if isSystemOnly(name.text), check("in") || check("by") {
            throw fail(.noPlaces, "'\(name.text)' has no figure \(check("in") ? "for one place" : "by place")", current.range,
                       ["show balance by place gives each place's own position"])
        }
        let place = try optionalPlace()
        let byPlace = place == nil ? try self.byPlace() : false
        return .show(name, place: place, byPlace: byPlace)
    }

    /// ['by' 'place'], refused in a model with no places.
    mutating func byPlace() throws -> Bool {
        guard check("by") else { return false }
        let by = advance()
        _ = try expectKeyword("place")
        if vocabulary.places.isEmpty {
            throw fail(.noPlaces, "the model has no places", range(from: by.range), ["drop 'by place'; load a model with places to compare them"])
        }
        return true
    }

    // compare SCENARIO SCENARIO {SCENARIO} ['on' COMPARABLE {COMPARABLE}] | compare 'places' ['on' METRIC {METRIC}]
    // COMPARABLE := METRIC | 'balance' | 'icb-balance' | 'underlying' | 'risk-adjusted' | ORGANISATION
    mutating func parseCompare() throws -> Statement.Kind {
        if check("places"), !vocabulary.scenarios.contains("places") {
            let word = advance()
            if vocabulary.places.isEmpty {
                throw fail(.noPlaces, "the model has no places", word.range, ["compare scenarios instead: compare NAME NAME"])
            }
            var on: [Name] = []
            if accept("on") {
                on.append(try metricOrBalance())
                while !atEnd { on.append(try metricOrBalance()) }
            }
            return .comparePlaces(on: on)
        }
        var names = [try scenario(), try scenario()]
        while !atEnd, !check("on") { names.append(try scenario()) }
        var on: [Name] = []
        if accept("on") {
            on.append(try comparable())
            while !atEnd { on.append(try comparable()) }
        }
        return .compare(names, on: on)
    }

    // explain TARGET ['in' YEAR] ['vs' SCENARIO] | explain 'variance' ITEM ['in' PLACE] 'in' YEAR
    mutating func parseExplain() throws -> Statement.Kind {
        if case .word(let w) = current.kind, w.lowercased() == "variance" {
            _ = advance()
            let item = try target(items: true)
            _ = try expectKeyword("in", ["name the year of the actual: 'in 2025/26'"])
            return .explainVariance(item, year: try year())
        }
        let target: Target
        do { target = try self.target() } catch {
            if current.kind == .eof { expectations.append(.keyword("variance")) }
            throw error
        }
        let year = accept("in") ? try self.year() : nil
        let against = accept("vs") ? try scenario() : nil
        return .explain(target, year: year, against: against)
    }

    // chart TARGET ['change'|'cumulative'] {SCENARIO} ['by' 'place']
    mutating func parseChart() throws -> Statement.Kind {
        let target = try self.target()
        var mode: Name?
        if check("change", "cumulative"), !vocabulary.scenarios.contains(current.text) { mode = try word("", []) }
        let names = try scenarioList(until: "by")
        // A figure only the system or one organisation has (underlying, risk-adjusted, an ICB, a trust) has no
        // series by place: refused as `show` refuses it, not drawn once per place.
        if check("by"), isSystemOnly(target.name.text) {
            throw fail(.noPlaces, "'\(target.name.text)' has no figure by place", range(from: current.range),
                       ["chart balance by place gives each place's own position"])
        }
        let byPlace = try self.byPlace()
        return .chart(target, mode: mode, scenarios: names, byPlace: byPlace)
    }

    // montecarlo [N] ['seed' N]
    mutating func parseMontecarlo() throws -> Statement.Kind {
        var draws: Quantity?
        if case .number = current.kind { draws = try wholeNumber("a number of draws", min: 1, max: Double(Limits.maxDraws)) }
        let seed = accept("seed") ? try wholeNumber("a seed", min: 0, max: 9_007_199_254_740_991) : nil
        return .montecarlo(draws: draws, seed: seed)
    }

    mutating func wholeNumber(_ what: String, min: Double, max: Double) throws -> Quantity {
        let q = try quantity(what)
        guard q.unit == .bare, q.value == q.value.rounded(), q.value >= min, q.value <= max else {
            throw fail(.wrongUnit, "expected \(what): a whole number from \(Int(min)) to \(Int(max))", q.range)
        }
        return q
    }

    // sensitivity TARGET ['in' YEAR]
    mutating func parseSensitivity() throws -> Statement.Kind {
        let target = try self.target()
        return .sensitivity(target, year: accept("in") ? try year() : nil)
    }

    // run STRING | save STRING ['replace'] | export FORMAT STRING | echo STRING
    mutating func parseRun() throws -> Statement.Kind {
        let (file, r) = try string("a file name")
        return .run(file: file, Name(file, r))
    }

    mutating func parseSave() throws -> Statement.Kind {
        let (file, r) = try string("a file name")
        return .save(file: file, replace: accept("replace"), Name(file, r))
    }

    mutating func parseExport() throws -> Statement.Kind {
        let format = try known("a format", kind: "format", CommandTable.exportFormats, .keyword("csv"),
                               extra: CommandTable.exportFormats.dropFirst().map(Expectation.keyword))
        let file = try string("a file name").0
        let names = try scenarioList(until: "replace")
        return .export(format: format, file: file, scenarios: names, replace: accept("replace"))
    }

    /// Scenario names up to the end of the statement or `keyword`. Where the input ends, another name may come
    /// as well as the keyword (Tab offers both).
    mutating func scenarioList(until keyword: String) throws -> [Name] {
        var names: [Name] = []
        while true {
            if current.kind == .eof { expectations.append(.scenario) }
            guard !atEnd, !check(keyword) else { return names }
            names.append(try scenario())
        }
    }

    // report STRING {SCENARIO} ['replace']
    mutating func parseReport() throws -> Statement.Kind {
        let (file, r) = try string("a file name for the report (.html)")
        let names = try scenarioList(until: "replace")
        return .report(file: file, scenarios: names, replace: accept("replace"), Name(file, r))
    }

    mutating func parseVerify() throws -> Statement.Kind {
        let (file, r) = try string("the board report to verify (.html)")
        return .verify(file: file, Name(file, r))
    }

    mutating func parseEcho() throws -> Statement.Kind { .echo(try string("the text to print", .string).0) }

    // model 'load' STRING | 'save' STRING ['replace'] | 'template' STRING ['replace'] | 'show' | 'horizon' N
    mutating func parseModel() throws -> Statement.Kind {
        if accept(ModelCommand.load.rawValue) { let (f, r) = try string("a model file name"); return .modelLoad(file: f, Name(f, r)) }
        if accept(ModelCommand.save.rawValue) { let (f, r) = try string("a file name"); return .modelSave(file: f, replace: accept("replace"), Name(f, r)) }
        if accept(ModelCommand.template.rawValue) {
            let (f, r) = try string("a workbook file name (.xlsx)")
            return .modelTemplate(file: f, replace: accept("replace"), Name(f, r))
        }
        if accept(ModelCommand.show.rawValue) { return .modelShow }
        if accept(ModelCommand.horizon.rawValue) { return .modelHorizon(try wholeNumber("a number of years", min: 1, max: Double(Vocabulary.maxYears))) }
        throw expected(wordList(ModelCommand.allCases, quoted: true), [], ModelCommand.allCases.map { .keyword($0.rawValue) })
    }

    // actuals 'load' STRING
    mutating func parseActuals() throws -> Statement.Kind {
        _ = try expectKeyword("load")
        let (f, r) = try string("a CSV file name")
        return .actualsLoad(file: f, Name(f, r))
    }

    // help [TOPIC]
    mutating func parseHelp() throws -> Statement.Kind {
        if atEnd {
            if current.kind == .eof { expectations += CommandTable.names.map(Expectation.keyword) }
            return .help(topic: nil)
        }
        return .help(topic: try word("a topic", []))
    }
}

