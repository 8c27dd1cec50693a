/// The id rule: lower-case words (letters and digits) joined by single '-' or '.'.
public enum Identifier {
    public static func isValid(_ s: String) -> Bool {
        var previousWasSeparator = true
        for ch in s.unicodeScalars {
            switch ch {
            case "a"..."z", "0"..."9": previousWasSeparator = false
            case "-", ".":
                if previousWasSeparator { return false }
                previousWasSeparator = true
            default: return false
            }
        }
        return !s.isEmpty && !previousWasSeparator
    }
}
