import PlanSupport

/// What made a result, carried by every export and, with `--provenance`, every JSON result (issue 26): the
/// version of hweplan, the model and its content hash, the hash of the scenarios' statements, and the Monte
/// Carlo seed and draws where there are any. The same inputs give the same provenance: it holds no clock.
public struct Provenance: Equatable, Sendable {
    public var version: String, model: String, modelHash: String, scriptHash: String
    public var seed: UInt64?, draws: Int?

    public init(version: String, model: String, modelHash: String, scriptHash: String, seed: UInt64? = nil, draws: Int? = nil) {
        self.version = version; self.model = model; self.modelHash = modelHash; self.scriptHash = scriptHash
        self.seed = seed; self.draws = draws
    }

    /// FNV-1a of each scenario's name and statements, one per line: the same scenarios give the same hash
    /// whichever file or prompt they were typed at (the board report's script hash).
    public static func scriptHash(_ scenarios: [(name: String, statements: [String])]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for s in scenarios {
            for b in (s.name + "\n" + s.statements.joined(separator: "\n")).utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// `{"hweplan":…,"modelHash":…,"scriptHash":…}` with `seed` and `draws` where there are any.
    public var json: String {
        "{\"hweplan\":\(JSONText.quote(version)),\"modelHash\":\(JSONText.quote(modelHash)),\"scriptHash\":\(JSONText.quote(scriptHash))"
            + (seed.map { ",\"seed\":\($0)" } ?? "") + (draws.map { ",\"draws\":\($0)" } ?? "") + "}"
    }

    /// One line each, for a CSV's comment lines, a Markdown list or a workbook's parameters.
    public var lines: [(String, String)] {
        [("hweplan", version), ("model", model), ("model content hash", modelHash), ("script hash", scriptHash)]
            + (seed.map { s in [("Monte Carlo", "\(draws.map { NumberFormat.count($0) + " draws, " } ?? "")seed \(s)")] } ?? [])
    }

    /// A one-object JSON result with the provenance added as its last key; other text unchanged.
    public func stamped(_ json: String) -> String {
        var body = Substring(json)
        var tail = ""
        while body.last == "\n" { body = body.dropLast(); tail += "\n" }
        guard body.first == "{", body.last == "}", !body.contains("\n"), !body.contains("\"provenance\":") else { return json }
        return String(body.dropLast()) + (body.count > 2 ? "," : "") + "\"provenance\":" + self.json + "}" + tail
    }
}
