import PlanLanguage
import PlanModel

extension ResolvedTarget {
    /// Resolves a parsed target; the parser has checked the names, so a name that resolves to nothing (an
    /// enabler, say) is a located refusal, never a crash.
    init(_ target: Target, in model: Model) throws {
        guard let resolved = ResolvedTarget(name: target.name.text, place: target.place.flatMap { model.placeIndex($0.text) }, in: model) else {
            throw Diagnostic(.unknownName, "'\(target.name.text)' is not a target here", target.name.range,
                             notes: ["a target is balance, icb-balance, prevention, a metric or a category"])
        }
        self = resolved
    }
}
