/// A named model number that `set`, Monte Carlo, sensitivity and seek all speak of (MODEL.md §5).
public struct Assumption: Equatable, Hashable, Sendable {
    public enum Field: String, Sendable, CaseIterable {
        case allocationGrowth = "allocation-growth", inflation, efficiency
        case demandGrowth = "demand-growth", cashable, returnScale = "return-scale", effectScale = "effect-scale", cost, trend
        /// M.level: how far a metric's true starting level may lie from the figure the model was given.
        case level
        /// C.pressure: a category's cost growth beyond inflation each year.
        case pressure
        /// S.growth and S.amount: an income stream's growth (a stream with a base) or amount (with amounts).
        case streamGrowth = "growth", streamAmount = "amount"
        /// R.probability: a register entry's probability (one value: no plan and outturn).
        case probability
    }

    public var field: Field
    /// The category, enabler or metric index for the scoped fields; 0 for the per-year ones.
    public var index: Int

    /// Per-year assumptions take a PERIOD and are drawn as offsets; the others are scalars.
    public var isPerYear: Bool { [.allocationGrowth, .inflation, .efficiency, .pressure, .streamGrowth, .streamAmount].contains(field) }

    /// A rate, read as a percentage (3.3%); money (£m), a metric's trend or level and the two scales read as
    /// plain numbers.
    public var isRate: Bool { ![.cost, .trend, .level, .returnScale, .effectScale, .streamAmount].contains(field) }

    /// The id as the user writes it, e.g. `acute.demand-growth`.
    public func id(in model: Model) -> String {
        switch field {
        case .allocationGrowth, .inflation, .efficiency: return field.rawValue
        case .demandGrowth, .cashable, .returnScale, .effectScale: return "\(model.categories[index].id).\(field.rawValue)"
        case .cost: return "\(model.enablers[index].id).cost"
        case .trend: return "\(model.metrics[index].id).trend"
        case .level: return "\(model.metrics[index].id).level"
        case .pressure: return "\(model.categories[index].id).pressure"
        case .streamGrowth: return "\(model.streams[index].id).growth"
        case .streamAmount: return "\(model.streams[index].id).amount"
        case .probability: return "\(model.risks[index].id).probability"
        }
    }

    /// Resolves an assumption id, splitting at the last dot (`prevention.falls.return-scale`).
    public static func resolve(_ id: String, in model: Model) -> Assumption? {
        if let f = Field(rawValue: id), [.allocationGrowth, .inflation, .efficiency].contains(f) {
            // With income streams, income grows by stream: `allocation-growth` does not exist.
            return f == .allocationGrowth && !model.streams.isEmpty ? nil : Assumption(field: f, index: 0)
        }
        guard let dot = id.lastIndex(of: ".") else { return nil }
        let owner = String(id[..<dot]), fieldName = String(id[id.index(after: dot)...])
        guard let field = Field(rawValue: fieldName) else { return nil }
        switch field {
        case .demandGrowth, .cashable, .returnScale, .effectScale, .pressure:
            return model.categoryIndex(owner).map { Assumption(field: field, index: $0) }
        case .probability: return model.riskIndex(owner).map { Assumption(field: field, index: $0) }
        case .streamGrowth, .streamAmount:
            guard let s = model.streamIndex(owner), (model.streams[s].amounts == nil) == (field == .streamGrowth) else { return nil }
            return Assumption(field: field, index: s)
        case .cost: return model.enablerIndex(owner).map { Assumption(field: field, index: $0) }
        case .trend, .level: return model.metricIndex(owner).map { Assumption(field: field, index: $0) }
        default: return nil
        }
    }

    /// Every assumption of the model, in a stable order (per-year first, then by owner).
    public static func all(in model: Model) -> [Assumption] {
        var out: [Assumption] = model.streams.isEmpty ? [.init(field: .allocationGrowth, index: 0)] : []
        for s in model.streams.indices { out.append(.init(field: model.streams[s].amounts == nil ? .streamGrowth : .streamAmount, index: s)) }
        out += [.init(field: .inflation, index: 0), .init(field: .efficiency, index: 0)]
        out += model.categories.indices.map { .init(field: .pressure, index: $0) }
        for c in model.categories.indices {
            out.append(.init(field: .demandGrowth, index: c))
            out.append(.init(field: .cashable, index: c))
            if model.categories[c].returns != nil { out.append(.init(field: .returnScale, index: c)) }
            out.append(.init(field: .effectScale, index: c))
        }
        out += model.enablers.indices.map { .init(field: .cost, index: $0) }
        out += model.metrics.indices.map { .init(field: .trend, index: $0) }
        out += model.metrics.indices.map { .init(field: .level, index: $0) }
        out += model.risks.indices.map { .init(field: .probability, index: $0) }
        return out
    }

    /// Whether the assumption can change any figure of this model (MODEL.md §1, §5): a cashable share needs
    /// savings that reach the line, a return scale needs returns, an effect scale needs a metric response.
    public func hasEffect(in model: Model) -> Bool {
        switch field {
        case .cashable:
            let c = model.categories[index]
            return c.kind == .treatment && (model.categories.contains { $0.returns?.to.contains { $0.id == c.id } ?? false }
                || model.metrics.contains { $0.drives?.category == c.id })
        case .returnScale: return model.categories[index].returns != nil
        case .effectScale:
            let id = model.categories[index].id
            return model.metrics.contains { $0.responses.contains { $0.id == id } }
        default: return true
        }
    }

    /// Why an assumption has no effect, for the error that refuses it.
    public static func whyNoEffect(_ a: Assumption, in model: Model) -> String {
        let id = model.categories[a.index].id
        switch a.field {
        case .cashable: return "no category's returns save demand in '\(id)'"
        case .returnScale: return "'\(id)' has no returns"
        default: return "no metric responds to money in '\(id)'"
        }
    }

    /// What the assumption is, for `show assumptions`.
    public func summary(in model: Model) -> String {
        switch field {
        case .allocationGrowth: return "income growth each year"
        case .inflation: return "cost inflation each year"
        case .efficiency: return "gross savings rate each year (a CIP), set against inflation and pressure"
        case .demandGrowth: return "demand growth a year, \(model.categories[index].name)"
        case .cashable: return "share of savings that is cash, \(model.categories[index].name)"
        case .returnScale: return "scale of the returns kernel, \(model.categories[index].name)"
        case .effectScale: return "scale of the metric responses to money, \(model.categories[index].name)"
        case .cost: return "cost at full level, \(model.enablers[index].name) (£m a year)"
        case .trend: return "trend a year, \(model.metrics[index].name)"
        case .level: return "offset to the starting level in every place, \(model.metrics[index].name)"
        case .pressure: return "cost growth beyond inflation each year, \(model.categories[index].name)"
        case .streamGrowth: return "growth each year, income stream \(model.streams[index].name)"
        case .streamAmount: return "amount each year, income stream \(model.streams[index].name) (£m)"
        case .probability: return "probability, \(model.risks[index].kind.rawValue) \(model.risks[index].name)"
        }
    }
}
