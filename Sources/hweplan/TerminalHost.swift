#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditShim
import PlanLanguage
import PlanSession
import PlanSupport

/// The session's window on the world: standard output and error, files, the clock, Enter and Ctrl-C.
final class TerminalHost: Host {
    private var out: [UInt8] = []
    let stderrIsTerminal = isatty(2) == 1
    private var progressShown = false
    private var progressStart: Double?
    private var progressLast = -1
    /// Reads a line for `pause` in step mode when standard input is not a terminal.
    var readLine: () -> String? = { Swift.readLine(strippingNewline: true) }
    /// At a terminal, a pause reads with line editing (arrows, this run's pause lines as history, Tab), as the
    /// prompt does: made at the first pause. `pauseCompletion` is the prompt's completion.
    private var pauseEditor: LineEditor?
    var pauseCompletion: ((String, Int) -> PlanLanguage.Completion.Result)?

    /// Set when a write to standard output failed (a full disk, /dev/full, a closed pipe): the run then
    /// exits 1, since its results were not written.
    private(set) var writeFailure: String?
    /// Set when Ctrl-C stopped something; a script run then exits 130.
    private(set) var sawInterrupt = false

    /// The largest file a statement or the command line reads (scripts, models, actuals).
    static let maxFileBytes = 64 << 20

    /// At the prompt, long output goes through a pager like psql's: $PAGER, else `less -FRX`; never when
    /// standard output is not a terminal. Nil when there is none.
    var pager: String?
    /// While a prompt entry runs its output is held, so that it can be paged as a whole.
    private var holding = false

    /// Whether the program's own styles may reach the terminal (colour is on); every other control
    /// character is shown, not sent (`InertText`).
    var keepingStyles = false

    func write(_ text: String) {
        out.append(contentsOf: InertText.inert(text, keepingStyles: keepingStyles).utf8)
        // Each result goes out when it is made (a run stopped by SIGTERM or a CI timeout keeps what it printed),
        // unless the prompt holds an entry for the pager.
        if !holding { flush() }
    }

    func beginEntry() { holding = pager != nil }

    /// Ends a prompt entry: output longer than the terminal goes through the pager, the rest is written.
    func endEntry() {
        holding = false
        guard let pager, !out.isEmpty else { flush(); return }
        var size = winsize()
        let rows = ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_row > 0 ? Int(size.ws_row) : 24
        let lines = out.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        // Lines typed ahead (a paste of several statements) would be read by the pager as its commands, and
        // lost to the prompt: with input waiting, the output is written whole instead.
        var waiting: Int32 = 0
        if ioctl(0, UInt(FIONREAD), &waiting) == 0, waiting > 0 { flush(); return }
        guard lines >= rows - 1, let pipe = popen(pager, "w") else { flush(); return }
        signal(SIGPIPE, SIG_IGN)
        _ = out.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, pipe) }
        pclose(pipe)
        out.removeAll(keepingCapacity: true)
    }

    func flush() {
        guard !out.isEmpty else { return }
        out.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    if writeFailure == nil { writeFailure = String(cString: strerror(errno)) }
                    break
                }
                offset += n
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    func writeError(_ text: String) {
        flush()
        clearProgress()
        fputs(InertText.inert(text, keepingStyles: keepingStyles), stderr)
        fflush(stderr)
    }

    /// Reads a regular file of bounded size; a device, a FIFO or a directory is refused, and Ctrl-C stops
    /// a long read. The file is opened without blocking, so a FIFO with no writer cannot hang the open.
    func readFile(_ path: String) throws -> [UInt8] { try TerminalHost.readRegularFile(path, limit: Self.maxFileBytes) }

    /// The one bounded reader of the program (statements, the command line, session journals).
    static func readRegularFile(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw HostError(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw HostError(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw HostError("it is a directory, not a file")
        case S_IFIFO: throw HostError("it is a pipe (FIFO), not a regular file")
        case S_IFCHR, S_IFBLK: throw HostError("it is a device, not a regular file")
        default: throw HostError("it is not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw HostError("it is \(Int(info.st_size) >> 20) MiB; files up to \(limit >> 20) MiB are read")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if hw_sigint_pending() != 0 { throw HostError("interrupted (Ctrl-C)") }
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw HostError(String(cString: strerror(errno))) }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > limit { throw HostError("it grew past \(limit >> 20) MiB while being read") }
        }
        return bytes
    }

    /// Writes through a temporary file created exclusively, with an unpredictable name, beside the target;
    /// keeps the target's permissions; syncs the file and its directory; leaves nothing behind on failure.
    /// Saving onto a symbolic link writes the file it points to.
    func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws {
        // A line break in a name splits every listing of it (and the confirmation read as another file).
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw HostError("its name holds a line break or another control character; choose a name without one")
        }
        // A link into /proc (/dev/stdout, /dev/fd/N) names an open stream: renaming over the file it points
        // to would leave the stream writing to a file no one can see.
        var hop = path
        for _ in 0..<8 {
            if hop.hasPrefix("/proc/") || hop.hasPrefix("/dev/fd/") { throw HostError("it is under /proc or /dev/fd (the system's own files and open streams such as standard output); write to a file elsewhere") }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(hop, &buffer, buffer.count - 1)
            guard n > 0 else { break }
            let next = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            hop = next.hasPrefix("/") ? next : hop.lastIndex(of: "/").map { String(hop[...$0]) + next } ?? next
        }
        // Only a regular file is replaced: a rename over /dev/stdout, a device or a pipe would turn it into a
        // file (stat follows links, so /dev/stdout is judged by what it points to).
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT != S_IFREG {
            throw HostError("it is not a regular file (a device, a pipe or a folder); write to a file")
        }
        var target = path
        var link = stat()
        if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = realpath(path, nil) else { throw HostError(String(cString: strerror(errno))) }
            target = String(cString: resolved)
            free(resolved)
        }
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[..<$0]).isEmpty ? "/" : String(target[..<$0]) } ?? "."
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        Self.removeLeftoverTemporaries(in: directory)
        // The temporary's name fits within NAME_MAX (255 bytes) whatever the target's: its base is cut short,
        // at a character boundary, where the target's own name is long.
        var short = ""
        for c in base where short.utf8.count + String(c).utf8.count <= 255 - Self.temporarySuffix.utf8.count - 1 { short.append(c) }
        var template = Array((directory + "/." + short + Self.temporarySuffix).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw HostError(String(cString: strerror(errno))) }
        let temporary = String(cString: template)
        var mode: mode_t
        var owner: (uid_t, gid_t)?
        if stat(target, &existing) == 0 {
            // A file its owner made read-only is not replaced, even with `replace` (the rename would allow it).
            if access(target, W_OK) != 0 || (getuid() == 0 && existing.st_mode & 0o222 == 0) {
                close(fd); unlink(String(cString: template))
                throw HostError("it is read-only; make it writable first (chmod u+w) if it is to be replaced")
            }
            mode = existing.st_mode & 0o7777
            owner = (existing.st_uid, existing.st_gid)
        } else {
            let mask = umask(0); umask(mask)
            mode = 0o666 & ~mask
        }
        var failure: String?
        var offset = 0
        while offset < bytes.count, failure == nil {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { failure = String(cString: strerror(errno)) } else { offset += n }
        }
        if failure == nil, fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        // Run as root, the replacement keeps the old file's owner too (another user's file stays theirs).
        if failure == nil, getuid() == 0, let (uid, gid) = owner, uid != 0 || gid != 0 { _ = fchown(fd, uid, gid) }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw HostError(failure)
        }
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { _ = fsync(dirfd); close(dirfd) }
    }

    static let temporarySuffix = ".hweplan-XXXXXX"

    /// Temporaries a killed write left behind (`.NAME.hweplan-XXXXXX`, older than ten minutes, so that
    /// another hweplan's write under way is left alone) are removed on the next write to their folder.
    static func removeLeftoverTemporaries(in directory: String) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        let now = time(nil)
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix("."), name.count > 15, name.dropLast(6).hasSuffix(".hweplan-") else { continue }
            var info = stat()
            let path = directory + "/" + name
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, now - info.st_mtim.tv_sec > 600 else { continue }
            unlink(path)
        }
    }

    func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    func today() -> String {
        var t = time(nil)
        if let epoch = getenv("SOURCE_DATE_EPOCH").flatMap({ Int(String(cString: $0)) }) { t = time_t(epoch) }
        var tm = tm()
        gmtime_r(&t, &tm)
        var buffer = [Int8](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%d", &tm)
        return String(cString: buffer)
    }

    func atPause() -> PauseAnswer {
        // In step mode each step's output is one entry: longer than the screen, it goes through the pager
        // (a screen at a time) before the pause, so the trainer's table does not scroll away.
        endEntry()
        defer { beginEntry() }
        fputs("-- Enter goes on, q stops, or type a statement to run it here --\n", stderr)
        let line: String
        if isatty(0) == 1 {
            // Ctrl-C and Ctrl-D stop the demonstration, as q does.
            let editor = pauseEditor ?? LineEditor(historyPath: nil)
            if pauseEditor == nil, let pauseCompletion { editor.complete = pauseCompletion }
            pauseEditor = editor
            switch editor.read(prompt: "pause> ") {
            case .text(let text): line = text; editor.remember(text)
            case .interrupted:
                // Ctrl-C stops the demonstration as q does, and a script stopped by Ctrl-C exits 130.
                hw_sigint_clear()
                sawInterrupt = true
                return .stop
            case .endOfFile:
                // The note that follows starts on a line of its own, not after the terminal's '^D'.
                fputs("\n", stderr)
                return .stop
            }
        } else {
            // A demonstration fed from a file or a pipe runs on at its end.
            guard let text = readLine() else { return .goOn }
            line = text
        }
        let answer = line.trimmingCharacters()
        return answer.isEmpty ? .goOn : ["q", "quit"].contains(answer.lowercased()) ? .stop : .statement(answer)
    }

    var interrupted: Bool { hw_sigint_pending() != 0 }
    func clearInterrupt() {
        if hw_sigint_pending() != 0 { sawInterrupt = true }
        hw_sigint_clear()
    }
    /// At the prompt Ctrl-C only cancels what runs; a fresh line starts with no interrupt remembered.
    func forgetInterrupt() { sawInterrupt = false }

    func progress(_ message: String, fraction: Double) {
        guard stderrIsTerminal else { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let seconds = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        if fraction >= 1 { clearProgress(); progressStart = nil; progressLast = -1; return }
        if progressStart == nil { progressStart = seconds }
        guard seconds - progressStart! >= 0.5, Int(fraction * 100) != progressLast else { return }
        progressLast = Int(fraction * 100)
        fputs("\r\(message) \(progressLast)%  (Ctrl-C cancels)", stderr)
        fflush(stderr)
        progressShown = true
    }

    private func clearProgress() {
        if progressShown { fputs("\r\u{1B}[K", stderr); progressShown = false }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
