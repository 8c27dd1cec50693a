import PlanSupport

/// Rates in a model file that are valid but almost surely mistyped: a growth, inflation, savings or pressure
/// rate beyond 50% a year. A workbook's rate cells hold fractions (0.065 for 6.5%), so 6.5 there is 650%;
/// the prompt refuses a rate without `%`, but a file cannot be asked. Said as warnings when a model is loaded
/// (the model still loads: the file says what it says).
extension Model {
    /// Each mistyped-looking rate: its JSON path (`efficiency[1]`, `categories[0].demandGrowth`) and what is wrong, in words.
    public func implausibleRateFindings() -> [(path: String, words: String)] {
        var out: [(path: String, words: String)] = []
        // Entry 1 of a growth is unused; every other per-year list is read from year 2 (MODEL.md §1).
        func check(_ what: String, _ path: String, _ values: [Double], from first: Int = 1) {
            for (i, v) in values.enumerated() where i >= first && i < years && abs(v) > 0.5 {
                out.append(("\(path)[\(i)]", "\(what) is \(Self.percent(v)) a year in \(yearLabel(i + 1))"))
                return
            }
        }
        check("allocation growth", "income.growth", incomeGrowth)
        for (i, s) in streams.enumerated() where s.base != nil { check("\(s.id).growth", "income.streams[\(i)].growth", s.growth) }
        check("inflation", "inflation", inflation)
        check("efficiency", "efficiency", efficiency)
        for (i, c) in categories.enumerated() {
            if abs(c.demandGrowth) > 0.5 { out.append(("categories[\(i)].demandGrowth", "\(c.id).demand-growth is \(Self.percent(c.demandGrowth)) a year")) }
            check("\(c.id).pressure", "categories[\(i)].pressure", c.pressure)
        }
        return out
    }

    /// The same, as said for a JSON model file.
    public func implausibleRates() -> [String] {
        implausibleRateFindings().map { finding in
            let v = rate(at: finding.path)
            return finding.words + ": rates are fractions in a model file (\(Self.fraction(v)) for \(Self.plain(v))%)"
        }
    }

    /// The rate a finding's path names.
    public func rate(at path: String) -> Double {
        func index(_ p: String) -> Int? { p.split(separator: "[").last.flatMap { Int($0.dropLast()) } }
        if path.hasPrefix("income.growth") { return incomeGrowth[index(path)!] }
        if path.hasPrefix("inflation") { return inflation[index(path)!] }
        if path.hasPrefix("efficiency") { return efficiency[index(path)!] }
        if path.hasPrefix("income.streams[") {
            let s = Int(path.dropFirst("income.streams[".count).prefix { $0 != "]" })!
            return streams[s].growth[index(path)!]
        }
        let c = Int(path.dropFirst("categories[".count).prefix { $0 != "]" })!
        return path.hasSuffix("demandGrowth") ? categories[c].demandGrowth : categories[c].pressure[index(path)!]
    }

    static func percent(_ v: Double) -> String { NumberFormat.trimmed(v * 100, maxDecimals: 2) + "%" }
    /// The value read as the percentage it most likely meant: 6.5 → "6.5", written back as the fraction 0.065.
    static func plain(_ v: Double) -> String { NumberFormat.trimmed(v, maxDecimals: 2) }
    static func fraction(_ v: Double) -> String { NumberFormat.trimmed(v / 100, maxDecimals: 6) }
}
