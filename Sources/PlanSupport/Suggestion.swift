/// Did-you-mean suggestions by edit distance, shared by the model loader and the language.
public enum Suggestion {
    /// The Levenshtein distance between two strings, by Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The closest candidate to `word`, if it is close enough to be a plausible typo:
    /// within a third of the word's length (at least 1, at most 3) edits, or a unique prefix match.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        // Initials first: 'hle' is healthy-life-expectancy, not the nearer-spelt 'hct'.
        if lowered.count >= 2 {
            let initials = candidates.filter { c in
                String(c.lowercased().split(whereSeparator: { $0 == "-" || $0 == "." }).compactMap(\.first)) == lowered
            }
            if initials.count == 1 { return initials[0] }
        }
        let limit = max(1, min(3, lowered.count / 3 + 1))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(lowered, candidate.lowercased())
            if d <= limit, best == nil || d < best!.distance { best = (candidate, d) }
        }
        if let best { return best.name }
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(lowered) || lowered.hasPrefix($0.lowercased()) }
        if prefixed.count == 1 { return prefixed[0] }
        // A part of a dotted id on its own: 'falls' is prevention.falls.
        let parts = candidates.filter { $0.lowercased().split(separator: ".").dropFirst().contains { $0 == lowered } }
        return parts.count == 1 ? parts[0] : nil
    }

    /// A short list of names for a note, cut with an ellipsis after `limit` names.
    public static func list(_ names: [String], limit: Int = 8) -> String {
        if names.count <= limit { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + ", …"
    }
}
