#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import PlanSupport

/// hweplan: the command line, then one Program run; its result is the exit status.
enum Main {
    static func main() -> Int32 {
        // Swift decodes argv with replacement characters; statements given with -c must be real UTF-8.
        for i in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[i] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw))
            if String(validating: bytes, as: UTF8.self) == nil {
                fputs("error: argument \(i) is not UTF-8 text\n", stderr)
                return 2
            }
        }
        let arguments: Arguments
        do {
            arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            let code = Arguments.exitCode(for: error)
            if code == .success {
                print(Arguments.helpMessage(columns: nil))
                return 0
            }
            // Like every other diagnostic: "error: " and what was wrong, then where to read more.
            var message = Arguments.message(for: error)
            if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
                message = first.lowercased() + message.dropFirst()
            }
            message = message.replacingOccurrences(of: ". Did you mean", with: "; did you mean")
            fputs("error: \(message)\n", stderr)
            fputs("run 'hweplan --help' for usage\n", stderr)
            return 2
        }
        if arguments.version { print("hweplan \(Arguments.version)"); return 0 }
        guard let format = OutputFormat(rawValue: arguments.format) else {
            fputs("error: unknown format '\(arguments.format)': expected \(wordList(OutputFormat.allCases))\n", stderr)
            return 2
        }
        if arguments.step != nil, !arguments.files.isEmpty || !arguments.c.isEmpty {
            fputs("error: --step runs one script on its own; give the others with 'run' inside it\n", stderr)
            fputs("run 'hweplan --help' for usage\n", stderr)
            return 2
        }
        return Program(arguments: arguments, format: format).run()
    }
}

exit(Main.main())
