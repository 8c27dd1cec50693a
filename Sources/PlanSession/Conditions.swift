import PlanLanguage
import PlanModel
import PlanSupport

/// A CONDITION (for `assert` and `seek`) checked against one run's results.
struct Condition {
    let terms: [Term]
    let model: Model

    /// The first term that fails, with the year and value that failed it; nil when every term holds.
    func failure(_ p: Projection) -> String? {
        for term in terms {
            if let why = failure(term, p) { return why }
        }
        return nil
    }

    func holds(_ p: Projection) -> Bool { failure(p) == nil }

    func failure(_ term: Term, _ p: Projection) -> String? {
        switch term {
        case let .everyYear(target, cmp, q, _):
            let r = ResolvedTarget(target, in: model)
            let values = r.series(p)
            for t in 0..<model.years where !compare(values[t], cmp, value(q, r)) {
                return "\(target.text) is \(show(values[t], r)) in \(model.yearLabel(t + 1))"
            }
            return nil
        case let .inYear(target, cmp, q, year, _):
            let r = ResolvedTarget(target, in: model)
            let v = r.series(p)[year.year - 1]
            return compare(v, cmp, value(q, r)) ? nil : "\(target.text) is \(show(v, r)) in \(model.yearLabel(year.year))"
        case let .meetsTarget(name, _):
            let k = model.metricIndex(name.text)!
            let m = model.metrics[k]
            guard let target = m.target else { return "\(name.text) has no target" }
            let t = target.year - model.firstYear
            guard t >= 0, t < model.years else { return "\(name.text)'s target year lies outside the horizon" }
            let v = p.metrics[k].values[t]
            return p.metrics[k].met == true ? nil
                : "\(name.text) is \(NumberFormat.trimmed(v, maxDecimals: 4)) in \(model.yearLabel(t + 1)) against a target of \(NumberFormat.trimmed(target.value, maxDecimals: 4))"
        case .rulesHold:
            guard let b = p.breaches.first else { return nil }
            return Condition.describe(b, model)
        }
    }

    /// A breach in words: "mental-health's budget grows more slowly than income in 2028/29 (the mental health investment standard)".
    static func describe(_ b: Projection.Breach, _ model: Model) -> String {
        "\(model.categories[b.category].id)'s budget grows more slowly than income in \(model.yearLabel(b.year + 1)) (rule \(b.rule): the mental health investment standard)"
    }

    func show(_ v: Double, _ r: ResolvedTarget) -> String {
        r.isMoney ? NumberFormat.money(v, decimals: 2) : NumberFormat.trimmed(v, maxDecimals: 4)
    }

    func value(_ q: Quantity, _ r: ResolvedTarget) -> Double {
        if case .metric(let k) = r.subject { return value(q, metric: k) }
        return q.value
    }

    /// What a term's subject is in a run: "balance in 2027/28 is -£90.00m", "lowest balance -£3.10m in 2025/26".
    func describe(_ term: Term, _ p: Projection) -> String {
        switch term {
        case let .everyYear(target, _, _, _):
            let r = ResolvedTarget(target, in: model)
            let values = r.series(p)
            let t = values.indices.min { values[$0] < values[$1] }!
            return "lowest \(target.text) \(show(values[t], r)) in \(model.yearLabel(t + 1))"
        case let .inYear(target, _, _, year, _):
            let r = ResolvedTarget(target, in: model)
            return "\(target.text) in \(model.yearLabel(year.year)) is \(show(r.series(p)[year.year - 1], r))"
        case let .meetsTarget(name, _):
            let k = model.metricIndex(name.text)!
            return "\(name.text) \(p.metrics[k].met == true ? "meets" : "misses") its target"
        case .rulesHold:
            return p.breaches.isEmpty ? "rules hold" : "\(p.breaches.count) rule breach\(p.breaches.count == 1 ? "" : "es")"
        }
    }

    /// A percentage for a metric measured in % means percentage points (`10%` is 10).
    func value(_ q: Quantity, metric k: Int) -> Double {
        q.unit == .percent && model.metrics[k].unit == "%" ? q.value * 100 : q.value
    }

    func compare(_ a: Double, _ cmp: Comparison, _ b: Double) -> Bool {
        switch cmp {
        case .less: return a < b
        case .lessEqual: return a <= b + 1e-9 * max(1, abs(b))
        case .greater: return a > b
        case .greaterEqual: return a >= b - 1e-9 * max(1, abs(b))
        case .equal: return abs(a - b) <= 1e-9 * max(1, abs(b))
        }
    }

    /// Checks the names and years a condition uses beyond what the parser checks.
    static func validate(_ terms: [Term], _ model: Model) throws {
        for case let .meetsTarget(name, range) in terms {
            guard let k = model.metricIndex(name.text) else {
                throw Diagnostic(.unknownName, "'meets target' needs a metric, not '\(name.text)'", range)
            }
            guard let target = model.metrics[k].target else {
                throw Diagnostic(.refused, "metric '\(name.text)' has no target", name.range, notes: ["compare it with a value instead: \(name.text) >= VALUE in YEAR"])
            }
            let t = target.year - model.firstYear + 1
            if t < 1 || t > model.years {
                throw Diagnostic(.refused, "the target of '\(name.text)' falls in \(target.year), outside the horizon, so it is not judged", name.range,
                                 notes: ["compare it with a value instead: \(name.text) <= VALUE in \(model.yearLabel(model.years))"])
            }
        }
    }
}

extension Session {
    // assert CONDITION
    func assert(_ terms: [Term], _ statement: Statement) throws {
        try Condition.validate(terms, model)
        let condition = Condition(terms: terms, model: model)
        let text = String(statement.text.dropFirst("assert ".count))
        if let why = condition.failure(project(currentPlanCached)) {
            throw Diagnostic(.assertionFailed, "assertion failed: \(text): \(why)", statement.range,
                             notes: ["scenario '\(currentName)'"])
        }
        note("ok: \(text)")
    }
}
