import Foundation
import PlanSupport

/// The file names Tab offers inside a statement's quotes (`run "sc⇥`): the entries of the folder the partial
/// path names that begin with its last part, folders with a `/`. Hidden entries only when the part begins
/// with `.`. (`~` is not expanded: statements read a file name as written.) A name a terminal would not show
/// as typed (a control or bidi character) is left out: it could not be inserted faithfully.
enum FileNames {
    static let limit = 500

    static func matching(_ partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folderAsTyped = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let folder = folderAsTyped.isEmpty ? "." : folderAsTyped
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var out: [String] = []
        for name in entries.sorted() where name.hasPrefix(prefix) && (prefix.hasPrefix(".") || !name.hasPrefix(".")) {
            if name.unicodeScalars.contains(where: InertText.isUnsafe) { continue }
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            out.append(folderAsTyped + name + (isFolder.boolValue ? "/" : ""))
            if out.count == limit { break }
        }
        return out
    }
}
