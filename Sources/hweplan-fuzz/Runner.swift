#if canImport(Glibc)
import Glibc
#endif

// Built with `make fuzz` (-sanitize=fuzzer -DFUZZING), libFuzzer supplies main() and calls this entry point.
// Built plainly, this is a corpus runner: it replays the files or folders given (the committed corpus in
// the test suite, or a crash found by a fuzzing run) through the same harness.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Harness.run(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if FUZZING
/// libFuzzer's driver, linked in by -sanitize=fuzzer: it parses libFuzzer's own flags and runs the loop.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif

@main
enum Runner {
    static var count = 0

    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
        #else
        for path in CommandLine.arguments.dropFirst() { replay(path) }
        print("replayed \(count) inputs with no crash (harness \(Harness.mode))")
        #endif
    }

    static func replay(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { fputs("cannot read \(path)\n", stderr); exit(2) }
        if info.st_mode & S_IFMT == S_IFDIR {
            guard let dir = opendir(path) else { exit(2) }
            var names: [String] = []
            while let e = readdir(dir) {
                // The name read in place, up to its NUL: a record can end before d_name's full 256 bytes, so
                // copying the field (as `e.pointee.d_name` does) read past the directory buffer (AddressSanitizer).
                let name = String(cString: UnsafeRawPointer(e).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                    .assumingMemoryBound(to: CChar.self))
                if !name.hasPrefix(".") { names.append(name) }
            }
            closedir(dir)
            for name in names.sorted() { replay(path + "/" + name) }
            return
        }
        guard let f = fopen(path, "rb") else { exit(2) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true { let n = fread(&buffer, 1, buffer.count, f); if n <= 0 { break }; bytes.append(contentsOf: buffer[0..<n]) }
        fclose(f)
        _ = bytes.withUnsafeBufferPointer { fuzzOne($0.baseAddress, $0.count) }
        count += 1
    }
}
