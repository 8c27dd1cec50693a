import Foundation
import Testing
@_exported import TestSupport
@testable import PlanLanguage

/// The vocabulary of the built-in model, written out so the language tests need no model.
let vocabulary: Vocabulary = {
    var v = Vocabulary()
    v.categories = ["acute", "community", "mental-health", "primary-care", "prescribing", "continuing-care", "other",
                    "prevention.best-start", "prevention.lifestyles", "prevention.ageing-well"]
    v.preventionCategories = ["prevention.best-start", "prevention.lifestyles", "prevention.ageing-well"]
    v.enablers = ["workforce", "right-place", "data-and-insight", "research-and-innovation", "joint-commissioning", "digital"]
    v.metrics = ["smoking-prevalence", "healthy-life-expectancy", "waiting-list", "school-readiness"]
    v.assumptions = ["allocation-growth", "inflation", "efficiency", "acute.demand-growth", "acute.cashable",
                     "prevention.lifestyles.return-scale", "digital.cost", "smoking-prevalence.trend"]
    v.scalarAssumptions = ["acute.demand-growth", "acute.cashable", "prevention.lifestyles.return-scale", "digital.cost", "smoking-prevalence.trend"]
    v.places = ["east-north-herts", "south-west-herts", "west-essex"]
    v.scenarios = ["baseline", "push"]
    v.organisations = ["central-east", "essex", "whth", "pah"]
    v.policies = ["meet-demand", "hold-budgets"]
    v.firstYear = 2023
    v.years = 5
    return v
}()

/// A compact, stable dump of a syntax tree: case names and values, ranges as @line:col-line:col.
func dump(_ value: Any) -> String {
    if let r = value as? SourceRange { return "@\(r.start.line):\(r.start.column)-\(r.end.line):\(r.end.column)" }
    if let s = value as? String { return "\"\(s)\"" }
    if let d = value as? Double { return "\(d)" }
    if let b = value as? Bool { return "\(b)" }
    if let i = value as? Int { return "\(i)" }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
        guard let child = mirror.children.first else { return "nil" }
        return dump(child.value)
    case .enum:
        let name = "\(value)".prefix { $0 != "(" }
        guard let payload = mirror.children.first else { return String(name) }
        return "\(name)(\(dump(payload.value)))"
    case .tuple:
        return "(" + mirror.children.map { ($0.label.map { $0.hasPrefix(".") ? "" : "\($0): " } ?? "") + dump($0.value) }.joined(separator: ", ") + ")"
    case .collection:
        return "[" + mirror.children.map { dump($0.value) }.joined(separator: ", ") + "]"
    case .struct:
        return "{" + mirror.children.map { "\($0.label ?? ""): \(dump($0.value))" }.joined(separator: ", ") + "}"
    default:
        return "\(value)"
    }
}

/// Each outcome of parsing a source, one per line: the statement's dump or the rendered diagnostic.
func describe(_ outcomes: [Parser.Outcome]) -> String {
    outcomes.map { o in
        switch o {
        case .statement(let s): return "\(s.text)\n  " + (s.lever.map { dump($0) } ?? dump(s.kind))
        case .error(let d): return d.rendered()
        case .incomplete(let d): return "incomplete: " + d.rendered()
        case .end: return "end"
        }
    }.joined(separator: "\n") + "\n"
}

/// Where this target's fixtures are, inside the repository.
let here = "Tests/PlanLanguageTests/"
