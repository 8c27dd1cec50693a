import PlanSupport

/// Rates in a model file that are valid but almost surely mistyped: a growth, inflation, savings or pressure
/// rate beyond 50% a year. A workbook's rate cells hold fractions (0.065 for 6.5%), so 6.5 there is 650%;
/// the prompt refuses a rate without `%`, but a file cannot be asked. Said as warnings when a model is loaded
/// (the model still loads: the file says what it says).
extension Model {
    public func implausibleRates() -> [String] {
        var out: [String] = []
        // Entry 1 of a growth is unused; every other per-year list is read from year 2 (MODEL.md §1).
        func check(_ what: String, _ values: [Double], from first: Int = 1) {
            for (i, v) in values.enumerated() where i >= first && i < years && abs(v) > 0.5 {
                out.append("\(what) is \(Self.percent(v)) a year in \(yearLabel(i + 1)): rates are fractions in a model file "
                           + "(\(Self.fraction(v)) for \(Self.plain(v))%)")
                return
            }
        }
        check("allocation growth", incomeGrowth)
        for s in streams where s.base != nil { check("\(s.id).growth", s.growth) }
        check("inflation", inflation)
        check("efficiency", efficiency)
        for c in categories {
            if abs(c.demandGrowth) > 0.5 {
                out.append("\(c.id).demand-growth is \(Self.percent(c.demandGrowth)) a year: rates are fractions in a model file "
                           + "(\(Self.fraction(c.demandGrowth)) for \(Self.plain(c.demandGrowth))%)")
            }
            check("\(c.id).pressure", c.pressure)
        }
        return out
    }

    static func percent(_ v: Double) -> String { NumberFormat.trimmed(v * 100, maxDecimals: 2) + "%" }
    /// The value read as the percentage it most likely meant: 6.5 → "6.5", written back as the fraction 0.065.
    static func plain(_ v: Double) -> String { NumberFormat.trimmed(v, maxDecimals: 2) }
    static func fraction(_ v: Double) -> String { NumberFormat.trimmed(v / 100, maxDecimals: 6) }
}
