import Foundation
import Testing

/// Issue 25, through the binary as a finance lead uses it: Tests/HweplanTests/Xlsx/check_workbook.py writes the
/// template, edits it with openpyxl, re-saves it with LibreOffice, builds one from scratch and breaks it four
/// ways (its docstring lists what it checks).
@Suite struct WorkbookCommandTests {
    @Test func planningWorkbookOutAndBackIn() throws {
        let dir = Binary.temporaryDirectory()
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/bin/env"
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = (python.hasSuffix("env") ? ["python3"] : []) + [Binary.root + "/Tests/HweplanTests/Xlsx/check_workbook.py", Binary.path, dir]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        let problems = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(problems)")
    }

    /// `model template` keeps `replace`'s promise: a different file is not overwritten without it.
    @Test func templateRefusesToOverwrite() throws {
        let dir = Binary.temporaryDirectory()
        try "mine".write(toFile: dir + "/plan.xlsx", atomically: true, encoding: .utf8)
        let r = Binary.run(["-c", "model template \"plan.xlsx\""], directory: dir)
        #expect(r.status == 1 && r.err.contains("'plan.xlsx' exists and is different"), "\(r.err)")
        #expect(try String(contentsOfFile: dir + "/plan.xlsx", encoding: .utf8) == "mine")
        #expect(Binary.run(["-c", "model template \"plan.xlsx\" replace"], directory: dir).status == 0)
    }
}
