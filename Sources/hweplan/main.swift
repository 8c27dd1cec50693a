#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CEditShim
import PlanLanguage
import PlanModel
import PlanRender
import PlanSession

/// hweplan: parse the command line, load the model, then run scripts, statements or the prompt.
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
            fputs(Arguments.fullMessage(for: error) + "\n", stderr)
            fputs("run 'hweplan --help' for usage\n", stderr)
            return 2
        }
        if arguments.version { print("hweplan \(Arguments.version)"); return 0 }
        guard let format = OutputFormat(rawValue: arguments.format) else {
            fputs("error: unknown format '\(arguments.format)': expected table, json, csv or markdown\n", stderr)
            return 2
        }
        for file in arguments.files + (arguments.step.map { [$0] } ?? []) + (arguments.model.map { [$0] } ?? []) {
            var info = stat()
            if stat(file, &info) != 0 || access(file, R_OK) != 0 {
                fputs("error: cannot read '\(file)': \(String(cString: strerror(errno)))\n", stderr)
                return 2
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                fputs("error: '\(file)' is a directory, not a file\n", stderr)
                return 2
            }
        }

        let host = TerminalHost()
        defer { host.flush() }
        let model: Model
        do {
            if let path = arguments.model {
                guard access(path, R_OK) == 0 else {
                    fputs("error: cannot read model file '\(path)': \(String(cString: strerror(errno)))\n", stderr)
                    return 2
                }
                model = try ModelLoader.load(bytes: try host.readFile(path))
            } else {
                model = try ModelLoader.load(json: DefaultModel.json)
            }
        } catch let e as ModelError {
            fputs("error: \(arguments.model ?? "built-in model"): \(e)\n", stderr)
            return 1
        } catch {
            fputs("error: \(arguments.model ?? "built-in model"): \(error)\n", stderr)
            return 1
        }

        // libedit drops non-ASCII characters unless the C library knows the locale is UTF-8.
        if setlocale(LC_CTYPE, "") == nil || !String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF") {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        let stdinTerminal = isatty(0) == 1, stdoutTerminal = isatty(1) == 1
        let term = HistoryPath.env("TERM") ?? ""
        let plain = arguments.noColor || getenv("NO_COLOR") != nil || term == "dumb"
        var options = Options()
        options.format = format
        options.keepGoing = arguments.keepGoing
        options.style = Style(color: stdoutTerminal && !plain, unicode: !plain)
        options.width = stdoutTerminal ? max(40, Int(hw_terminal_width(1))) : 80
        if options.width == 40 && hw_terminal_width(1) == 0 { options.width = 80 }
        hw_install_sigint()
        let session = Session(model: model, host: host, options: options)

        func runScript(_ path: String) -> RunStatus {
            guard let bytes = try? host.readFile(path) else {
                fputs("error: cannot read '\(path)'\n", stderr)
                return .failed
            }
            switch SourceFile.decode(bytes, name: path) {
            case .success(let source): return session.run(source, directory: session.directoryOf(path))
            case .failure(let d): host.writeError(d.rendered() + "\n"); return .failed
            }
        }

        if let step = arguments.step {
            session.options.step = true
            _ = runScript(step)
            host.flush()
            return session.hadFailure ? 1 : 0
        }
        // Scripts, then -c statements. The first failure stops them (unless --keep-going); with -i the
        // prompt still follows. `quit` ends everything, but a failure before it still makes the status 1.
        var quit = false
        scripts: do {
            for file in arguments.files {
                let status = runScript(file)
                if status == .quit { quit = true; break scripts }
                if status == .failed, !arguments.keepGoing { break scripts }
            }
            for (n, text) in arguments.c.enumerated() {
                let name = arguments.c.count == 1 ? "<command>" : "<command \(n + 1)>"
                let status: RunStatus
                switch SourceFile.decode(Array(text.utf8), name: name) {
                case .success(let source): status = session.run(source)
                case .failure(let d): host.writeError(d.rendered() + "\n"); status = .failed
                }
                if status == .quit { quit = true; break scripts }
                if status == .failed, !arguments.keepGoing { break scripts }
            }
        }
        let ranSomething = !arguments.files.isEmpty || !arguments.c.isEmpty
        if quit || (ranSomething && !arguments.i) { return session.hadFailure ? 1 : 0 }

        if stdinTerminal && stdoutTerminal {
            host.flush()
            let failedBefore = session.hadFailure
            let shell = Shell(session: session, host: host)
            _ = shell.run(banner: !ranSomething)
            // At the prompt mistakes are corrected as you go: leaving is status 0 unless a script failed first.
            return failedBefore ? 1 : 0
        }
        // Standard input that is not a terminal is a script: no banner, prompt or colour.
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(0, &buffer, buffer.count)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        switch SourceFile.decode(bytes, name: "<stdin>") {
        case .success(let source):
            _ = session.run(source)
            return session.hadFailure ? 1 : 0
        case .failure(let d):
            host.writeError(d.rendered() + "\n")
            return 1
        }
    }
}

exit(Main.main())
