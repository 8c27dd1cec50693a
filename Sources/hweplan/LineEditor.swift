#if canImport(Glibc)
import Glibc
#endif
import CEditShim
import PlanLanguage

/// libedit, through the small C shim: emacs keys, history, Tab completion, Ctrl-C clears the line.
/// The only global state is in the shim (the prompt text and the interrupt flags); the completion
/// callback finds this object through libedit's client data.
final class LineEditor {
    enum Line { case text(String), interrupted, endOfFile }

    private let el: OpaquePointer
    private let history: OpaquePointer?
    private let historyPath: String?
    private var warnedHistory = false
    /// False when the history file exists but is not one hweplan wrote (or cannot be read): it is then
    /// never overwritten, and this session's lines are kept in memory only.
    private var mayWriteHistory = true
    /// Completion for (line, cursor in scalars): where the word starts, what was typed, the candidates.
    var complete: (String, Int) -> Completion.Result = { _, c in Completion.Result(start: c, partial: "", candidates: []) }
    var warn: (String) -> Void = { fputs("warning: \($0)\n", stderr) }

    init(historyPath: String?) {
        el = hw_el_init("hweplan")
        self.historyPath = historyPath
        history = hw_history_init(1000)
        hw_el_set_editor(el, "emacs")
        hw_el_use_prompt(el)
        hw_el_set_signal(el, 1)
        if let history { hw_el_set_history(el, history) }
        _ = hw_el_source(el)
        hw_el_raw_keys(el)
        hw_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        hw_el_add_fn(el, "hw-complete", "complete a statement, name or year", { el, _ in
            guard let el, let data = hw_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeKey()
        })
        hw_el_add_fn(el, "hw-interrupt", "clear the line", hw_key_interrupt)
        hw_el_add_fn(el, "hw-suspend", "suspend hweplan", hw_key_suspend)
        hw_el_bind(el, "^I", "hw-complete")
        hw_el_bind(el, "^C", "hw-interrupt")
        hw_el_bind(el, "^Z", "hw-suspend")
        for key in ["\\e[1~", "\\e[7~", "\\e[H", "\\eOH"] { hw_el_bind(el, key, "ed-move-to-beg") }
        for key in ["\\e[4~", "\\e[8~", "\\e[F", "\\eOF"] { hw_el_bind(el, key, "ed-move-to-end") }
        hw_el_bind(el, "\\e[3~", "ed-delete-next-char")
        loadHistory()
    }

    deinit {
        hw_el_end(el)
        if let history { hw_history_end(history) }
    }

    func read(prompt: String) -> Line {
        hw_set_prompt_text(prompt)
        var count: Int32 = 0
        let raw = hw_el_gets(el, &count)
        if hw_take_line_interrupt() != 0 {
            fputs("^C\n", stdout); fflush(stdout)
            return .interrupted
        }
        guard let raw else {
            if count == 0 { return .endOfFile }
            return .interrupted
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .text(line)
    }

    /// Adds an entry and writes the history through a temporary file and a rename, so a kill loses nothing and
    /// a crash never leaves half a file. What is written is the file as it is now with this entry added: two
    /// shells with one history keep each other's lines (each keeps its own list for the arrow keys). Failures
    /// warn once.
    func remember(_ entry: String) {
        var text = entry
        while text.last == " " { text.removeLast() }
        guard let history, !text.isEmpty else { return }
        _ = hw_history_enter(history, text)
        guard let historyPath, mayWriteHistory, let merged = hw_history_init(1000) else { return }
        defer { hw_history_end(merged) }
        if access(historyPath, F_OK) == 0, !(Self.isOurs(historyPath) && hw_history_load(merged, historyPath) >= 0) {
            mayWriteHistory = false
            warn("the history file \(historyPath) was replaced by one hweplan did not write; it is left as it is, and this session's lines are not kept")
            return
        }
        _ = hw_history_enter(merged, text)
        // An unpredictable, exclusively created temporary file beside the history, then a rename.
        var template = Array((historyPath + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let temporary = fd >= 0 ? String(cString: template) : historyPath + ".tmp"
        if fd >= 0 { close(fd) }
        if fd < 0 || hw_history_save(merged, temporary) < 0 || rename(temporary, historyPath) != 0 {
            unlink(temporary)
            if !warnedHistory { warn("cannot write the history file \(historyPath); this session's lines will not be kept") }
            warnedHistory = true
        }
    }

    /// Whether a history file is one hweplan wrote: a regular file, empty or starting with libedit's header.
    static func isOurs(_ path: String) -> Bool {
        var header = [UInt8](repeating: 0, count: 12)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        var info = stat()
        let readable = fd >= 0 && fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        let n = readable ? Glibc.read(fd, &header, 12) : -1
        if fd >= 0 { close(fd) }
        return readable && (info.st_size == 0 || (n == 12 && String(decoding: header, as: UTF8.self) == "_HiStOrY_V2_"))
    }

    private func loadHistory() {
        guard let history, let historyPath else { return }
        guard access(historyPath, F_OK) == 0 else { return }
        // libedit's history files start with this line; a file without it was not written by hweplan.
        if !Self.isOurs(historyPath) || hw_history_load(history, historyPath) < 0 {
            mayWriteHistory = false
            warn("the history file \(historyPath) cannot be read or was not written by hweplan; it is left as it is, and this session's lines are not kept")
        }
    }

    private func completeKey() -> UInt8 {
        var length: Int32 = 0, cursor: Int32 = 0
        guard let buffer = hw_el_line(el, &length, &cursor) else { return UInt8(CC_ERROR) }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(length))
        let line = String(decoding: bytes, as: UTF8.self)
        let before = String(decoding: bytes.prefix(Int(cursor)), as: UTF8.self)
        let result = complete(line, before.unicodeScalars.count)
        if result.candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
        if let rest = result.completion { return hw_insert(rest) ? UInt8(CC_REFRESH) : UInt8(CC_ERROR) }
        let common = result.commonExtension
        if !common.isEmpty { return hw_insert(common) ? UInt8(CC_REFRESH) : UInt8(CC_ERROR) }
        let fp = hw_el_outfp(el)
        fputs("\n" + layout(result.shown) + "\n", fp)
        fflush(fp)
        return UInt8(CC_REDISPLAY)
    }

    private func hw_insert(_ text: String) -> Bool { el_insertstr(el, text) == 0 }

    private func layout(_ words: [String]) -> String {
        let width = max(20, Int(hw_terminal_width(1)) == 0 ? 80 : Int(hw_terminal_width(1)))
        let column = (words.map(\.count).max() ?? 1) + 2
        let perLine = max(1, width / column)
        var lines: [String] = []
        for start in stride(from: 0, to: words.count, by: perLine) {
            lines.append(words[start..<min(words.count, start + perLine)].map { $0 + String(repeating: " ", count: column - $0.count) }.joined())
        }
        return lines.map { var l = $0; while l.last == " " { l.removeLast() }; return l }.joined(separator: "\n")
    }
}
