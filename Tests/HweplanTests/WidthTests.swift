import Foundation
import Testing

/// JSON is for programs: it never depends on the terminal's width (MODEL.md §6). The same statements with
/// standard output on a 60- and a 200-column pseudo-terminal give the same bytes.
@Suite struct WidthTests {
    @Test func jsonIsTheSameAtAnyWidth() throws {
        let statements = "scenario new t; shift 2% of acute to prevention in west-essex from 2027/28; disable digital from 2028/29; "
            + "show sources; show assumptions; simulate; explain balance; explain smoking-prevalence in west-essex"
        var outputs: [String] = []
        for columns: UInt16 in [60, 200] {
            let home = Binary.temporaryDirectory()
            let t = try Terminal(arguments: ["--format", "json", "-c", statements], environment: ["HOME": home, "HWEPLAN_HISTORY": ""],
                                 columns: columns)
            #expect(t.exitStatus() == 0)
            outputs.append(t.screen)
        }
        #expect(outputs[0].contains("\"topic\":\"sources\"") && outputs[0].contains("\"kind\":\"explanation\""))
        #expect(outputs[0].contains("\"topic\":\"assumptions\"") && outputs[0].contains("\"kind\":\"simulation\""))
        let a = Array(outputs[0]), b = Array(outputs[1])
        let at = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        #expect(outputs[0] == outputs[1],
                "JSON differs between 60 and 200 columns at character \(at) of \(a.count) and \(b.count): \(String(a[max(0, at - 80)..<min(a.count, at + 80)])) | \(String(b[max(0, at - 80)..<min(b.count, at + 80)]))")
        // The width does reach the program: the same sources as text wrap differently.
        let text = try [UInt16(60), 200].map { columns -> String in
            let t = try Terminal(arguments: ["-c", "show sources"], environment: ["HOME": Binary.temporaryDirectory(), "HWEPLAN_HISTORY": ""], columns: columns)
            _ = t.exitStatus()
            return t.screen
        }
        #expect(text[0] != text[1])
    }
}
