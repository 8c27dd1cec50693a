import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `export`: the current scenario's results, with the statements that made them and the model hash;
/// PlanRender writes the document (`ScenarioExport`, `Workbook`).
extension Session {
    func export(_ name: String, _ file: String, replace: Bool, _ range: SourceRange) throws {
        guard let format = ExportFormat(rawValue: name) else {
            throw refuse("unknown export format '\(name)'", range, ["formats: " + CommandTable.exportFormats.joined(separator: ", ")])
        }
        if format == .xlsx {
            try writeFile(file, workbook().bytes(), replace: replace, range, statement: "export xlsx")
            confirm(.exported(scenario: currentName, format: format, file: file))
            return
        }
        let s = current
        let report = SimulationReport(model: model, projection: projection(of: s), scenario: s.name, statementCount: s.statements.count)
        let document = ScenarioExport(scenario: s.name, model: model.name, modelHash: ModelHash.hex(model),
                                      statements: s.statements.map(\.text), report: report)
        try writeFile(file, Array((document.text(format) ?? "").utf8), replace: replace, range, statement: "export \(name)")
        confirm(.exported(scenario: s.name, format: format, file: file))
    }
}
