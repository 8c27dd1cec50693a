/// The cross-field rules of MODEL.md §1 that a single key cannot check.
enum ModelValidator {
    static func validate(_ m: Model) throws {
        if m.incomeBase < 0 { throw ModelError("income.base", "expected a base of 0 or more, got \(NumberFormat.json(m.incomeBase))") }
        var seen: [String: String] = [:]
        func claim(_ id: String, _ path: String) throws {
            if ["balance", "prevention"].contains(id) {
                throw ModelError(path, "'\(id)' is a word of the scenario language and cannot be an id; choose another")
            }
            if let first = seen[id] { throw ModelError(path, "id '\(id)' is already used at \(first); ids must be unique") }
            seen[id] = path
        }
        guard !m.categories.isEmpty else { throw ModelError("categories", "expected at least one category") }
        for (i, c) in m.categories.enumerated() { try claim(c.id, "categories[\(i)].id") }
        for (i, e) in m.enablers.enumerated() { try claim(e.id, "enablers[\(i)].id") }
        for (i, x) in m.metrics.enumerated() { try claim(x.id, "metrics[\(i)].id") }

        func treatment(_ id: String, _ path: String) throws {
            guard let c = m.categoryIndex(id) else { throw unknown("category", id, m.categories.map(\.id), path) }
            if m.categories[c].kind != .treatment { throw ModelError(path, "'\(id)' is a prevention category; expected a treatment category") }
        }

        for (i, c) in m.categories.enumerated() {
            let p = "categories[\(i)]"
            if c.base < 0 { throw ModelError("\(p).base", "expected a base of 0 or more, got \(NumberFormat.json(c.base))") }
            if !(0...1).contains(c.cashable) { throw ModelError("\(p).cashable", "expected a share from 0 to 1, got \(NumberFormat.json(c.cashable))") }
            if let r = c.returns {
                var sum = 0.0
                for share in r.to {
                    let sp = "\(p).returns.to.\(share.id)"
                    try treatment(share.id, sp)
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
        for (i, u) in m.uncertainty.enumerated() {
            let p = "uncertainty[\(i)]"
            guard Assumption.resolve(u.assumption, in: m) != nil else {
                let ids = Assumption.all(in: m).map { $0.id(in: m) }
                throw unknown("assumption", u.assumption, ids, "\(p).assumption")
            }
            if !(u.low <= u.mode && u.mode <= u.high) {
                throw ModelError(p, "expected low ≤ mode ≤ high, got \(NumberFormat.json(u.low)), \(NumberFormat.json(u.mode)), \(NumberFormat.json(u.high))")
            }
        }
    }

    static func unknown(_ what: String, _ id: String, _ ids: [String], _ path: String) -> ModelError {
        var message = "unknown \(what) '\(id)'"
        if let near = Suggestion.closest(to: id, in: ids) { message += ", did you mean '\(near)'?" }
        return ModelError(path, message)
    }
}
import PlanSupport
