import PlanSupport

/// The cross-field rules of MODEL.md §1 that a single key cannot check.
enum ModelValidator {
    static func validate(_ m: Model) throws {
        // Financial years are labelled 2026/27: a year that is not four digits makes labels no one can read (-5/-4).
        if !(1000...9999).contains(m.firstYear) {
            throw ModelError("firstYear", "expected the four-digit calendar year the first financial year starts in (2026 for 2026/27), got \(m.firstYear)")
        }
        if m.incomeBase < 0 { throw ModelError("income.base", "expected a base of 0 or more, got \(NumberFormat.json(m.incomeBase))") }
        var seen: [String: String] = [:]
        func claim(_ id: String, _ path: String) throws {
            if Identifier.reserved.contains(id) {
                throw ModelError(path, "'\(id)' is a word of the scenario language and cannot be an id; choose another")
            }
            if Identifier.looksLikeYear(id) {
                throw ModelError(path, "'\(id)' reads as a year (y1, y2, …) and cannot be an id; choose another")
            }
            if let first = seen[id] { throw ModelError(path, "id '\(id)' is already used at \(first); ids must be unique") }
            seen[id] = path
        }
        guard !m.categories.isEmpty else { throw ModelError("categories", "expected at least one category") }
        for (i, c) in m.categories.enumerated() { try claim(c.id, "categories[\(i)].id") }
        // A growth of -100% or less a year takes a figure to nothing or below it: a typo, not a plan.
        func rates(_ values: [Double], _ path: String, from first: Int = 0) throws {
            if let bad = values.indices.first(where: { $0 >= first && values[$0] <= -1 }) {
                throw ModelError("\(path)[\(bad)]", "expected a rate above -100% a year, got \(NumberFormat.json(values[bad])) (a rate is a fraction: -0.02 is -2%)")
            }
        }
        try rates(m.inflation, "inflation", from: 1)
        try rates(m.incomeGrowth, "income.growth", from: 1)
        for (i, s) in m.streams.enumerated() { try rates(s.growth, "income.streams[\(i)].growth", from: 1) }
        for (i, c) in m.categories.enumerated() {
            if c.demandGrowth <= -1 {
                throw ModelError("categories[\(i)].demandGrowth", "expected a rate above -100% a year, got \(NumberFormat.json(c.demandGrowth)) (a rate is a fraction: -0.02 is -2%)")
            }
            try rates(c.pressure, "categories[\(i)].pressure", from: 1)
        }
        for (i, e) in m.enablers.enumerated() { try claim(e.id, "enablers[\(i)].id") }
        for (i, x) in m.metrics.enumerated() { try claim(x.id, "metrics[\(i)].id") }
        for (i, x) in m.places.enumerated() { try claim(x.id, "places[\(i)].id") }
        for (i, s) in m.streams.enumerated() {
            try claim(s.id, "income.streams[\(i)].id")
            if let base = s.base, base < 0 { throw ModelError("income.streams[\(i)].base", "expected a base of 0 or more, got \(NumberFormat.json(base))") }
        }
        for (i, o) in m.organisations.enumerated() { try claim(o.id, "organisations[\(i)].id") }
        for (i, r) in m.risks.enumerated() {
            let path = "risks[\(i)]"
            try claim(r.id, "\(path).id")
            if let bad = r.impact.firstIndex(where: { $0 < 0 }) {
                throw ModelError("\(path).impact[\(bad)]", "expected an impact of 0 or more (a mitigation's is what it saves), got \(NumberFormat.json(r.impact[bad]))")
            }
            if !(0...1).contains(r.probability) { throw ModelError("\(path).probability", "expected a probability from 0 to 1, got \(NumberFormat.json(r.probability))") }
            if let org = r.org, m.organisationIndex(org) == nil { throw unknown("organisation", org, m.organisations.map(\.id), "\(path).org") }
        }
        for (i, s) in m.streams.enumerated() {
            if let c = s.commissioner, m.organisations.first(where: { $0.id == c })?.kind != .commissioner {
                throw unknown("commissioner", c, m.organisations.filter { $0.kind == .commissioner }.map(\.id), "income.streams[\(i)].commissioner")
            }
        }
        // Places first: a bad place share is named where it is, not by the commissioner it leaves short.
        try validatePlaces(m)
        try validateOrganisations(m)

        func treatment(_ id: String, _ path: String) throws {
            guard let c = m.categoryIndex(id) else { throw unknown("category", id, m.categories.map(\.id), path) }
            if m.categories[c].kind != .treatment { throw ModelError(path, "'\(id)' is a prevention category; expected a treatment category") }
        }

        for (i, c) in m.categories.enumerated() {
            let p = "categories[\(i)]"
            if c.base < 0 { throw ModelError("\(p).base", "expected a base of 0 or more, got \(NumberFormat.json(c.base))") }
            for (key, value) in [("cashable", c.cashable), ("variable", c.variable), ("maxUnmet", c.maxUnmet)] where !(0...1).contains(value) {
                throw ModelError("\(p).\(key)", "expected a share from 0 to 1, got \(NumberFormat.json(value))")
            }
            if let r = c.returns {
                var sum = 0.0
                for share in r.to {
                    let sp = "\(p).returns.to.\(share.id)"
                    try treatment(share.id, sp)
                    if share.id == c.id { throw ModelError(sp, "a category's returns name other categories, not '\(c.id)' itself") }
                    if share.value < 0 { throw ModelError(sp, "expected a share of 0 or more, got \(NumberFormat.json(share.value))") }
                    sum += share.value
                }
                if !sumsToOne(sum) { throw ModelError("\(p).returns.to", "shares sum to \(NumberFormat.json(rounded(sum))), expected 1") }
            }
        }
        for (i, e) in m.enablers.enumerated() {
            for w in e.efficiency { try treatment(w.id, "enablers[\(i)].efficiency.\(w.id)") }
        }
        for (i, x) in m.metrics.enumerated() {
            let p = "metrics[\(i)]"
            if x.base < 0 { throw ModelError("\(p).base", "expected a base of 0 or more, got \(NumberFormat.json(x.base))") }
            if let c = x.ceiling, c < 0 { throw ModelError("\(p).ceiling", "expected a ceiling of 0 or more, got \(NumberFormat.json(c))") }
            if let lo = x.min, let hi = x.max, lo > hi { throw ModelError("\(p).min", "min \(NumberFormat.json(lo)) is above max \(NumberFormat.json(hi))") }
            for r in x.responses where m.categoryIndex(r.id) == nil {
                throw unknown("category", r.id, m.categories.map(\.id), "\(p).responses.\(r.id)")
            }
            for w in x.activity where m.categoryIndex(w.id) == nil {
                throw unknown("category", w.id, m.categories.map(\.id), "\(p).activity.\(w.id)")
            }
            for w in x.enablers where m.enablerIndex(w.id) == nil {
                throw unknown("enabler", w.id, m.enablers.map(\.id), "\(p).enablers.\(w.id)")
            }
            if let d = x.drives {
                let dp = "\(p).drives"
                if x.aggregate != .sum { throw ModelError(dp, "only a metric that counts (aggregate 'sum') can drive a line's savings") }
                try treatment(d.category, "\(dp).category")
                if !(d.unitCost > 0) { throw ModelError("\(dp).unitCost", "expected a unit cost above 0 (£m per unit), got \(NumberFormat.json(d.unitCost))") }
                // The saving would be counted twice: once through the returns, once through the metric.
                for r in x.responses {
                    if let c = m.categoryIndex(r.id), m.categories[c].returns?.to.contains(where: { $0.id == d.category }) == true {
                        throw ModelError(dp, "'\(r.id)' already returns savings to '\(d.category)', which this metric drives: the saving would be counted twice")
                    }
                }
            }
        }
        // The entries first, then the correlations between them: a correlation's complaint about an entry
        // whose assumption is misspelt would name the wrong place.
        // An assumption may have several entries: each is drawn (MODEL.md §5, one draw per entry).
        for (i, u) in m.uncertainty.enumerated() {
            let p = "uncertainty[\(i)]"
            guard let a = Assumption.resolve(u.assumption, in: m) else {
                let ids = Assumption.all(in: m).filter { $0.hasEffect(in: m) }.map { $0.id(in: m) }
                throw unknown("assumption", u.assumption, ids, "\(p).assumption")
            }
            guard a.hasEffect(in: m) else {
                throw ModelError("\(p).assumption", "'\(u.assumption)' has no effect in this model (\(Assumption.whyNoEffect(a, in: m)))")
            }
            if a.field == .probability, u.low < 0 || u.high > 1 {
                throw ModelError(p, "a probability's range lies within 0 to 1, got \(NumberFormat.json(u.low)) to \(NumberFormat.json(u.high))")
            }
            if !(u.low <= u.mode && u.mode <= u.high) {
                throw ModelError(p, "expected low ≤ mode ≤ high, got \(NumberFormat.json(u.low)), \(NumberFormat.json(u.mode)), \(NumberFormat.json(u.high))")
            }
        }
        try validateCorrelations(m)
    }

    /// MODEL.md §1: correlations join two different uncertain assumptions, at most once a pair, with rho in
    /// (−1, 1), and the matrix they make over the uncertain assumptions is positive definite.
    static func validateCorrelations(_ m: Model) throws {
        let ids = Copula.assumptions(m)
        var seen = Set<[String]>()
        for (i, c) in m.correlations.enumerated() {
            let path = "correlations[\(i)]"
            for (key, id) in [("a", c.a), ("b", c.b)] where !ids.contains(id) {
                throw ModelError("\(path).\(key)", "'\(id)' has no uncertainty entry: a correlation joins two uncertain assumptions")
            }
            if c.a == c.b { throw ModelError(path, "an assumption is not correlated with itself: name two different ones") }
            if !(c.rho > -1 && c.rho < 1) { throw ModelError("\(path).rho", "expected a correlation strictly between -1 and 1, got \(NumberFormat.json(c.rho))") }
            if !seen.insert([c.a, c.b].sorted()).inserted { throw ModelError(path, "the pair \(c.a), \(c.b) is correlated twice") }
        }
        if !m.correlations.isEmpty, Copula.cholesky(Copula.matrix(m, ids)) == nil {
            throw ModelError("correlations", "the correlations are not consistent with each other: the matrix they make is not positive definite")
        }
    }

    /// MODEL.md §1 (version 3 keys): commissioners cover the places once each; providers deliver shares of
    /// treatment lines that add up to at most the whole line; support is never negative.
    static func validateOrganisations(_ m: Model) throws {
        let commissioners = m.organisations.filter { $0.kind == .commissioner }
        var owner: [String: String] = [:]
        let shares = m.incomeShares
        for (i, o) in m.organisations.enumerated() {
            let path = "organisations[\(i)]"
            switch o.kind {
            case .commissioner:
                if m.places.isEmpty {
                    if !o.places.isEmpty { throw ModelError("\(path).places", "the model has no places, so a commissioner holds everything: give 'places' as [] or leave it out") }
                    if commissioners.count > 1 { throw ModelError(path, "a model without places has at most one commissioner") }
                    continue
                }
                var share = 0.0
                for (k, p) in o.places.enumerated() {
                    guard let index = m.placeIndex(p) else { throw unknown("place", p, m.places.map(\.id), "\(path).places[\(k)]") }
                    if let other = owner[p] {
                        throw ModelError("\(path).places[\(k)]", "place '\(p)' already belongs to '\(other)'; each place belongs to one commissioner")
                    }
                    owner[p] = o.id
                    share += shares[index]
                }
                if !(share > 0) { throw ModelError("\(path).places", "a commissioner's places must have a positive income share between them") }
            case .provider:
                for d in o.delivers {
                    let dp = "\(path).delivers.\(d.id)"
                    guard let c = m.categoryIndex(d.id) else { throw unknown("category", d.id, m.categories.map(\.id), dp) }
                    if m.categories[c].kind != .treatment { throw ModelError(dp, "'\(d.id)' is a prevention category; a provider delivers treatment lines") }
                    for x in d.value {
                        let xp = x.id.isEmpty ? dp : "\(dp).\(x.id)"
                        if m.places.isEmpty, !x.id.isEmpty { throw ModelError(xp, "the model has no places: give the share of the line as a number") }
                        if !m.places.isEmpty, x.id.isEmpty { throw ModelError(dp, "give the share of the line for each place: { \"PLACE\": SHARE }") }
                        if !x.id.isEmpty, m.placeIndex(x.id) == nil { throw unknown("place", x.id, m.places.map(\.id), xp) }
                        if !(0...1).contains(x.value) { throw ModelError(xp, "expected a share from 0 to 1, got \(NumberFormat.json(x.value))") }
                    }
                }
                if let bad = o.support.firstIndex(where: { $0 < 0 }) {
                    throw ModelError("\(path).support[\(bad)]", "expected deficit support of 0 or more, got \(NumberFormat.json(o.support[bad]))")
                }
            }
        }
        if !commissioners.isEmpty, !m.places.isEmpty, let missing = m.places.first(where: { owner[$0.id] == nil }) {
            throw ModelError("organisations", "place '\(missing.id)' belongs to no commissioner; when any commissioner is given, every place belongs to one")
        }
        // For each line and place, the providers' shares add up to at most the whole line.
        for c in m.categories {
            for place in (m.places.isEmpty ? [""] : m.places.map(\.id)) {
                let total = m.organisations.reduce(0.0) { sum, o in
                    sum + (o.delivers.first { $0.id == c.id }?.value.first { $0.id == place }?.value ?? 0)
                }
                if total > 1 + 1e-9 + 4 * Double.ulpOfOne {
                    throw ModelError("organisations", "the providers' shares of '\(c.id)'\(place.isEmpty ? "" : " in \(place)") add up to \(NumberFormat.json(rounded(total))), more than the whole line")
                }
            }
        }
        for y in m.actuals {
            for o in y.value.organisations where m.organisationIndex(o.id) == nil {
                throw unknown("organisation", o.id, m.organisations.map(\.id), "actuals.\(y.id).organisations.\(o.id)")
            }
        }
    }

    /// MODEL.md §1's "sum to 1 (±1e-9)", with room for the sum's own rounding: 0.5 + 0.500000001 is
    /// 1 + 1.00000008e-9 in binary, and a file written at the stated tolerance loads.
    static func sumsToOne(_ sum: Double) -> Bool { abs(sum - 1) <= 1e-9 + 4 * Double.ulpOfOne }

    /// MODEL.md §1: place populations and shares, what place maps name, and actuals.
    static func validatePlaces(_ m: Model) throws {
        for (i, p) in m.places.enumerated() {
            let path = "places[\(i)]"
            if !(p.population > 0) { throw ModelError("\(path).population", "expected a population above 0, got \(NumberFormat.json(p.population))") }
            for c in p.categories where m.categoryIndex(c.id) == nil {
                throw unknown("category", c.id, m.categories.map(\.id), "\(path).categories.\(c.id)")
            }
            for x in p.metrics where m.metricIndex(x.id) == nil {
                throw unknown("metric", x.id, m.metrics.map(\.id), "\(path).metrics.\(x.id)")
            }
            for x in p.metrics {
                if let base = x.value.base, base < 0 {
                    throw ModelError("\(path).metrics.\(x.id).base", "expected a base of 0 or more, got \(NumberFormat.json(base))")
                }
            }
            for c in p.categories {
                if let share = c.value.share, share < 0 {
                    throw ModelError("\(path).categories.\(c.id).share", "expected a share of 0 or more, got \(NumberFormat.json(share))")
                }
            }
            if let w = p.incomeShare, w < 0 { throw ModelError("\(path).incomeShare", "expected a share of 0 or more, got \(NumberFormat.json(w))") }
        }
        if !m.places.isEmpty {
            let given = m.places.filter { $0.incomeShare != nil }.count
            if given != 0, given != m.places.count {
                let missing = m.places.firstIndex { $0.incomeShare == nil }!
                throw ModelError("places[\(missing)].incomeShare", "give incomeShare for every place or for none (none: each place's population share)")
            }
            let sum = m.incomeShares.reduce(0, +)
            if given > 0, !sumsToOne(sum) { throw ModelError("places", "incomeShare sums to \(NumberFormat.json(rounded(sum))), expected 1") }
            for (c, cat) in m.categories.enumerated() {
                let total = m.places.indices.reduce(0.0) { $0 + m.categoryShare(c, place: $1) }
                if !sumsToOne(total) {
                    throw ModelError("places", "the places' shares of category '\(cat.id)' sum to \(NumberFormat.json(rounded(total))), expected 1")
                }
            }
        }
        for y in m.actuals {
            let path = "actuals.\(y.id)"
            guard let t = m.year(ofLabel: y.id) else {
                throw ModelError(path, "'\(y.id)' is not a year label: expected one like \(m.yearLabel(1))")
            }
            if t > m.years { throw ModelError(path, "\(y.id) lies after the horizon's last year, \(m.yearLabel(m.years))") }
            if t <= -Actuals.yearsAround { throw ModelError(path, "\(y.id) is more than \(Actuals.yearsAround) years before the horizon (\(m.yearLabel(1))); is it a typo?") }
            try validateFigures(y.value.system, m, path)
            for p in y.value.places {
                guard m.placeIndex(p.id) != nil else {
                    throw unknown("place", p.id, m.places.map(\.id), "\(path).places.\(p.id)")
                }
                try validateFigures(p.value, m, "\(path).places.\(p.id)")
            }
        }
    }

    /// A sum for a message, without the binary noise of adding shares (0.8999999999999999 reads 0.9).
    static func rounded(_ x: Double) -> Double { (x * 1e12).rounded() / 1e12 }

    static func validateFigures(_ f: Model.ActualFigures, _ m: Model, _ path: String) throws {
        for c in f.categories where m.categoryIndex(c.id) == nil {
            throw unknown("category", c.id, m.categories.map(\.id), "\(path).categories.\(c.id)")
        }
        for x in f.metrics where m.metricIndex(x.id) == nil {
            throw unknown("metric", x.id, m.metrics.map(\.id), "\(path).metrics.\(x.id)")
        }
    }

    static func unknown(_ what: String, _ id: String, _ ids: [String], _ path: String) -> ModelError {
        var message = "unknown \(what) '\(id)'"
        if let near = Suggestion.closest(to: id, in: ids) { message += ", did you mean '\(near)'?" }
        return ModelError(path, message)
    }
}
