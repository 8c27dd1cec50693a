import PlanSupport

/// `export`'s document for one scenario: its results with the statements that made them and the model's
/// content hash, so a file can be traced to what produced it. The workbook (xlsx) is built by `Workbook`.
public struct ScenarioExport {
    public var scenario: String, model: String, modelHash: String
    public var statements: [String]
    public var report: SimulationReport

    public init(scenario: String, model: String, modelHash: String, statements: [String], report: SimulationReport) {
        self.scenario = scenario; self.model = model; self.modelHash = modelHash; self.statements = statements; self.report = report
    }

    /// The document's text in a text format; nil for xlsx, which is not text.
    public func text(_ format: ExportFormat) -> String? {
        switch format {
        case .json:
            return "{\"kind\":\"export\",\"scenario\":\(JSONText.quote(scenario)),\"model\":\(JSONText.quote(model)),\"modelHash\":\(JSONText.quote(modelHash)),"
                + "\"statements\":[" + statements.map(JSONText.quote).joined(separator: ",") + "],\"simulation\":\(report.json())}\n"
        case .csv:
            return ["# scenario: \(scenario)", "# model: \(model) (content hash \(modelHash))"].joined(separator: "\n") + "\n"
                + statements.map { "# statement: \($0)" }.joined(separator: "\n") + (statements.isEmpty ? "" : "\n")
                + report.table().csv() + "\n"
        case .markdown:
            return "# Scenario \(MarkdownText.escape(scenario))\n\nModel: \(MarkdownText.escape(model)) (content hash `\(modelHash)`)\n\nStatements:\n\n"
                + (statements.isEmpty ? "- (none)\n" : statements.map { "- " + MarkdownText.code($0) }.joined(separator: "\n") + "\n")
                + "\n" + report.table().markdown() + "\n"
        case .html:
            return HTMLPage.render(title: "hweplan: scenario \(scenario)", subtitle: "\(model), content hash \(modelHash)",
                                   statements: statements, table: report.table())
        case .xlsx:
            return nil
        }
    }
}
