import PlanModel
import PlanWorkbook

/// A model file as `model load` and `--model` read it: JSON, or a planning workbook (.xlsx, a ZIP package),
/// told apart by their first bytes.
public enum ModelFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) }

    public static func load(_ bytes: [UInt8]) throws -> Model {
        do {
            return isWorkbook(bytes) ? try PlanningWorkbook.load(bytes) : try ModelLoader.load(bytes: bytes)
        } catch let e as ModelError {
            throw Failure(description: e.description)
        } catch let e as WorkbookError {
            throw Failure(description: e.description)
        }
    }
}
