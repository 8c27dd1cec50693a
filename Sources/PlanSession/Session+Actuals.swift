import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// Actuals (MODEL.md §8): `actuals load`, `show actuals` (history and variance), `explain variance`.
extension Session {
    // actuals load "FILE"
    func loadActuals(_ file: String, _ range: SourceRange) throws {
        let path = resolve(file)
        let bytes: [UInt8]
        do { bytes = try host.readFile(path) } catch { throw refuse("cannot read '\(file)': \(error)", range, [], id: .file) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw refuse("'\(file)' is not UTF-8 text", range, ["save it as UTF-8 CSV"], id: .file)
        }
        let rows: [Actuals.Key: Double], repeats: [String]
        do { (rows, repeats) = try Actuals.parseCSV(text, model: model) } catch let e as Actuals.CSVError {
            throw refuse("\(file):\(e.line):\(e.column): \(e.message); nothing was loaded", range, [], id: .file)
        }
        remember("actuals load \(file)")
        for (k, v) in rows { actuals.values[k] = v }
        let ignored = rows.keys.filter { $0.year > model.years }.count
        confirm(.actualsLoaded(count: rows.count, file: resolve(file), afterHorizon: ignored, lastYear: model.yearLabel(model.years), repeats: repeats))
    }

    /// One item's row of `show actuals`: actual, projected (null before the horizon) and variance.
    struct VarianceItem { var item: String; var place: Int?; var actual: [Double?]; var projected: [Double?]; var variance: [Double?] }

    /// The years `show actuals` covers (1-based; from the earliest actual or year 1) and its items.
    func varianceItems(plan given: Plan? = nil) -> (years: [Int], items: [VarianceItem]) {
        let inHorizon = actuals.values.keys.filter { $0.year <= model.years }
        let first = min(1, inHorizon.map(\.year).min() ?? 1)
        let years = Array(first...model.years)
        let p = project(given ?? currentPlanCached)
        var out: [VarianceItem] = []
        for place in [nil] + model.places.indices.map(Optional.some) {
            for item in Actuals.items(model) {
                let actual = years.map { actuals.values[Actuals.Key(year: $0, place: place, item: item)] }
                guard actual.contains(where: { $0 != nil }) else { continue }
                guard let series = ResolvedTarget(name: item, place: place, in: model)?.series(p) else { continue }
                let projected: [Double?] = years.map { $0 >= 1 ? series[$0 - 1] : nil }
                let variance: [Double?] = zip(actual, projected).map { a, b in a.flatMap { a in b.map { a - $0 } } }
                out.append(VarianceItem(item: item, place: place, actual: actual, projected: projected, variance: variance))
            }
        }
        return (years, out)
    }

    func actualsView() -> ActualsView {
        let (years, items) = varianceItems()
        return ActualsView(scenario: currentName, years: years.map(model.yearLabel), items: items.map { i in
            ActualsView.Item(item: i.item, place: i.place.map { model.places[$0].id }, isMoney: ResolvedTarget(name: i.item, in: model)?.isMoney ?? true,
                             actual: i.actual, projected: i.projected, variance: i.variance)
        })
    }

    // explain variance ITEM [in PLACE] in YEAR
    func explainVariance(_ item: Target, year: YearRef) throws {
        let target = try ResolvedTarget(item, in: model)
        let t = year.year
        guard let actual = actuals.values[Actuals.Key(year: t, place: target.place, item: target.name)] else {
            throw refuse("there is no actual for \(target.text(model)) in \(model.yearLabel(t))", item.range,
                         ["see what there is with: show actuals"])
        }
        let plan = currentPlanCached
        let ws = workspace
        Engine.run(compiled, plan, into: ws)
        let projected = target.value(ws, compiled, t - 1)
        guard let rows = VarianceAttribution.rows(compiled, plan, actual: actual, workspace: ws,
                                                  value: { target.value($0, self.compiled, t - 1) },
                                                  cancelled: { self.host.interrupted }) else {
            acknowledgeInterrupt()
            throw refuse("explain variance interrupted; nothing changed", nil)
        }
        var view = VarianceExplanationView(
            scenario: currentName, item: target.name, place: target.place.map { model.places[$0].id }, itemText: target.text(model),
            isMoney: target.isMoney, year: model.yearLabel(t), firstYear: t == 1, actual: actual, projected: projected,
            rows: rows.map { r in
                var row = VarianceExplanationView.Row(id: r.id, value: r.value, explains: r.explains, within: r.within, perYear: r.isPerYear)
                let a = Assumption.resolve(r.id, in: model)!
                row.unit = a.field == .cost ? "£m" : a.isRate ? "%" : ""
                row.movesMoney = a.field != .trend
                return row
            })
        view.register = registerEntries(on: target, year: t - 1)
        emit(.varianceExplanation(view))
    }

    /// The register's entries that reach a position in year t (0-based), as the scenario has them (MODEL.md §9):
    /// the system's balance takes every one; the ICBs' those on a commissioner or on none; an organisation's
    /// those on it (and, for a commissioner, its share of those on none). Places and measures take none.
    func registerEntries(on target: ResolvedTarget, year t: Int) -> [VarianceExplanationView.Entry] {
        guard target.place == nil else { return [] }
        let commissioners = Set(model.organisations.indices.filter { model.organisations[$0].kind == .commissioner })
        return currentRun.risks.compactMap { r -> VarianceExplanationView.Entry? in
            // Impacts here carry their sign (a risk's negative).
            guard t < r.impact.count, r.impact[t] != 0 else { return nil }
            let reaches: Bool
            switch target.subject {
            case .balance, .riskAdjusted: reaches = true
            case .icbBalance: reaches = r.organisation == nil || commissioners.contains(r.organisation!)
            case .organisation(let o): reaches = r.organisation == o || (r.organisation == nil && commissioners.contains(o))
            default: reaches = false
            }
            // A shared entry reaches one commissioner by its places' income share (MODEL.md §9).
            var share = 1.0
            if case .organisation(let o) = target.subject, r.organisation == nil { share = model.incomeShare(ofCommissioner: o) }
            return reaches ? .init(id: r.id, risk: r.kind == .risk, impact: share * r.impact[t], probability: r.probability) : nil
        }
    }
}

