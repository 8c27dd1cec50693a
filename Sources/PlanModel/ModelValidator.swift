import PlanSupport

/// The cross-field rules of MODEL.md §1 that a single key cannot check.
enum ModelValidator {
    static func validate(_ m: Model) throws {
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
        for (i, e) in m.enablers.enumerated() { try claim(e.id, "enablers[\(i)].id") }
        for (i, x) in m.metrics.enumerated() { try claim(x.id, "metrics[\(i)].id") }
        for (i, x) in m.places.enumerated() { try claim(x.id, "places[\(i)].id") }
        for (i, s) in m.streams.enumerated() {
            try claim(s.id, "income.streams[\(i)].id")
            if let base = s.base, base < 0 { throw ModelError("income.streams[\(i)].base", "expected a base of 0 or more, got \(NumberFormat.json(base))") }
            if let c = s.commissioner {
                throw ModelError("income.streams[\(i)].commissioner", "'\(c)' is not a commissioner of this model (it has no organisations)")
            }
        }

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
                if abs(sum - 1) > 1e-9 { throw ModelError("\(p).returns.to", "shares sum to \(NumberFormat.json(sum)), expected 1") }
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
        }
        try validatePlaces(m)
        for (i, u) in m.uncertainty.enumerated() {
            let p = "uncertainty[\(i)]"
            guard let a = Assumption.resolve(u.assumption, in: m) else {
                let ids = Assumption.all(in: m).filter { $0.hasEffect(in: m) }.map { $0.id(in: m) }
                throw unknown("assumption", u.assumption, ids, "\(p).assumption")
            }
            guard a.hasEffect(in: m) else {
                throw ModelError("\(p).assumption", "'\(u.assumption)' has no effect in this model (\(Assumption.whyNoEffect(a, in: m)))")
            }
            if !(u.low <= u.mode && u.mode <= u.high) {
                throw ModelError(p, "expected low ≤ mode ≤ high, got \(NumberFormat.json(u.low)), \(NumberFormat.json(u.mode)), \(NumberFormat.json(u.high))")
            }
        }
    }

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
            if given > 0, abs(sum - 1) > 1e-9 { throw ModelError("places", "incomeShare sums to \(NumberFormat.json(rounded(sum))), expected 1") }
            for (c, cat) in m.categories.enumerated() {
                let total = m.places.indices.reduce(0.0) { $0 + m.categoryShare(c, place: $1) }
                if abs(total - 1) > 1e-9 {
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
