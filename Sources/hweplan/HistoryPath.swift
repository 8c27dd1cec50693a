#if canImport(Glibc)
import Glibc
#endif

/// Where the history lives: $HWEPLAN_HISTORY, else $XDG_STATE_HOME/hweplan/history, else
/// ~/.local/state/hweplan/history (HOME, or the password database when HOME is unset); nil when none.
enum HistoryPath {
    static func resolve() -> String? {
        if let explicit = env("HWEPLAN_HISTORY") { return explicit.isEmpty ? nil : explicit }
        return stateDirectory().map { $0 + "/history" }
    }

    /// hweplan's own folder for what it keeps between sessions: $XDG_STATE_HOME/hweplan, else
    /// ~/.local/state/hweplan (made if missing); nil when there is no home.
    static func stateDirectory() -> String? {
        var directory: String
        if let state = env("XDG_STATE_HOME"), state.hasPrefix("/") {
            directory = state + "/hweplan"
        } else if let home = env("HOME") ?? passwordHome() {
            directory = home + "/.local/state/hweplan"
        } else {
            return nil
        }
        makeDirectories(directory)
        while directory.hasSuffix("/") { directory.removeLast() }
        return directory
    }

    static func env(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty && name != "HWEPLAN_HISTORY" ? nil : s
    }

    static func passwordHome() -> String? {
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        let s = String(cString: dir)
        return s.isEmpty ? nil : s
    }

    /// Makes each missing folder of `path`, as given: a relative path stays relative (it once became absolute).
    static func makeDirectories(_ path: String) {
        var partial = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            partial += "/" + part
            mkdir(partial, 0o700)
        }
    }
}
