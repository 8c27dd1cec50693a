#if canImport(Glibc)
import Glibc
#endif

/// The session journal (docs/DECISIONS.md, "The program"): every statement that changes the session is appended
/// and synced before its result is shown, one record a line with its own checksum, so a torn last record
/// (a crash mid-write) is recognised and dropped. Each session writes its own file; `quit` removes it, so a
/// journal left behind is a session that ended some other way (a crash, a closed terminal, `kill -9`).
final class Journal {
    static let magic = "hweplan-journal 1"
    let path: String
    private var fd: Int32 = -1

    /// Where journals live: $HWEPLAN_JOURNAL_DIR, else in `journals/` of hweplan's state folder
    /// ($XDG_STATE_HOME/hweplan or ~/.local/state/hweplan), wherever $HWEPLAN_HISTORY points (a history of
    /// /tmp once made /journals); nil when there is nowhere to write (then nothing is kept).
    static func directory() -> String? {
        // A link to a folder is judged (and used) as the folder it points to.
        func resolved(_ dir: String) -> String {
            guard let real = realpath(dir, nil) else { return dir }
            defer { free(real) }
            return String(cString: real)
        }
        if let dir = HistoryPath.env("HWEPLAN_JOURNAL_DIR") { HistoryPath.makeDirectories(dir); return resolved(dir) }
        guard let state = HistoryPath.stateDirectory() else { return nil }
        let dir = state + "/journals"
        HistoryPath.makeDirectories(dir)
        return dir
    }

    /// Starts this session's journal for a model (its content hash ties a journal to the model it replays on).
    init?(directory: String, modelHash: String, date: String) {
        path = directory + "/session-\(getpid())-\(time(nil)).journal"
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return nil }
        header = "\(Journal.magic) model=\(modelHash) pid=\(getpid()) started=\(date)"
        headerWritten = append(raw: header) == nil
    }

    /// The first line; until it is on disk (a full disk at the start) it is written before the next record, so
    /// a journal is never left that recovery would not recognise.
    private var header = "", headerWritten = false

    /// While a journal is replayed, records are synced once at the end, not one by one.
    var deferSync = false

    /// The folder the last statement's relative paths resolved against, as journalled.
    private var lastDirectory: String?

    /// Appends one statement and syncs it to disk; the reason it could not be kept (a full disk, EIO), if so.
    /// `directory` (absolute) is where its relative paths resolve (a script's folder, or the shell's): a `D`
    /// record says so whenever it changes, so recovery reads the same files from wherever it is started.
    @discardableResult
    func append(_ statement: String, directory: String? = nil) -> String? {
        if !headerWritten {
            if let why = append(raw: header, sync: false) { return why }
            headerWritten = true
        }
        if let directory, directory != lastDirectory {
            // A folder's name may hold a line break or a carriage return: escaped, so a record stays one line.
            let escaped = Journal.escape(directory)
            if let why = append(raw: "D \(Journal.checksum(escaped)) \(escaped)", sync: false) { return why }
            lastDirectory = directory
        }
        return append(raw: "S \(Journal.checksum(statement)) \(statement)")
    }

    @discardableResult
    private func append(raw line: String, sync syncing: Bool = true) -> String? {
        guard fd >= 0 else { return "the journal is not open" }
        let bytes = Array((line + "\n").utf8)
        // A record cut short (the disk filled mid-write) is taken back, so the next one starts on a line of its own.
        let before = lseek(fd, 0, SEEK_END)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                let why = n == 0 ? "nothing was written" : String(cString: strerror(errno))
                if before >= 0 { _ = ftruncate(fd, before) }
                return why
            }
            offset += n
        }
        return deferSync || !syncing ? nil : sync()
    }

    /// Syncs what was appended; the reason it failed, if it did.
    @discardableResult
    func sync() -> String? { fdatasync(fd) == 0 ? nil : String(cString: strerror(errno)) }

    /// A clean end: the journal is no longer needed.
    func remove() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(path)
    }

    /// `%`, CR and LF as %25, %0D and %0A (a folder's name is the one field that may hold them).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }

    static func checksum(_ text: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in text.utf8 { h ^= UInt32(b); h = h &* 0x0100_0193 }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    /// A journal left by a session that ended without `quit`.
    struct Orphan {
        var path: String
        /// The content hash of the model it was journalled on.
        var model: String
        var started: String
        var statements: [String]
        /// For each statement, the folder its relative paths resolved against (nil in a journal without `D`
        /// records: the folder recovery starts in).
        var directories: [String?]
        /// The line of the first complete record that fails its checksum (recovery stops before it), if any.
        var corruptLine: Int?
    }

    /// Journals already recovered or declined that are kept (the newest); older ones are removed at start,
    /// so the folder stays bounded however many sessions end without quit.
    static let keptAside = 20

    /// Removes all but the newest `keptAside` journals set aside (`.recovered`, `.declined`) of this user.
    static func prune(_ directory: String) {
        guard trusted(directory), let dir = opendir(directory) else { return }
        var aside: [(path: String, time: Int)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            guard name.hasPrefix("session-"), name.hasSuffix(".journal.recovered") || name.hasSuffix(".journal.declined") else { continue }
            var info = stat()
            let path = directory + "/" + name
            guard lstat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & S_IFMT == S_IFREG else { continue }
            aside.append((path, Int(info.st_mtim.tv_sec)))
        }
        closedir(dir)
        for old in aside.sorted(by: { ($0.time, $0.path) > ($1.time, $1.path) }).dropFirst(keptAside) { unlink(old.path) }
    }

    /// The largest journal read back (some 100,000 statements); a larger file in the folder is not a journal.
    static let maxBytes = 16 << 20

    /// A file's first line (at most 256 bytes), read without reading the rest.
    static func header(of path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].prefix { $0 != 0x0A }, as: UTF8.self)
    }

    /// Whether a file or folder is one this user may trust: owned by them, and writable by no one else.
    static func trusted(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_uid == getuid() && info.st_mode & 0o022 == 0
    }

    /// Journals in `directory` whose session is no longer running, oldest first, on any model (each says
    /// which). Records after a torn or corrupt one are dropped.
    /// Journals another user owns or others may write to are never offered (they could replay anything);
    /// nor are any in a folder others may write to.
    static func orphans(in directory: String) -> [Orphan] {
        guard trusted(directory), let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var found: [Orphan] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            guard name.hasPrefix("session-"), name.hasSuffix(".journal") else { continue }
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = Int32(parts[1]) else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = directory + "/" + name
            // Cheap checks first: a stray file in the folder (however large) costs one stat and one short read.
            guard trusted(path), header(of: path)?.hasPrefix(magic) == true,
                  let bytes = try? TerminalHost.readRegularFile(path, limit: maxBytes) else { continue }
            // Split on the byte: a "\r\n" is one Character in Swift, and would join two records.
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if !lines.isEmpty { lines.removeLast() }   // "" after the final newline, or a torn last record
            guard let header = lines.first, header.hasPrefix(magic) else { continue }
            let model = header.split(separator: " ").first { $0.hasPrefix("model=") }.map { String($0.dropFirst(6)) } ?? "?"
            let started = header.split(separator: " ").first { $0.hasPrefix("started=") }.map { String($0.dropFirst(8)) } ?? "?"
            var statements: [String] = [], directories: [String?] = [], corrupt: Int?, directory: String?
            for (i, line) in lines.enumerated().dropFirst() {
                let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard fields.count == 3, fields[0] == "S" || fields[0] == "D", String(fields[1]) == checksum(String(fields[2])) else { corrupt = i + 1; break }
                if fields[0] == "D" { directory = Journal.unescape(String(fields[2])); continue }
                statements.append(String(fields[2]))
                directories.append(directory)
            }
            found.append(Orphan(path: path, model: model, started: started, statements: statements, directories: directories, corruptLine: corrupt))
        }
        // Oldest first by when each session started (the time in its name), not by name: pid 999999 sorts after 1000000.
        func started(_ o: Orphan) -> Int { Int(o.path.split(separator: "-").last?.split(separator: ".").first ?? "") ?? 0 }
        return found.sorted { (started($0), $0.path) < (started($1), $1.path) }
    }
}
