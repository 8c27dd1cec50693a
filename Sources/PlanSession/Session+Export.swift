import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `export`: the current scenario's results, with the statements that made them and the model hash.
extension Session {
    func export(_ name: String, _ file: String, replace: Bool, _ range: SourceRange) throws {
        guard let format = ExportFormat(rawValue: name) else {
            throw refuse("unknown export format '\(name)'", range, ["formats: " + CommandTable.exportFormats.joined(separator: ", ")])
        }
        let s = current
        let hash = ModelHash.hex(model)
        func report() -> SimulationReport {
            SimulationReport(model: model, projection: project(plan(of: s)), scenario: s.name, statementCount: s.statements.count)
        }
        let text: String
        switch format {
        case .xlsx:
            try writeFile(file, workbook().bytes(), replace: replace, range, statement: "export xlsx")
            note("exported scenario '\(currentName)' to \(file) (xlsx: parameters, money, categories, metrics, comparison, Monte Carlo)")
            return
        case .json:
            text = "{\"kind\":\"export\",\"scenario\":\(JSONText.quote(s.name)),\"model\":\(JSONText.quote(model.name)),\"modelHash\":\(JSONText.quote(hash)),"
                + "\"statements\":[" + s.statements.map { JSONText.quote($0.text) }.joined(separator: ",") + "],\"simulation\":\(report().json())}\n"
        case .csv:
            text = ["# scenario: \(s.name)", "# model: \(model.name) (content hash \(hash))"].joined(separator: "\n") + "\n"
                + s.statements.map { "# statement: \($0.text)" }.joined(separator: "\n") + (s.statements.isEmpty ? "" : "\n")
                + report().table().csv() + "\n"
        case .markdown:
            text = "# Scenario \(s.name)\n\nModel: \(model.name) (content hash `\(hash)`)\n\nStatements:\n\n"
                + (s.statements.isEmpty ? "- (none)\n" : s.statements.map { "- `\($0.text)`" }.joined(separator: "\n") + "\n")
                + "\n" + report().table().markdown() + "\n"
        case .html:
            text = HTMLPage.render(title: "hweplan: scenario \(s.name)", subtitle: "\(model.name), content hash \(hash)",
                                   statements: s.statements.map(\.text), table: report().table())
        }
        try writeFile(file, Array(text.utf8), replace: replace, range, statement: "export \(name)")
        note("exported scenario '\(s.name)' as \(name) to \(file)")
    }
}
