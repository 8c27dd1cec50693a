import PlanLanguage
import PlanModel
import PlanSupport

/// A lever statement in plain English for a board paper, generated from the statement and the model's own
/// names: `shift 2% of acute to prevention in west-essex from 2027/28` reads "Move 2% of West Essex's acute
/// hospital services budget to prevention programmes from 2027/28".
public enum StatementWords {
    public static func describe(_ lever: LeverStatement, in model: Model) -> String {
        switch lever {
        case let .shift(amount, from, to, place, period):
            let whose = place.map { placeName($0.text, model) + "'s " } ?? "the "
            let what = amount.unit == .percent
                ? "\(quantity(amount)) of \(whose)\(lineName(from.text, model)) budget"
                : "\(money(amount))\(aYear(period)) of \(whose)\(lineName(from.text, model)) budget"
            return "Move \(what) to \(lineName(to.text, model))" + when(period, model)
        case let .invest(amount, into, place, period, nonRecurrent):
            let whereText = place.map { " in " + placeName($0.text, model) } ?? ""
            let how = amount.unit == .percent ? "\(quantity(amount)) more" : "\(money(amount))\(aYear(period)) more"
            return "Invest \(how) in \(lineName(into.text, model))\(whereText)" + when(period, model) + (nonRecurrent ? " (one-off money)" : "")
        case let .enable(enabler, level, period):
            let name = enablerName(enabler.text, model)
            return (level.map { "Run \(name) at \(quantity($0)) of its full level" } ?? "Fund \(name) in full") + when(period, model)
        case let .disable(enabler, period):
            return "Stop \(enablerName(enabler.text, model)) and save its cost" + when(period, model)
        case let .set(id, value, period):
            switch value {
            case .word(let w) where w.text == "hold-budgets": return "Hold every line to its budget, leaving demand unmet where it must" + when(period, model)
            case .word(let w) where w.text == "meet-demand": return "Let providers meet demand in full" + when(period, model)
            case .word(let w): return "Set \(id.text) to \(w.text)" + when(period, model)
            case .number(let q):
                let field = Assumption.resolve(id.text, in: model)?.field
                if [.returnScale, .effectScale, .level].contains(field) {
                    return "Set \(assumptionName(id.text, model)) to \(quantity(q))" + when(period, model)
                }
                return "Plan on \(assumptionName(id.text, model)) of \(quantity(q))" + when(period, model)
            }
        case let .outturn(id, value, ofPlan, period):
            let what = ofPlan ? "\(quantity(value)) of plan" : quantity(value)
            var noun = assumptionName(id.text, model)
            if noun.hasPrefix("a ") { noun = "the " + noun.dropFirst(2) }
            return "Assume \(noun) turns out at \(what)" + when(period, model)
        case let .rule(_, judged, period):
            return (judged ? "Hold" : "Do not hold") + " each ICB to the mental health investment standard" + when(period, model)
        case let .risk(id, mitigation, amount, org, period, probability):
            let name = model.riskIndex(id.text).map { "‘\(model.risks[$0].name)’" } ?? "‘\(id.text)’"
            let onWhom = org.map { " on " + organisationName($0.text, model) } ?? ""
            let likely = probability.map { ", \(quantity($0)) likely" } ?? ""
            return (mitigation ? "Count on a mitigation \(name) of " : "Carry a risk \(name) of ") + "\(quantity(amount)) a year\(onWhom)" + when(period, model) + likely
        }
    }

    /// " a year" for money over several years; nothing for money in one year (it is that year's).
    static func aYear(_ period: Period?) -> String { period?.form == .single ? "" : " a year" }

    static func when(_ period: Period?, _ model: Model) -> String {
        guard let p = period else { return "" }
        let first = model.yearLabel(p.first.year)
        switch p.form {
        case .single: return " in \(first)"
        case .from: return " from \(first)"
        case .range: return " from \(first) to \(model.yearLabel(p.last?.year ?? p.first.year))"
        }
    }

    /// A shift's or an investment's amount: a bare number is £m (LANGUAGE.md).
    static func money(_ q: Quantity) -> String {
        q.unit == .bare ? quantity(Quantity(value: q.value, unit: .money, range: q.range)) : quantity(q)
    }

    static func quantity(_ q: Quantity) -> String {
        let n = NumberFormat.trimmed(q.value, maxDecimals: 3)
        switch q.unit {
        case .money: return q.value < 0 ? "-£" + NumberFormat.trimmed(-q.value, maxDecimals: 3) + "m" : "£\(n)m"
        case .percent: return NumberFormat.trimmed(q.value * 100, maxDecimals: 3) + "%"
        case .bare: return n
        }
    }

    /// A model name as it reads inside a sentence: the part before any parenthesis or colon, with its first
    /// letter lowered unless the name is an acronym or a proper name ("ICB running costs", "Better Care Fund").
    public static func phrase(_ name: String) -> String {
        var s = name
        if let cut = s.range(of: " (") { s = String(s[..<cut.lowerBound]) }
        if let cut = s.range(of: ": ") { s = String(s[..<cut.lowerBound]) }
        let words = s.split(separator: " ")
        let properLater = words.dropFirst().contains { $0.first?.isUppercase == true }
        let acronym = words.first.map { $0.count > 1 && $0.dropFirst().first?.isUppercase == true } ?? false
        if properLater || acronym || s.isEmpty { return s }
        return s.prefix(1).lowercased() + s.dropFirst()
    }

    static func lineName(_ id: String, _ model: Model) -> String {
        if let c = model.categoryIndex(id) { return phrase(model.categories[c].name) }
        if id == "prevention" { return "prevention programmes" }
        if id == "treatment" { return "treatment services" }
        return id
    }

    static func placeName(_ id: String, _ model: Model) -> String { model.placeIndex(id).map { model.places[$0].name } ?? id }

    static func enablerName(_ id: String, _ model: Model) -> String {
        model.enablerIndex(id).map { e in
            let name = phrase(model.enablers[e].name)
            return "the " + (name.hasPrefix("our ") ? String(name.dropFirst(4)) : name) + " enabler"
        } ?? id
    }

    static func organisationName(_ id: String, _ model: Model) -> String {
        model.organisations.first { $0.id == id }.map { phrase($0.name) } ?? id
    }

    static func assumptionName(_ id: String, _ model: Model) -> String {
        guard let a = Assumption.resolve(id, in: model) else { return id }
        func category() -> String { phrase(model.categories[a.index].name) }
        switch a.field {
        case .allocationGrowth: return "income growth"
        case .inflation: return "cost inflation"
        case .efficiency: return "a savings rate (CIP)"
        case .demandGrowth: return "demand growth in \(category())"
        case .cashable: return "a cash share of savings in \(category())"
        case .returnScale: return "the returns scale of \(category())"
        case .effectScale: return "the outcome-effect scale of \(category())"
        case .cost: return "a cost for \(enablerName(model.enablers[a.index].id, model))"
        case .trend: return "a yearly trend in \(phrase(model.metrics[a.index].name))"
        case .level: return "the starting-level offset of \(phrase(model.metrics[a.index].name))"
        case .pressure: return "cost pressure on \(category())"
        case .streamGrowth: return "growth in \(phrase(model.streams[a.index].name))"
        case .streamAmount: return "\(phrase(model.streams[a.index].name))"
        case .probability: return "the chance of ‘\(model.risks[a.index].name)’"
        }
    }
}
