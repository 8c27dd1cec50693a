/// A short content hash of a model (FNV-1a 64 over its saved form), for script headers and exports.
public enum ModelHash {
    public static func hex(_ model: Model) -> String { fnv(ModelWriter.json(model)) }

    /// The actuals a session holds (the model's, or those `actuals load` read), as a hash of their sorted
    /// entries: a board report records it, so `verify` can say when the actuals differ.
    public static func hex(_ actuals: Actuals) -> String {
        fnv(actuals.values.map { key, value in "\(key.year),\(key.place.map(String.init) ?? ""),\(key.item),\(value)" }.sorted()
            .joined(separator: "\n"))
    }

    /// FNV-1a 64 of the text's UTF-8, as 16 hex digits.
    static func fnv(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
