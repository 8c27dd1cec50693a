import PlanModel
import PlanWorkbook

/// A model file as `model load` and `--model` read it: JSON, or a planning workbook (.xlsx, a ZIP package),
/// told apart by their first bytes.
public enum ModelFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) }

    /// `name` (the file's, as given) lets a file that is not what its extension says be named for what it is.
    public static func load(_ bytes: [UInt8], name: String? = nil) throws -> Model { try loadWithWarnings(bytes, name: name).model }

    /// The model, and what it holds that is valid but most likely mistyped (a rate of 650% a year), in words:
    /// a workbook's at their cells.
    public static func loadWithWarnings(_ bytes: [UInt8], name: String? = nil) throws -> (model: Model, warnings: [String]) {
        let ext = name.map { String($0.lowercased().split(separator: ".").last ?? "") } ?? ""
        if ext == "xls" || (ext == "xlsx" || ext == "xlsm") && !isWorkbook(bytes) {
            throw Failure(description: ext == "xls"
                ? "an Excel 97-2003 workbook (.xls) is not read: save it as an Excel workbook (.xlsx) and load that"
                : "it is named .\(ext) but is not an Excel workbook (one is a zip package; this file is not): save it again from Excel or LibreOffice as .xlsx")
        }
        do {
            if isWorkbook(bytes) { return try PlanningWorkbook.loadWithWarnings(bytes) }
            let model = try ModelLoader.load(bytes: bytes)
            return (model, model.implausibleRates())
        } catch let e as ModelError {
            throw Failure(description: e.description)
        } catch let e as WorkbookError {
            throw Failure(description: e.description)
        }
    }
}
