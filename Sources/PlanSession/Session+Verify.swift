import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// `verify "REPORT.html"`: re-runs what a board report records (its scenarios' statements, seed and draws)
/// on the current model in a session of its own, draws the report again and compares every figure a reader
/// sees (ReportFigures). The user's session is not touched.
extension Session {
    func verify(_ file: String, _ range: SourceRange) throws {
        let path = resolve(file)
        let bytes: [UInt8]
        do { bytes = try host.readFile(path) } catch { throw refuse("cannot read '\(file)': \(error)", range, [], id: .file) }
        let html = String(decoding: bytes, as: UTF8.self)
        guard let text = ReportFigures.record(in: html), case .object(let record)? = try? JSONParser.parse(text) else {
            throw refuse("'\(file)' holds no record of what made it", range,
                         ["verify reads board reports written by `report` in hweplan 0.3.0 or later"], id: .file)
        }
        func string(_ key: String) -> String? { if case .string(let s)? = record.first(where: { $0.key == key })?.value { return s } else { return nil } }
        func number(_ key: String) -> Double? { if case .number(let n)? = record.first(where: { $0.key == key })?.value { return n } else { return nil } }
        guard let hash = string("modelHash"), let seed = number("seed"), let draws = number("draws"),
              case .array(let list)? = record.first(where: { $0.key == "scenarios" })?.value else {
            throw refuse("'\(file)': its record is incomplete", range, ["write the report again with `report`"], id: .file)
        }
        let current = ModelHash.hex(model)
        guard hash == current else {
            throw refuse("'\(file)' was made with model \(hash); this session's model is \(current)", range,
                         ["load the model it was made with (`model load`, and `model horizon` if it was changed), then verify again"])
        }
        // Reports from before the record held the actuals' hash are compared figure by figure, as before.
        if let made = string("actualsHash"), made != ModelHash.hex(actuals) {
            throw refuse("'\(file)' was made with other actuals (\(made)); this session's are \(ModelHash.hex(actuals))", range,
                         ["load the actuals it was made with (`actuals load`), or start on the model alone, then verify again"])
        }
        var scenarios: [(name: String, statements: [String])] = []
        for case .object(let entry) in list {
            guard case .string(let name)? = entry.first(where: { $0.key == "name" })?.value,
                  case .array(let statements)? = entry.first(where: { $0.key == "statements" })?.value else { continue }
            scenarios.append((name, statements.compactMap { if case .string(let s) = $0 { return s } else { return nil } }))
        }
        // The record is what is re-run: one edited (its hash missing or no longer its statements', a name that is
        // not a scenario's, or a statement no scenario holds, such as save or report) is refused rather than re-run.
        for s in scenarios where s.name != "baseline" && (!Identifier.isValid(s.name) || Identifier.reserved.contains(s.name) || Identifier.looksLikeYear(s.name))
            || scenarios.filter({ $0.name == s.name }).count > 1 || (s.name == "baseline" && !s.statements.isEmpty) {
            throw refuse("'\(file)': its record was edited: '\(s.name)' is not the name of a scenario it could have made", range,
                         ["write the report again with `report`"], id: .file)
        }
        guard let made = string("scriptHash") else {
            throw refuse("'\(file)': its record was edited: it has no script hash", range, ["write the report again with `report`"], id: .file)
        }
        if made != Provenance.scriptHash(scenarios) {
            throw refuse("'\(file)': its record was edited: its script hash \(made) is not that of the statements it holds", range,
                         ["write the report again with `report`"], id: .file)
        }
        for s in scenarios {
            for text in s.statements {
                var parser = Parser(SourceFile(name: file, text: text))
                // One statement, a scenario's: 'invest …; save "x"' would run the save too.
                guard case .statement(let statement) = parser.next(vocabulary: vocabulary), case .lever = statement.kind,
                      case .end = parser.next(vocabulary: vocabulary) else {
                    throw refuse("'\(file)': its record was edited: scenario '\(s.name)' holds '\(text)', which is not a scenario's statement", range,
                                 ["write the report again with `report`"], id: .file)
                }
            }
        }
        guard Int(draws) == Limits.defaultDraws, seed == 1 else {
            throw refuse(ReportFigures.Verdict.drawsDiffer(file, draws: Int(draws), seed: Int(seed), expected: Limits.defaultDraws), range)
        }
        // A session of its own, on the same model and actuals: what the report says it ran, run again.
        let replay = Session(model: model, host: SilentHost(), options: options)
        replay.actuals = actuals
        for s in scenarios where s.name != "baseline" {
            let script = (["scenario new \(s.name)"] + s.statements).joined(separator: "\n") + "\n"
            guard replay.run(SourceFile(name: file, text: script)) == .ok else {
                throw refuse("'\(file)': scenario '\(s.name)' no longer runs on this model", range, ["its statements: " + s.statements.joined(separator: "; ")])
            }
        }
        // Every scenario the report names must now exist (the record is checked above; this keeps a bad one from
        // drawing a report of nothing).
        guard scenarios.allSatisfy({ replay.scenario($0.name) != nil }) else {
            throw refuse("'\(file)': its record was edited: it names a scenario its statements do not make", range, ["write the report again with `report`"], id: .file)
        }
        let again = replay.boardReport(scenarios.map(\.name)).html()
        if host.interrupted {
            acknowledgeInterrupt()
            throw refuse("verify interrupted; nothing changed", nil)
        }
        let verdict = ReportFigures.Verdict(report: ReportFigures.figures(in: html), rerun: ReportFigures.figures(in: again))
        if let label = verdict.layoutDiffersAt {
            let writer = string("hweplan") ?? "?"
            throw refuse("'\(file)': its layout differs from this version's at “\(label)”", range,
                         [writer == Version.text ? "it was written by this version, \(writer): the page was edited, or made with other actuals"
                            : "it was written by hweplan \(writer); this is \(Version.text)"])
        }
        guard verdict.differences.isEmpty else { throw refuse(verdict.failure(file), range, verdict.notes) }
        // Every figure agrees; the page must too (but for its date and the recommendation): markup can change
        // what a reader sees (a figure hidden in a comment, a colour, a sentence added) without moving a figure.
        let was = ReportFigures.comparable(html), now = ReportFigures.comparable(again)
        if was != now {
            let (report, rerun) = ReportFigures.firstDifference(was, now)
            throw refuse("'\(file)': its figures are reproduced, but the page was edited where no figure is read", range,
                         ["the report has “…\(InertText.inert(report, keepingStyles: false))…”", "the re-run draws “…\(InertText.inert(rerun, keepingStyles: false))…”",
                          "only the recommendation may be edited; write the report again with `report`"])
        }
        emit(.text(TextView(kind: "verify", fields: [("file", file), ("figures", "\(verdict.figures)"), ("modelHash", current)],
                            text: verdict.success(file, modelHash: current, scenarios: scenarios.count, draws: Int(draws), seed: UInt64(seed)),
                            wraps: true)))
    }
}
