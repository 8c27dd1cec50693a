import PlanModel
import PlanRender
import PlanSupport

/// `sensitivity`: a tornado of the uncertain assumptions (MODEL.md §7).
extension Session {
    func sensitivityRows(_ target: ResolvedTarget, year t: Int, plan given: Plan? = nil) -> [Sensitivity.Row] {
        let compiled = self.compiled
        return Sensitivity.rows(compiled, given ?? currentPlanCached, workspace: workspace) { target.value($0, compiled, t) }
    }

    func sensitivityBase(_ target: ResolvedTarget, year t: Int) -> Double {
        let compiled = self.compiled
        return Sensitivity.centre(compiled, currentPlanCached, workspace: workspace) { target.value($0, compiled, t) }
    }

    // sensitivity METRIC|balance [in YEAR]
    func sensitivity(_ target: ResolvedTarget, year: Int) throws {
        let rows = sensitivityRows(target, year: year - 1)
        let label = model.yearLabel(year)
        if options.format == .json {
            write("{\"kind\":\"sensitivity\",\"scenario\":\(JSONText.quote(currentName)),\"target\":\(JSONText.quote(target.name)),\"place\":\(target.place.map { JSONText.quote(model.places[$0].id) } ?? "null"),\"year\":\(JSONText.quote(label)),\"rows\":["
                  + rows.map { "{\"assumption\":\(JSONText.quote($0.id)),\"low\":\(JSONText.number($0.low)),\"high\":\(JSONText.number($0.high)),\"swing\":\(JSONText.number($0.swing))}" }.joined(separator: ",")
                  + "]}")
            return
        }
        if options.format == .csv || options.format == .markdown {
            let table = ListTable(header: ["assumption", "low", "high", "swing"],
                                  rows: rows.map { [$0.id, NumberFormat.json($0.low), NumberFormat.json($0.high), NumberFormat.json($0.swing)] })
            write(options.format == .csv ? table.csv() : table.markdown())
            return
        }
        if rows.isEmpty { write("  no uncertain assumptions to vary (the model lists none, or the scenario sets them all)"); return }
        let u = target.unit(model)
        let fmt: (Double) -> String = { u == "£m" ? NumberFormat.money($0, decimals: 1) : NumberFormat.trimmed($0, maxDecimals: 2) }
        let base = sensitivityBase(target, year: year - 1)
        let all = (rows.flatMap { [$0.low, $0.high] } + [base]).filter { $0.isFinite }
        let lo = all.min() ?? 0, hi = all.max() ?? 0
        // At 80 columns: names abbreviated to 26, the bar as wide as the rest allows, the figures compact.
        let nameWidth = min(26, rows.map(\.id.count).max()!)
        let texts = rows.map { "\(fmt($0.low)) to \(fmt($0.high))" }
        let barWidth = max(10, options.width - nameWidth - (texts.map(\.count).max() ?? 0) - 6)
        func col(_ v: Double) -> Int {
            guard v.isFinite, (hi - lo).isFinite, hi - lo >= 1e-12 else { return 0 }
            return min(barWidth - 1, max(0, Int(((v - lo) / (hi - lo) * Double(barWidth - 1)).rounded())))
        }
        let axis = col(base)
        var out = Wrap.lines("Sensitivity of \(target.text(model)) in \(label), scenario \(currentName): \(fmt(base)) with every uncertain assumption at its mode (\(options.style.unicode ? "│" : "|")).", width: options.width)
        let planned = target.series(project(currentPlanCached))[year - 1]
        if abs(planned - base) > 1e-9 * max(1, abs(base)) {
            out += Wrap.lines("The plan as simulated gives \(fmt(planned)): its assumptions are not all at the modes of their uncertainty (see show assumptions).", width: options.width)
        }
        out += Wrap.lines("Each row moves one assumption from its low to its high (the figures are the target at each); largest swing first.", width: options.width)
        let still = rows.filter { $0.swing <= 1e-9 }.map(\.id)
        for (r, text) in zip(rows, texts) {
            var cells = [String](repeating: " ", count: barWidth)
            if r.swing > 1e-9 {
                for k in min(col(r.low), col(r.high), axis)...max(col(r.low), col(r.high), axis) { cells[k] = options.style.unicode ? "█" : "#" }
            }
            cells[axis] = options.style.unicode ? "│" : "|"
            if r.swing <= 1e-9, rows.count > 12 { continue }
            let name = r.id.count > nameWidth ? String(r.id.prefix(nameWidth - 1)) + "…" : r.id.padding(nameWidth)
            out.append("  " + name + "  " + cells.joined() + "  " + text)
        }
        if !still.isEmpty, rows.count > 12 {
            out += Wrap.lines("  No effect on this figure: " + still.joined(separator: ", "), width: options.width, indent: "    ")
        }
        write(out.joined(separator: "\n"))
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
