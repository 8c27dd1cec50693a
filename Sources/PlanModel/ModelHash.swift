/// A short content hash of a model (FNV-1a 64 over its saved form), for script headers and exports.
public enum ModelHash {
    public static func hex(_ model: Model) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in ModelWriter.json(model).utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
