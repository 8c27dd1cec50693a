#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditShim
import PlanSession

/// The session's window on the world: standard output and error, files, the clock, Enter and Ctrl-C.
final class TerminalHost: Host {
    private var out: [UInt8] = []
    let stderrIsTerminal = isatty(2) == 1
    private var progressShown = false
    private var progressStart: Double?
    private var progressLast = -1
    /// Reads a line for `pause` in step mode.
    var readLine: () -> String? = { Swift.readLine(strippingNewline: true) }

    func write(_ text: String) {
        out.append(contentsOf: text.utf8)
        if out.count > 1 << 16 { flush() }
    }

    func flush() {
        guard !out.isEmpty else { return }
        out.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    func writeError(_ text: String) {
        flush()
        clearProgress()
        fputs(text, stderr)
        fflush(stderr)
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw HostError(String(cString: strerror(errno))) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(f) != 0 { throw HostError(String(cString: strerror(errno))) }
                break
            }
        }
        return bytes
    }

    func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let f = fopen(temporary, "wb") else { throw HostError(String(cString: strerror(errno))) }
        let written = bytes.isEmpty ? 0 : fwrite(bytes, 1, bytes.count, f)
        let flushed = fflush(f) == 0 && fsync(fileno(f)) == 0
        fclose(f)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw HostError(why)
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

    func waitForEnter() -> Bool {
        flush()
        fputs("-- press Enter to go on, q then Enter to stop --\n", stderr)
        guard let line = readLine() else { return true }
        return line.trimmingCharacters() != "q"
    }

    var interrupted: Bool { hw_sigint_pending() != 0 }
    func clearInterrupt() { hw_sigint_clear() }

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
