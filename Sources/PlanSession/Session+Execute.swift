import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport
import PlanWorkbook

/// What running a statement asks of the caller.
enum StepResult {
    case next
    case quit
}

/// The evaluator: one case per statement kind (the command table names them; the compiler checks we cover all).
extension Session {
    /// The one commit point of a change to the session: it is journalled (and so survives a crash) before its
    /// result is shown, and the scenarios it touched count as unsaved.
    func commit(_ statement: Statement, unsaved names: [String] = []) {
        journal?(statement.text)
        if !names.isEmpty { warnedUnsaved = false }
    }

    /// Runs one statement against the session: what it produced, in order, results and diagnostics alike. A
    /// statement that fails ends with an error diagnostic and has changed nothing; `quitRequested` says
    /// whether it asked to leave.
    public func execute(_ statement: Statement) -> [Outcome] {
        outcomes = []
        do {
            quitRequested = try perform(statement) == .quit
        } catch let d as Diagnostic {
            emit(.diagnostic(d))
        } catch let nested as Nested {
            // A nested script reported its own diagnostic; its failure is this statement's. A script's quit ends
            // the scripts; at the prompt the shell stays (leaving could lose what was typed there, unasked).
            quitRequested = nested.quit && !(options.interactive && runningScripts.isEmpty)
            if nested.quit, !quitRequested {
                let what = stoppedAtPause ? "stopping at the pause ended the script" : "the script's quit ended it"
                emit(.diagnostic(Diagnostic(.stopped, what + "; the shell stays (type quit to leave)", nil, severity: .note)))
            }
            if !nested.quit { nestedFailure = true }
        } catch {
            emit(.diagnostic(Diagnostic(.refused, "\(error)", statement.range)))
        }
        defer { outcomes = [] }
        return outcomes
    }

    func perform(_ statement: Statement) throws -> StepResult {
        switch statement.kind {
        case .lever:
            let cautions = try addLever(statement)
            commit(statement, unsaved: [currentName])
            // The years it acts in; a register entry's are those its impact falls in.
            var years = current.levers.last!.years
            if case .risk(let entry) = current.levers.last!, let f = entry.impact.firstIndex(where: { $0 != 0 }),
               let l = entry.impact.lastIndex(where: { $0 != 0 }) { years = (f + 1)..<(l + 2) }
            let span = years.flatMap { $0.isEmpty ? nil : (first: model.yearLabel($0.lowerBound), last: model.yearLabel($0.upperBound - 1)) }
            confirm(.leverAdded(scenario: currentName, statement: statement.text, number: current.statements.count, years: span, cautions: cautions))
        case let .scenarioNew(name, from):
            let source = from.map { scenario($0.text)! } ?? scenario("baseline")!
            let made = ScenarioState(name: name.text, statements: source.statements, levers: source.levers,
                                     parent: source.name, inherited: source.statements.count, stale: source.stale)
            record(Snapshot(change: .created(made), before: currentName, after: name.text, what: "scenario new \(name.text)"))
            appendScenario(made)
            currentName = name.text
            commit(statement, unsaved: [name.text])
            confirm(.scenarioCreated(name.text, from: source.name, statements: source.statements.count))
        case .scenarioUse(let name):
            currentName = name.text
            commit(statement)
            confirm(.scenarioUsed(name.text))
        case .scenarioList:
            emit(.scenarios(ScenarioListView(items: scenarios.map { .init(name: $0.name, statements: $0.statements.count, parent: $0.parent, stale: $0.stale) },
                                             current: currentName)))
        case .scenarioDrop(let name):
            guard name.text != "baseline" else { throw refuse("the baseline cannot be dropped", name.range) }
            remember("scenario drop \(name.text)")
            scenarios.removeAll { $0.name == name.text }
            reindex()
            if currentName == name.text { currentName = "baseline" }
            undoStack[undoStack.count - 1].after = currentName
            commit(statement)
            confirm(.scenarioDropped(name.text, now: currentName))
        case let .scenarioRename(old, new):
            guard old.text != "baseline" else { throw refuse("the baseline cannot be renamed", old.range) }
            remember("scenario rename \(old.text) \(new.text)")
            for i in scenarios.indices {
                if scenarios[i].name == old.text { scenarios[i].name = new.text }
                if scenarios[i].parent == old.text { scenarios[i].parent = new.text }
            }
            reindex()
            if currentName == old.text { currentName = new.text }
            undoStack[undoStack.count - 1].after = currentName
            if let saved = savedStatements.removeValue(forKey: old.text) { savedStatements[new.text] = saved }
            commit(statement)
            confirm(.scenarioRenamed(old.text, to: new.text))
        case .reset:
            guard currentName != "baseline" else {
                throw refuse("the baseline has no statements to reset", statement.range, ["start a scenario: scenario new NAME"])
            }
            remember("reset")
            var s = current
            s.statements = []; s.levers = []; s.stale = true; s.inherited = 0; s.parent = nil
            current = s
            commit(statement, unsaved: [currentName])
            confirm(.scenarioReset(currentName))
        case .undo:
            guard let snap = undoStack.popLast() else { throw refuse("nothing to undo", statement.range) }
            redoStack.append(step(snap, forward: false))
            commit(statement, unsaved: [currentName])
            confirm(.undid(snap.what, now: currentName))
        case .redo:
            guard let snap = redoStack.popLast() else { throw refuse("nothing to redo", statement.range) }
            undoStack.append(step(snap, forward: true))
            commit(statement, unsaved: [currentName])
            confirm(.redid(snap.what))
        case .simulate:
            simulate()
            journal?(statement.text)   // it marks the scenario as simulated (no longer stale)
        case let .show(topic, place, byPlace, about):
            if let about { emit(.sources(SourcesView(model, about: about.text))) } else { try show(topic, place: place, byPlace: byPlace) }
        case let .compare(names, on):
            try refuseDuplicates(names)
            try compare(names.map(\.text), on: on.map(\.text))
        case .comparePlaces(let on):
            comparePlaces(on: on.map(\.text))
        case let .explain(target, year, against):
            try explain(target, year: year, against: against)
        case let .explainVariance(item, year):
            try explainVariance(item, year: year)
        case let .chart(target, mode, names, byPlace):
            try refuseDuplicates(names)
            try chart(target, mode: mode?.text, scenarios: names.isEmpty ? [currentName] : names.map(\.text), byPlace: byPlace)
        case let .montecarlo(draws, seed):
            try monteCarlo(draws: Int(draws?.value ?? Double(Limits.defaultDraws)), seed: UInt64(seed?.value ?? 1))
        case let .sensitivity(target, year):
            try sensitivity(try ResolvedTarget(target, in: model), year: year?.year ?? model.years)
        case .seek(let seek):
            try self.seek(seek, statement)
        case let .run(file, name):
            try runFile(file, name.range)
        case let .save(file, replace, name):
            try save(file, replace: replace, name.range)
        case let .report(file, names, replace, name):
            try report(file, scenarios: names, replace: replace, name.range)
        case let .verify(file, name):
            try verify(file, name.range)
        case let .export(format, file, names, replace):
            try refuseDuplicates(names)
            try export(format.text, file, scenarios: names.map(\.text), replace: replace, statement.range)
        case let .modelLoad(file, name):
            if let d = leavingWarning("loading another model") { emit(.diagnostic(d)); return .next }
            try loadModel(file, name.range)
            commit(statement)
        case let .modelSave(file, replace, name):
            // A model's own actuals lie within its horizon (MODEL.md §1): after 'model horizon' shortened it, the
            // years beyond are left out of the file (so it loads again), and said.
            // A name that promises another format would not load back (a JSON file named .xlsx).
            if let ext = foreignExtension(file, allowed: ["json"]) {
                throw refuse("model save writes the model as JSON, not .\(ext)", name.range,
                             ext == "xlsx" ? ["for a workbook: model template \"\(file)\"", "for JSON: model save \"\(file.dropLast(ext.count))json\""]
                                           : ["name it .json: model save \"\(file.dropLast(ext.count))json\""], id: .file)
            }
            var saved = model
            saved.actuals = model.actuals.filter { (model.year(ofLabel: $0.id) ?? 0) <= model.years }
            try writeFile(file, Array(ModelWriter.json(saved).utf8), replace: replace, name.range, statement: "model save")
            let left = model.actuals.count - saved.actuals.count
            if left > 0 {
                emit(.diagnostic(Diagnostic(.changesNothing, "the model's actuals for \(left) year\(left == 1 ? "" : "s") after \(model.yearLabel(model.years)) are not in '\(file)': "
                                            + "a model file's actuals lie within its horizon (model horizon \(model.years))", nil, severity: .note)))
            }
            confirm(.modelSaved(file: resolve(file)))
        case let .modelTemplate(file, replace, name):
            if let ext = foreignExtension(file, allowed: ["xlsx"]) {
                throw refuse("model template writes an Excel workbook, not .\(ext)", name.range,
                             ["name it .xlsx: model template \"\(file.dropLast(ext.count))xlsx\""] + (ext == "json" ? ["for JSON: model save \"\(file)\""] : []), id: .file)
            }
            let workbook = PlanningWorkbook.template(model)
            try writeFile(file, workbook.bytes(), replace: replace, name.range, statement: "model template")
            confirm(.templateWritten(file: resolve(file), sheets: workbook.sheets.count))
        case .modelHorizon(let n):
            try changeHorizon(Int(n.value), statement)
            commit(statement)
        case let .actualsLoad(file, name):
            try loadActuals(file, name.range)
            commit(statement)
        case .modelShow:
            emit(.text(TextView(kind: "model", fields: [("name", model.name), ("hash", ModelHash.hex(model))], text: ModelViews.summary(model), wraps: true)))
        case .assert(let terms):
            try assert(terms, statement)
        case .echo(let text):
            var echo = TextView(kind: "echo", text: text, wraps: true)
            echo.hanging = false
            emit(.text(echo))
        case .pause:
            while options.step {
                switch host.atPause() {
                case .goOn: return .next
                case .stop:
                    // The trainer stopped the demonstration; the script runner names what did not run.
                    stoppedAtPause = true
                    return .quit
                case .statement(let text):
                    aside(text)
                }
            }
        case .help(let topic):
            // Each line wraps to the terminal, continuing under its own indentation.
            emit(.text(TextView(kind: "help", text: try Help.text(topic: topic?.text, range: topic?.range, firstYear: model.firstYear), wraps: true)))
        case .quit:
            // Only a quit typed at the prompt is asked about: a script's ends the scripts, not the shell.
            if runningScripts.isEmpty, let d = leavingWarning("leaving") { emit(.diagnostic(d)); return .next }
            return .quit
        }
        return .next
    }

    /// A statement typed at a pause, a question from the room: it runs as at the prompt (not echoed again, an
    /// error in it reported but not failing the demonstration), and the pause then waits again.
    func aside(_ text: String) {
        let (step, failed, demonstrating) = (options.step, hadFailure, currentName)
        options.step = false
        defer { options.step = step; hadFailure = failed }
        _ = run(SourceFile(name: "<pause>", text: text))
        // The demonstration goes on in its own scenario: an aside that moved to another one is a look, not a turn.
        if currentName != demonstrating, scenarioIndex[demonstrating] != nil {
            currentName = demonstrating
            writeDiagnostic(Diagnostic(.stopped, "the demonstration goes on in '\(demonstrating)'", nil, severity: .note))
        }
    }

    func refuseDuplicates(_ names: [Name]) throws {
        for (i, n) in names.enumerated() where names[..<i].contains(where: { $0.text == n.text }) {
            throw refuse("scenario '\(n.text)' is named twice", n.range, ["name each scenario once"])
        }
    }

    /// A result or a diagnostic of the statement being run, in order.
    func emit(_ outcome: Outcome) { outcomes.append(outcome) }

    /// A confirmation of a change (shown in tables only).
    func confirm(_ c: Confirmation) { emit(.confirmation(c)) }

    /// At the prompt, leaving (or loading another model) with unsaved scenarios says so once; doing it
    /// again goes ahead. Scripts never ask.
    /// Returns false (after saying why) the first time; true when there is nothing unsaved or it was said.
    public func confirmLeaving(_ what: String) -> Bool {
        guard let d = leavingWarning(what) else { return true }
        writeDiagnostic(d)
        return false
    }

    /// The warning that leaving (or loading another model) would lose unsaved scenarios, the first time it is
    /// asked; nil when there is nothing unsaved, outside the prompt, or when it was said already.
    func leavingWarning(_ what: String) -> Diagnostic? {
        guard options.interactive, !unsaved.isEmpty, !warnedUnsaved else { return nil }
        warnedUnsaved = true
        let names = unsaved
        let list = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 8 ? " and \(names.count - 8) more" : "")
        let d = Diagnostic(.unsaved, "\(names.count == 1 ? "scenario" : "scenarios") \(list) \(names.count == 1 ? "is" : "are") not saved", nil,
                           notes: ["save each with: scenario use NAME, then save \"FILE\"; or repeat "
                                   + (what == "leaving" ? "quit (or Ctrl-D)" : "model load") + " to go on without saving"], severity: .warning)
        return d
    }

    func simulate() {
        let s = current
        let plan = plan(of: s), projection = projection(of: s)
        let report = SimulationReport(model: model, projection: projection, scenario: s.name, statementCount: s.statements.count,
                                      stale: false, notes: enablerEffects(plan, projection).map(\.sentence) + paybacks(projection).map(\.sentence))
        emit(.simulation(report))
        var c = current
        c.stale = false
        current = c
    }
}
