import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built binary on a real pseudo-terminal: type keys, read what the program draws.
/// Rules that keep it reliable (docs/DECISIONS.md, "At the prompt and on the terminal"): a new session for the child, wait for the prompt and for
/// ICANON to go off before typing, ttyname_r, close-on-exec, a lock around spawning, a per-test HOME.
final class Terminal {
    private static let spawnLock = NSLock()
    let master: Int32
    let slave: Int32
    let pid: pid_t
    /// Everything the program wrote, decoded whole (a character may arrive split across two reads).
    private var raw: [UInt8] = []
    var screen: String { String(decoding: raw, as: UTF8.self) }

    /// `standardOutput`: a file standard output goes to instead of the terminal (`hweplan > FILE`, as under
    /// `hweplan | tee log`); standard input and error stay on the terminal.
    init(arguments: [String] = [], environment: [String: String], columns: UInt16 = 100, rows: UInt16 = 40,
         standardOutput: String? = nil, directory: String? = nil) throws {
        var m: Int32 = 0, s: Int32 = 0
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
        master = m; slave = s
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        for fd: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        if let standardOutput { posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        // The folder it starts in (glibc 2.29 and later).
        if let directory, let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") {
            typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
            _ = unsafeBitCast(symbol, to: AddChdir.self)(&actions, directory)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        // POSIX_SPAWN_SETSID (0x80): a new session, as a terminal gives; SETSIGMASK (0x08) and SETSIGDEF (0x04):
        // no blocked signals and default dispositions, as a shell gives (the test runner blocks many).
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, 0x80 | 0x08 | 0x04)
        var env = ["PATH=/usr/bin:/bin", "TERM=xterm", "LANG=C.UTF-8", "SWIFT_BACKTRACE=interactive=no"]
        // A sanitizer build passes its options on (make sanitize turns leak checks off).
        if let asan = ProcessInfo.processInfo.environment["ASAN_OPTIONS"] { env.append("ASAN_OPTIONS=" + asan) }
        // No pager unless a test asks for one (less would wait for a key).
        if environment["PAGER"] == nil { env.append("PAGER=") }
        env += environment.map { "\($0.key)=\($0.value)" }
        let argv = [Binary.path] + arguments
        var child: pid_t = 0
        let status: Int32 = Terminal.spawnLock.withLock {
            withCStrings(argv) { cargv in withCStrings(env) { cenv in posix_spawn(&child, Binary.path, &actions, &attributes, cargv, cenv) } }
        }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        guard status == 0 else { throw POSIXError(.ECHILD) }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, WNOHANG)
        close(master); close(slave)
    }

    /// Reads what the program writes until `text` appears (after `since` characters of screen) or time runs out.
    @discardableResult
    func waitFor(_ text: String, since: Int = 0, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.count > since, screen.dropFirst(since).contains(text) { return true }
            pump(0.05)
        }
        return false
    }

    /// Waits for the prompt and for libedit to have put the terminal in raw mode, so keys are not cooked.
    func waitForPrompt(_ prompt: String, since: Int = 0) -> Bool {
        guard waitFor(prompt, since: since) else { return false }
        let deadline = Date().addingTimeInterval(5)
        var t = termios()
        while Date() < deadline {
            if tcgetattr(slave, &t) == 0, t.c_lflag & tcflag_t(ICANON) == 0 { return true }
            pump(0.01)
        }
        return false
    }

    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func pump(_ seconds: Double) {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        if poll(&fds, 1, Int32(seconds * 1000)) > 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(master, &buffer, buffer.count)
            if n > 0 { raw += buffer[0..<n] }
        }
    }

    enum Leaving: Equatable { case noPrompt, stillRunning, leftWithStatus(Int32) }

    /// Waits for the prompt (and raw mode) after `since`, types Ctrl-D and waits for the exit.
    func leave(at prompt: String, since: Int) -> Leaving {
        guard waitForPrompt(prompt, since: since) else { return .noPrompt }
        let mark = screen.count
        type("\u{4}")
        // With unsaved scenarios the shell says so once and asks again: the second Ctrl-D leaves.
        if waitFor("not saved", since: mark, timeout: 0.5) {
            _ = waitForPrompt(prompt, since: mark)
            type("\u{4}")
        }
        return exitStatus().map(Leaving.leftWithStatus) ?? .stillRunning
    }

    /// Waits for the program to exit and returns its status.
    func exitStatus(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            pump(0.02)
            if waitpid(pid, &status, WNOHANG) == pid {
                // What it wrote just before leaving may still be in the terminal.
                var before = -1
                while before != screen.count { before = screen.count; pump(0.05) }
                return (status >> 8) & 0xFF
            }
        }
        return nil
    }
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
