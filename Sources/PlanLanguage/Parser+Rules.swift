import PlanSupport

/// The shared grammar rules: names checked against the vocabulary, amounts, years, periods, conditions.
extension Parser {
    // CATEGORY := category-id | 'prevention'
    mutating func category() throws -> Name {
        try known("a category", kind: "category", vocabulary.categories + (vocabulary.preventionCategories.isEmpty ? [] : ["prevention"]), .category)
    }

    // ENABLER := enabler-id
    mutating func enabler() throws -> Name { try known("an enabler", kind: "enabler", vocabulary.enablers, .enabler) }

    // METRIC := metric-id
    mutating func metric() throws -> Name { try known("a metric", kind: "metric", vocabulary.metrics, .metric) }

    // METRIC-OR-BALANCE := METRIC | 'balance' | 'icb-balance'    (compare … on)
    /// What `compare NAME NAME on …` compares: a metric, a system position or an organisation.
    mutating func comparable() throws -> Name {
        let money = MoneyWord.comparable.map(\.rawValue)
        return try known("a metric, a position (balance, icb-balance, underlying, risk-adjusted) or an organisation", kind: "figure",
                         money + vocabulary.metrics + vocabulary.organisations, .metric, extra: money.map(Expectation.keyword) + [.organisation])
    }

    mutating func metricOrBalance() throws -> Name {
        let money = MoneyWord.positions.map(\.rawValue)
        return try known("a metric or 'balance'", kind: "figure", money + vocabulary.metrics, .metric, extra: money.map(Expectation.keyword))
    }

    // TARGET := ('balance' | 'icb-balance' | METRIC | CATEGORY) ['in' PLACE] | 'underlying' | 'risk-adjusted' | ORGANISATION
    // ITEM   := ('income' | 'spend' | 'balance' | 'icb-balance' | METRIC | CATEGORY) ['in' PLACE]   (items: true)
    mutating func target(items: Bool = false) throws -> Target {
        let start = current.range
        let words = (items ? MoneyWord.items : MoneyWord.targets).map(\.rawValue)
        let name = try known(items ? "an item (income, spend, balance, icb-balance, a metric, a category or an organisation)"
                                   : "a target (balance, icb-balance, prevention, underlying, risk-adjusted, a metric, a category or an organisation)",
                             kind: "target", words + vocabulary.metrics + vocabulary.categories + vocabulary.organisations, .metric,
                             extra: words.map(Expectation.keyword) + [.category, .organisation])
        if isSystemOnly(name.text), check("in") {
            let next = tokens[min(position + 1, tokens.count - 1)]
            if case .word(let w) = next.kind, vocabulary.places.contains(w.lowercased()) {
                throw fail(.noPlaces, "'\(name.text)' has no figure for one place", range(from: current.range),
                           ["drop 'in \(w)'; a place's own position is: balance in \(w)"])
            }
        }
        let place = try optionalPlace()
        return Target(name, place: place, range: range(from: start))
    }

    /// Whether a target has no figure by place: `underlying`, `risk-adjusted` (MODEL.md §7) and an organisation.
    func isSystemOnly(_ name: String) -> Bool {
        MoneyWord(rawValue: name).map { MoneyWord.systemOnly.contains($0) } ?? vocabulary.organisations.contains(name)
    }

    /// `in PLACE` where none may stand (enablers and assumptions act in every place): a located error.
    mutating func refusePlace(_ what: String) throws {
        guard check("in") else { return }
        let next = tokens[min(position + 1, tokens.count - 1)]
        guard case .word(let w) = next.kind, vocabulary.places.contains(w.lowercased()) else { return }
        throw fail(.noPlaces, "\(what) acts in every place and takes no 'in \(w)'", SourceRange(file: current.range.file, start: current.range.start, end: next.range.end),
                   ["drop 'in \(w)'; only shift and invest go to one place"])
    }

    // ['in' PLACE]: `in` followed by a place id (followed by a year, it starts a period and is left alone).
    mutating func optionalPlace() throws -> Name? {
        guard check("in") else { return nil }
        let next = tokens[min(position + 1, tokens.count - 1)]
        guard case .word(let w) = next.kind, !(w.lowercased().hasPrefix("y") && Int(w.dropFirst()) != nil) else {
            if next.kind == .eof, !vocabulary.places.isEmpty { expectations.append(.place) }
            return nil
        }
        let keyword = advance()
        if vocabulary.places.isEmpty {
            throw fail(.noPlaces, "the model has no places, so 'in \(w)' names nothing", SourceRange(file: keyword.range.file, start: keyword.range.start, end: next.range.end),
                       ["drop 'in \(w)'; a period is written 'in 2027/28' or 'from 2027/28'"])
        }
        return try known("a place or a year", kind: "place", vocabulary.places, .place, extra: [.year])
    }

    // ASSUMPTION := assumption-id
    mutating func assumption() throws -> Name {
        try known("an assumption", kind: "assumption", vocabulary.assumptions, .assumption)
    }

    // SCENARIO := an existing scenario's name
    mutating func scenario() throws -> Name { try known("a scenario name", kind: "scenario", vocabulary.scenarios, .scenario) }

    /// Keywords that may follow a list of scenario names, or stand where one would.
    static let listWords: Set<String> = ["change", "cumulative", "by", "on", "replace", "from", "in", "to", "and", "vs", "of", "at", "places"]

    // NEW-NAME := an identifier not yet used by a scenario
    mutating func newScenarioName() throws -> Name {
        let name = try word("a scenario name", [])
        guard Identifier.isValid(name.text) else {
            throw fail(.expected, "'\(name.text)' is not a valid scenario name", name.range,
                       ["use lower-case words joined by '-' or '.', like 'prevention-push'"])
        }
        if vocabulary.scenarios.contains(name.text) {
            throw fail(.nameInUse, "scenario '\(name.text)' already exists", name.range,
                       ["choose another name, or 'scenario use \(name.text)'"])
        }
        // Scenario names stand in lists that a keyword may follow or replace (`chart balance change a b`,
        // `report "r.html" a replace`, `compare a b on balance`): a scenario named by one would be misread.
        if Parser.listWords.contains(name.text) {
            throw fail(.expected, "'\(name.text)' is a keyword that may follow a list of scenarios, so it cannot name one", name.range,
                       ["choose another name, like '\(name.text)-plan'"])
        }
        return name
    }

    /// A word that must be one of `names`, with did-you-mean on a typo.
    mutating func known(_ what: String, kind: String, _ names: [String], _ expectation: Expectation,
                        extra: [Expectation] = []) throws -> Name {
        guard case .word = current.kind else { throw expected(what, [], extra + [expectation]) }
        let name = try word(what, [])
        if names.contains(name.text) { return name }
        var notes: [String] = []
        let plural = kind.hasSuffix("y") ? kind.dropLast() + "ies" : kind + "s"
        if let near = Suggestion.closest(to: name.text, in: names) {
            notes.append("did you mean '\(near)'? \(plural): \(Suggestion.list(names))")
        } else if names.isEmpty {
            notes.append("the model has no \(plural)")
        } else {
            notes.append("\(plural): \(Suggestion.list(names))")
        }
        throw fail(.unknownName, "unknown \(kind) '\(name.text)'", name.range, notes)
    }

    // AMOUNT := MONEY | PERCENT | NUMBER      (a bare number is £m)
    mutating func quantity(_ what: String) throws -> Quantity {
        guard case .number(let v, let unit) = current.kind else {
            throw expected(what, ["write money as £12m, £1.2bn or £500k, a share as 2%"], [.amount])
        }
        let t = advance()
        // '2 million', '500 thousand': the scale is written on the number, as money.
        if unit == .bare, case .word(let w) = current.kind {
            let scales = ["million": "m", "millions": "m", "mn": "m", "thousand": "k", "bn": "bn", "billion": "bn", "pounds": "m"]
            if let scale = scales[w.lowercased()] {
                let n = NumberFormat.trimmed(v, maxDecimals: 6)
                throw fail(.wrongUnit, "'\(w)' after a number is not read", SourceRange(file: t.range.file, start: t.range.start, end: current.range.end),
                           ["write money with its scale on the number: £\(n)\(scale)" + (scale == "m" ? " (£ millions)" : "")])
            }
        }
        return Quantity(value: v, unit: unit, range: t.range)
    }

    // YEAR := 'YYYY/YY' | 'YYYY-YY' | 'y' N     (within the model's horizon)
    mutating func year() throws -> YearRef {
        let t = current
        let form: YearRef.Form, year: Int
        switch t.kind {
        case .yearLabel(let start):
            form = .label(start); year = start - vocabulary.firstYear + 1
        case .word(let w) where w.lowercased().hasPrefix("y") && Int(w.dropFirst()) != nil:
            let n = Int(w.dropFirst())!
            form = .index(n); year = n
        default:
            throw expected("a year like \(vocabulary.yearLabel(min(2, vocabulary.years))) or y\(min(2, vocabulary.years))", [], [.year])
        }
        _ = advance()
        guard (1...vocabulary.years).contains(year) else {
            throw fail(.yearOutOfRange, "year '\(t.text)' is outside the model's horizon", t.range,
                       ["years run from \(vocabulary.yearLabel(1)) (y1) to \(vocabulary.yearLabel(vocabulary.years)) (y\(vocabulary.years))"])
        }
        return YearRef(form: form, year: year, range: t.range)
    }

    var atYear: Bool {
        switch current.kind {
        case .yearLabel: return true
        case .word(let w): return w.lowercased().hasPrefix("y") && Int(w.dropFirst()) != nil
        default: return false
        }
    }

    // PERIOD := 'in' YEAR | 'in' YEAR '..' YEAR | 'from' YEAR | YEAR '..' YEAR
    mutating func optionalPeriod() throws -> Period? {
        let start = current.range
        if accept("in") {
            let first = try year()
            if checkSymbol("..") { return try rangeRest(first, start) }
            return Period(form: .single, first: first, last: nil, range: range(from: start))
        }
        if accept("from") {
            let first = try year()
            return Period(form: .from, first: first, last: nil, range: range(from: start))
        }
        if atYear {
            let first = try year()
            guard checkSymbol("..") else { throw expected("'..' and the last year of the period", [], []) }
            return try rangeRest(first, start)
        }
        if current.kind == .eof { expectations += [.keyword("in"), .keyword("from")] }
        return nil
    }

    private mutating func rangeRest(_ first: YearRef, _ start: SourceRange) throws -> Period {
        _ = advance()
        let last = try year()
        if last.year < first.year {
            throw fail(.backwardsPeriod, "the period ends before it starts", range(from: first.range),
                       ["write the earlier year first: \(last.range.file.isEmpty ? "" : "")\(vocabulary.yearLabel(last.year))..\(vocabulary.yearLabel(first.year))"])
        }
        return Period(form: .range, first: first, last: last, range: range(from: start))
    }

    // COMPARISON := '<' | '<=' | '>' | '>=' | '='
    mutating func comparison() throws -> Comparison {
        if case .symbol(let s) = current.kind, let c = Comparison(rawValue: s) { _ = advance(); return c }
        throw expected("a comparison (<, <=, >, >= or =)", [], [])
    }

    // CONDITION := TERM ('and' TERM)*
    mutating func condition() throws -> [Term] {
        var terms = [try term()]
        while accept("and") { terms.append(try term()) }
        return terms
    }

    // TERM := TARGET COMPARISON VALUE 'every' 'year' | TARGET COMPARISON VALUE 'in' YEAR
    //       | METRIC 'meets' 'target' | 'rules' 'hold'
    mutating func term() throws -> Term {
        let start = current.range
        if accept("rules") {
            _ = try expectKeyword("hold")
            return .rulesHold(range(from: start))
        }
        if current.kind == .eof { expectations.append(.keyword("rules")) }
        let subject = try target()
        let money = MoneyWord(rawValue: subject.name.text) != nil || vocabulary.categories.contains(subject.name.text)
        if !money, subject.place == nil, accept("meets") {
            _ = try expectKeyword("target")
            return .meetsTarget(subject.name, range(from: start))
        }
        guard case .symbol = current.kind else {
            throw expected(money ? "a comparison (<, <=, >, >= or =)" : "a comparison or 'meets target'", [], money ? [] : [.keyword("meets")])
        }
        let cmp = try comparison()
        let value = try quantity(money ? "an amount of money" : "a value")
        if money, value.unit == .percent {
            throw fail(.wrongUnit, "\(subject.name.text) is money, not a percentage", value.range, ["write it as £0m or -£5m"])
        }
        if accept("every") {
            _ = try expectKeyword("year")
            return .everyYear(subject, cmp, value, range(from: start))
        }
        guard check("in") else { throw expected("'every year' or 'in YEAR'", [], [.keyword("every"), .keyword("in")]) }
        _ = advance()
        return .inYear(subject, cmp, value, try year(), range(from: start))
    }
}
