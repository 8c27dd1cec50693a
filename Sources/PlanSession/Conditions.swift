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
        case let .balanceEveryYear(cmp, q, _):
            for t in 0..<model.years where !compare(p.balance[t], cmp, q.value) {
                return "balance is \(NumberFormat.money(p.balance[t], decimals: 2)) in \(model.yearLabel(t + 1))"
            }
            return nil
        case let .balance(cmp, q, year, _):
            let v = p.balance[year.year - 1]
            return compare(v, cmp, q.value) ? nil : "balance is \(NumberFormat.money(v, decimals: 2)) in \(model.yearLabel(year.year))"
        case let .metric(name, cmp, q, year, _):
            let k = model.metricIndex(name.text)!
            let v = p.metrics[k].values[year.year - 1]
            return compare(v, cmp, value(q, metric: k)) ? nil
                : "\(name.text) is \(NumberFormat.trimmed(v, maxDecimals: 4)) in \(model.yearLabel(year.year))"
        case let .meetsTarget(name, _):
            let k = model.metricIndex(name.text)!
            let m = model.metrics[k]
            guard let target = m.target else { return "\(name.text) has no target" }
            let t = target.year - model.firstYear
            guard t >= 0, t < model.years else { return "\(name.text)'s target year lies outside the horizon" }
            let v = p.metrics[k].values[t]
            return p.metrics[k].met == true ? nil
                : "\(name.text) is \(NumberFormat.trimmed(v, maxDecimals: 4)) in \(model.yearLabel(t + 1)) against a target of \(NumberFormat.trimmed(target.value, maxDecimals: 4))"
        }
    }

    /// A percentage for a metric measured in % means percentage points (`10%` is 10).
    func value(_ q: Quantity, metric k: Int) -> Double {
        q.unit == .percent && model.metrics[k].unit == "%" ? q.value * 100 : q.value
    }

    func compare(_ a: Double, _ cmp: Comparison, _ b: Double) -> Bool {
        switch cmp {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return abs(a - b) <= 1e-9 * max(1, abs(b))
        }
    }

    /// Checks the names and years a condition uses beyond what the parser checks.
    static func validate(_ terms: [Term], _ model: Model) throws {
        for case let .meetsTarget(name, range) in terms {
            guard let k = model.metricIndex(name.text) else {
                throw Diagnostic(.unknownName, "'meets target' needs a metric, not '\(name.text)'", range)
            }
            if model.metrics[k].target == nil {
                throw Diagnostic(.refused, "metric '\(name.text)' has no target", name.range, notes: ["compare it with a value instead: \(name.text) >= VALUE in YEAR"])
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
        if let why = condition.failure(project(current.levers)) {
            throw Diagnostic(.assertionFailed, "assertion failed: \(text): \(why)", statement.range,
                             notes: ["scenario '\(currentName)'"])
        }
        note("ok: \(text)")
    }
}
