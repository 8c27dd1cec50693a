#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
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
        case .statement(let s): return "\(s.text)\n  " + dump(s.kind)
        case .error(let d): return d.rendered()
        case .incomplete(let d): return "incomplete: " + d.rendered()
        case .end: return "end"
        }
    }.joined(separator: "\n") + "\n"
}

enum Files {
    static let directory: String = {
        var path = #filePath
        while path.last != "/" { path.removeLast() }
        return path
    }()

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    static func write(_ path: String, _ text: String) {
        guard let f = fopen(path, "wb") else { return }
        fputs(text, f)
        fclose(f)
    }

    static func list(_ dir: String, suffix: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name.hasSuffix(suffix) { out.append(name) }
        }
        return out.sorted()
    }

    static var recording: Bool { getenv("RECORD").map { String(cString: $0) == "1" } ?? false }

    /// Compares with a golden file, or writes it when RECORD=1.
    static func golden(_ path: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if recording || read(path) == nil {
            write(path, actual)
            if !recording { Issue.record("recorded missing golden file \(path); review it", sourceLocation: sourceLocation) }
            return
        }
        let expected = read(path)!
        if expected != actual {
            Issue.record("\(path) differs (RECORD=1 swift test re-records):\n--- expected\n\(expected)\n--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}
