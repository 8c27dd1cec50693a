import PlanSupport

/// `export`'s document for one scenario or several: each one's results with the statements that made them,
/// and the provenance (version, model hash, script hash), so a file can be traced to what produced it. The
/// workbook (xlsx) is built by `ScenarioWorkbook`.
public struct ScenarioExport {
    public struct Part {
        public var scenario: String
        public var statements: [String]
        public var report: SimulationReport
        public init(scenario: String, statements: [String], report: SimulationReport) {
            self.scenario = scenario; self.statements = statements; self.report = report
        }
    }
    public var parts: [Part]
    public var provenance: Provenance

    public init(parts: [Part], provenance: Provenance) { self.parts = parts; self.provenance = provenance }

    /// The document's text in a text format; nil for xlsx, which is not text. One scenario keeps the
    /// one-scenario shape (`scenario`, `statements`, `simulation` at the top of the JSON); several give a
    /// `scenarios` array, one CSV table with a `scenario` column, a section each in Markdown and HTML.
    public func text(_ format: ExportFormat) -> String? {
        let p = provenance
        switch format {
        case .json:
            func results(_ part: Part) -> String {
                "\"statements\":[" + part.statements.map(JSONText.quote).joined(separator: ",") + "],\"simulation\":\(part.report.json())"
            }
            let model = "\"model\":\(JSONText.quote(p.model)),\"modelHash\":\(JSONText.quote(p.modelHash)),"
            if parts.count == 1 {
                return "{\"kind\":\"export\",\"scenario\":\(JSONText.quote(parts[0].scenario)),\(model)\(results(parts[0])),\"provenance\":\(p.json)}\n"
            }
            let each = parts.map { "{\"scenario\":\(JSONText.quote($0.scenario)),\(results($0))}" }
            return "{\"kind\":\"export\",\(model)\"scenarios\":[\(each.joined(separator: ","))],\"provenance\":\(p.json)}\n"
        case .csv:
            var out = p.lines.map { "# \($0.0): \($0.1)" }
            if parts.count == 1 {
                out.append("# scenario: \(parts[0].scenario)")
                out += parts[0].statements.map { "# statement: \($0)" }
                return out.joined(separator: "\n") + "\n" + parts[0].report.table(.data).csv() + "\n"
            }
            for part in parts {
                out.append("# scenario: \(part.scenario)")
                out += part.statements.map { "# statement (\(part.scenario)): \($0)" }
            }
            for (i, part) in parts.enumerated() {
                // Every row in every scenario, so the scenarios line up row for row in a pivot table.
                let lines = part.report.table(.data).csv().split(separator: "\n", omittingEmptySubsequences: false)
                if i == 0, let header = lines.first { out.append("scenario," + header) }
                out += lines.dropFirst().map { ListTable.field(part.scenario) + "," + $0 }
            }
            return out.joined(separator: "\n") + "\n"
        case .markdown:
            let e = MarkdownText.escape
            var out = p.lines.map { "- \(e($0.0)): \(e($0.1))" }.joined(separator: "\n") + "\n"
            for part in parts {
                out += "\n# Scenario \(e(part.scenario))\n\nStatements:\n\n"
                    + (part.statements.isEmpty ? "- (none)\n" : part.statements.map { "- " + MarkdownText.code($0) }.joined(separator: "\n") + "\n")
                    + "\n" + part.report.table(.document).markdown() + "\n"
            }
            return out
        case .html:
            let subtitle = p.lines.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            return HTMLPage.render(title: "hweplan: scenario " + parts.map(\.scenario).joined(separator: ", "), subtitle: subtitle,
                                   sections: parts.map { ($0.scenario, $0.statements, $0.report.table(.document)) })
        case .xlsx:
            return nil
        }
    }
}
