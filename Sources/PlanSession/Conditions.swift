import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// What a condition reads from a run: a `Projection` (whose failures are put in words) or a finished
/// workspace (seek's probes, judged without copying anything).
protocol RunReading {
    func value(_ r: ResolvedTarget, _ t: Int) -> Double
    /// `METRIC meets target`: every target judged within the horizon is met.
    func meetsTargets(_ k: Int) -> Bool
    var breaksARule: Bool { get }
}

extension Projection: RunReading {
    func value(_ r: ResolvedTarget, _ t: Int) -> Double { r.series(self)[t] }
    var breaksARule: Bool { !breaches.isEmpty }
}

extension FinishedRun: RunReading {
    func value(_ r: ResolvedTarget, _ t: Int) -> Double { r.value(workspace, compiled, t) }
}

/// A CONDITION (for `assert` and `seek`) checked against one run's results.
struct Condition {
    let terms: [Term]
    let model: Model
    /// Each term's target resolved once (nil for a term without one).
    private let targets: [ResolvedTarget?]

    init(terms: [Term], model: Model) throws {
        self.terms = terms
        self.model = model
        targets = try terms.map { term in
            switch term {
            case let .everyYear(target, _, _, _), let .inYear(target, _, _, _, _): return try ResolvedTarget(target, in: model)
            case .meetsTarget, .rulesHold: return nil
            }
        }
    }

    /// The first term that fails, with the year and value that failed it; nil when every term holds.
    func failure(_ p: Projection) -> String? {
        for i in terms.indices {
            if let year = failingYear(i, p) { return describeFailure(i, year, p) }
        }
        return nil
    }

    func holds(_ run: some RunReading) -> Bool { terms.indices.allSatisfy { failingYear($0, run) == nil } }

    /// Where term i fails in a run: .some(year) (0-based; nil for a term without a year), or nil when it holds.
    private func failingYear(_ i: Int, _ run: some RunReading) -> Int?? {
        switch terms[i] {
        case let .everyYear(_, cmp, q, _):
            let r = targets[i]!, bound = value(q, r)
            for t in 0..<model.years where !compare(run.value(r, t), cmp, bound) { return .some(t) }
            return nil
        case let .inYear(_, cmp, q, year, _):
            let r = targets[i]!
            return compare(run.value(r, year.year - 1), cmp, value(q, r)) ? nil : .some(year.year - 1)
        case let .meetsTarget(name, _):
            return run.meetsTargets(model.metricIndex(name.text)!) ? nil : .some(nil)
        case .rulesHold:
            return run.breaksARule ? .some(nil) : nil
        }
    }

    /// Why term i fails in `p`, in words, at the year found.
    private func describeFailure(_ i: Int, _ year: Int?, _ p: Projection) -> String {
        switch terms[i] {
        case let .everyYear(target, _, q, _), let .inYear(target, _, q, _, _):
            let r = targets[i]!, t = year!
            return "\(target.text) is \(show(p.value(r, t), r, against: value(q, r))) in \(model.yearLabel(t + 1))"
        case let .meetsTarget(name, _):
            // The first target not met, at its first judged year on the worse side.
            let k = model.metricIndex(name.text)!
            let line = p.metrics[k]
            for (target, status) in zip(model.metrics[k].targets, line.targets) where status.met == false {
                let first = max(0, target.year - model.firstYear)
                let t = (first..<model.years).first { !status.metYears.contains($0) } ?? first
                return ConditionWords.missedTarget(name.text, value: line.values[t], year: model.yearLabel(t + 1), target: target.value)
            }
            return "\(name.text) meets its targets"
        case .rulesHold:
            return p.breaches[0].sentence(model)
        }
    }


    /// A value as the user reads it; with more decimals when rounding would make it read as the bound it fails.
    func show(_ v: Double, _ r: ResolvedTarget, against bound: Double? = nil) -> String { ConditionWords.value(v, isMoney: r.isMoney, against: bound) }

    func value(_ q: Quantity, _ r: ResolvedTarget) -> Double {
        if case .metric(let k) = r.subject { return value(q, metric: k) }
        return q.value
    }

    /// What a term's subject is in a run: "balance in 2027/28 is -£90.00m", "lowest balance -£3.10m in 2025/26".
    func describe(_ term: Term, _ p: Projection) -> String {
        switch term {
        case let .everyYear(target, _, _, _):
            guard let r = try? ResolvedTarget(target, in: model) else { return target.text }
            let values = r.series(p)
            let t = values.indices.min { values[$0] < values[$1] }!
            return "lowest \(target.text) \(show(values[t], r)) in \(model.yearLabel(t + 1))"
        case let .inYear(target, _, _, year, _):
            guard let r = try? ResolvedTarget(target, in: model) else { return target.text }
            return "\(target.text) in \(model.yearLabel(year.year)) is \(show(r.series(p)[year.year - 1], r))"
        case let .meetsTarget(name, _):
            let k = model.metricIndex(name.text)!
            return "\(name.text) \(p.meetsTargets(k) ? "meets" : "misses") its target\(model.metrics[k].targets.count == 1 ? "" : "s")"
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

    /// Checks the names a condition uses beyond what the parser checks. `METRIC meets target` holds when every
    /// target judged within the horizon is met, so a metric with none judged meets it (LANGUAGE.md, seek); one
    /// with no target at all is warned about (`noTargetWarnings`), as it is most likely a slip.
    static func validate(_ terms: [Term], _ model: Model) throws {
        for case let .meetsTarget(name, range) in terms where model.metricIndex(name.text) == nil {
            throw Diagnostic(.unknownName, "'meets target' needs a metric, not '\(name.text)'", range)
        }
    }
}

extension Session {
    // assert CONDITION
    func assert(_ terms: [Term], _ statement: Statement) throws {
        try Condition.validate(terms, model)
        let condition = try Condition(terms: terms, model: model)
        noTargetWarnings(terms)
        let text = String(statement.text.dropFirst("assert ".count))
        // A bound a hundred times away from every value of its metric was probably written in another unit
        // (people against a count in thousands): it holds or fails for that reason, so say so.
        for term in terms {
            switch term {
            case let .everyYear(target, _, q, _), let .inYear(target, _, q, _, _): unitWarning(target, q, condition, statement)
            case .meetsTarget, .rulesHold: break
            }
        }
        if let why = condition.failure(currentRun) {
            throw Diagnostic(.assertionFailed, "assertion failed: \(text): \(why)", statement.range,
                             notes: ["scenario '\(currentName)'"])
        }
        confirm(.assertionHeld(text))
    }

    /// `METRIC meets target` on a metric with no target holds whatever the figures: said, so a slip is seen.
    func noTargetWarnings(_ terms: [Term]) {
        for case let .meetsTarget(name, _) in terms {
            guard let k = model.metricIndex(name.text), model.metrics[k].targets.isEmpty else { continue }
            let better = model.metrics[k].better == .higher ? ">=" : "<="
            emit(.diagnostic(Diagnostic(.changesNothing, "metric '\(name.text)' has no target, so '\(name.text) meets target' holds whatever its figures",
                                        name.range, notes: ["to test its figures compare it with a value: \(name.text) \(better) VALUE in YEAR"], severity: .warning)))
        }
    }

    func unitWarning(_ target: Target, _ q: Quantity, _ condition: Condition, _ statement: Statement) {
        guard let r = try? ResolvedTarget(target, in: model), case .metric(let k) = r.subject else { return }
        let scale = r.series(currentRun).map(abs).max() ?? 0, bound = abs(condition.value(q, r))
        guard scale > 0, bound > 0, bound > 100 * scale || bound < scale / 100 else { return }
        emit(.diagnostic(Diagnostic(.wrongUnit, ConditionWords.farFromValues(target.text, about: scale, unit: model.metrics[k].unit, bound: bound),
                                    statement.range, severity: .warning)))
    }
}
