import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `export FORMAT "FILE" [NAME…]`: the scenarios' results (default: the current one), with the statements
/// that made them and their provenance; PlanRender writes the document (`ScenarioExport`, `Workbook`).
extension Session {
    /// The file's extension when it names a document format other than `allowed` (a workbook named .csv, a
    /// page named .pdf): such a file would open as garbage. Nil for an allowed, unknown or missing extension.
    func foreignExtension(_ file: String, allowed: [String]) -> String? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        let documents = ["pdf", "xlsx", "xls", "csv", "json", "md", "markdown", "txt", "doc", "docx", "html", "htm"]
        return documents.contains(ext) && !allowed.contains(ext) ? ext : nil
    }

    func export(_ name: String, _ file: String, scenarios names: [String], replace: Bool, _ range: SourceRange) throws {
        guard let format = ExportFormat(rawValue: name) else {
            throw refuse("unknown export format '\(name)'", range, ["formats: " + CommandTable.exportFormats.joined(separator: ", ")])
        }
        // A name that promises another format would open as garbage (a workbook named .csv), as for report.
        let extensions: [ExportFormat: [String]] = [.csv: ["csv", "txt"], .json: ["json", "txt"], .markdown: ["md", "markdown", "txt"],
                                                     .html: ["html", "htm"], .xlsx: ["xlsx"]]
        if let ext = foreignExtension(file, allowed: extensions[format] ?? []) {
            let right = extensions[format]![0]
            let what: String
            switch format {
            case .xlsx: what = "an Excel workbook"
            case .html: what = "an HTML page"
            case .markdown: what = "Markdown text"
            case .csv, .json: what = "\(format.rawValue.uppercased()) text"
            }
            throw refuse("export \(format.rawValue) writes \(what), not .\(ext)",
                         range, ["name it .\(right): " + (["export \(format.rawValue) \"\(file.dropLast(ext.count))\(right)\""] + names).joined(separator: " ")], id: .file)
        }
        let chosen = names.isEmpty ? [currentName] : names
        let states = chosen.compactMap { scenario($0) }
        if format == .xlsx {
            try writeFile(file, workbook(states).bytes(), replace: replace, range, statement: "export xlsx", scenarios: names)
            confirm(.exported(scenarios: chosen, format: format, file: resolve(file)))
            return
        }
        let parts = states.map { s in
            ScenarioExport.Part(scenario: s.name, statements: s.statements.map(\.text),
                                report: SimulationReport(model: model, projection: projection(of: s), scenario: s.name, statementCount: s.statements.count))
        }
        let document = ScenarioExport(parts: parts, provenance: provenance(chosen))
        // A CSV file starts with the UTF-8 byte order mark, so Excel reads £ and ≥ as such, not as Â£ and â‰¥.
        let bom: [UInt8] = format == .csv ? [0xEF, 0xBB, 0xBF] : []
        try writeFile(file, bom + Array((document.text(format) ?? "").utf8), replace: replace, range, statement: "export \(name)", scenarios: names)
        confirm(.exported(scenarios: chosen, format: format, file: resolve(file)))
    }
}
