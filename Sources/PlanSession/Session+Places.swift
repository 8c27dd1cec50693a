import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// Views of the places (MODEL.md §1, §4): `show places`, `show TARGET in PLACE`, `show TARGET by place`,
/// `compare places`.
extension Session {
    /// Each place's population, income share and current-scenario position.
    func placesView() -> Rendering {
        guard !model.places.isEmpty else {
            return TextView(kind: "show", fields: [("topic", "places")], text: "  the model has no places: it runs as one system")
        }
        let p = project(currentPlanCached)
        let s = model.populationShares, w = model.incomeShares
        let last = model.years - 1
        return ColumnsView(
            kind: "show", fields: [("topic", "places")], title: "Places, scenario \(currentName) (balance in \(model.yearLabel(model.years)))",
            header: ["id", "name", "population", "pop. share", "income share", "balance £m"],
            rows: model.places.enumerated().map { i, place in
                [place.id, place.name, NumberFormat.fixed(place.population, decimals: 0), NumberFormat.percent(s[i], maxDecimals: 1),
                 NumberFormat.percent(w[i], maxDecimals: 1), NumberFormat.fixed(p.places[i].balance[last], decimals: 1)]
            })
    }

    /// One target across the years, for one place or for each place beside the system.
    func showByPlace(_ target: ResolvedTarget, byPlace: Bool) -> Rendering {
        let p = project(currentPlanCached)
        let unit = target.unit(model)
        let decimals = target.isMoney ? 1 : 2
        var rows: [ReportTable.Row] = []
        if byPlace {
            var system = target
            system.place = nil
            rows.append(.init("system", unit: unit, system.series(p), decimals: decimals))
            for i in model.places.indices {
                var one = target
                one.place = i
                rows.append(.init(model.places[i].id, unit: unit, one.series(p), decimals: decimals))
            }
            if case .metric(let k) = target.subject, let gap = p.metrics[k].gap {
                rows.append(.init("gap between places", unit: unit, gap, decimals: decimals))
            }
        } else {
            rows.append(.init(target.text(model), unit: unit, target.series(p), decimals: decimals))
        }
        let title = target.title(model) + (byPlace ? " by place" : "") + ", scenario \(currentName)"
        return TableView(ReportTable(title: title, years: model.yearLabels, sections: [.init("", rows)]), kind: "show")
    }

    // compare places [on METRIC…]
    func comparePlaces(on targets: [String]) {
        let p = project(currentPlanCached)
        let names = targets.isEmpty ? MoneyWord.positions.map(\.rawValue) + model.metrics.map(\.id) : targets
        var sections: [ReportTable.Section] = []
        for var r in names.compactMap({ ResolvedTarget(name: $0, in: model) }) {
            let unit = r.unit(model), decimals = r.isMoney ? 1 : 2
            var rows: [ReportTable.Row] = [.init("system", unit: unit, r.series(p), decimals: decimals)]
            for i in model.places.indices {
                r.place = i
                rows.append(.init(model.places[i].id, unit: unit, r.series(p), decimals: decimals))
            }
            if case .metric(let k) = r.subject, let gap = p.metrics[k].gap {
                rows.append(.init("gap", unit: unit, gap, decimals: decimals))
            }
            sections.append(.init(r.title(model), rows))
        }
        emit(TableView(ReportTable(title: "Places compared, scenario \(currentName)", years: model.yearLabels, sections: sections), kind: "compare-places"))
    }
}
