import Foundation
import Testing
import TestSupport
@testable import PlanModel
@testable import PlanWorkbook
import PlanRender

@Suite struct WorkbookTests {
    @Test func builtInModelRoundTrips() throws {
        let model = try ModelLoader.load(json: DefaultModel.json)
        let bytes = PlanningWorkbook.template(model).bytes()
        let back = try PlanningWorkbook.load(bytes)
        #expect(ModelWriter.json(back) == ModelWriter.json(model))
    }
}

extension WorkbookTests {
    /// Every model file the tests hold (version 1, 2 and 3; places, organisations, risks, actuals) survives
    /// `model template` and `model load` unchanged.
    @Test(arguments: ["docs/default-model-v2.json", "docs/default-model-v3.json", "Benchmarks/one-place-v1.json",
                      "Tests/HweplanTests/Transcripts/lakeside.json", "Tests/HweplanTests/Transcripts/lakeside-v3.json",
                      "Tests/HweplanTests/Transcripts/northshire.json", "Tests/PlanModelTests/Models/tiny.json",
                      "Tests/PlanModelTests/Models/tiny-v3.json", "Tests/PlanModelTests/Models/two-places.json"])
    func modelFilesRoundTrip(_ file: String) throws {
        let model = try ModelLoader.load(json: try String(contentsOfFile: Repository.path(file), encoding: .utf8))
        let back = try PlanningWorkbook.load(PlanningWorkbook.template(model).bytes())
        #expect(ModelWriter.json(back) == ModelWriter.json(model), "\(file)")
    }
}

extension WorkbookTests {
    /// docs/WORKBOOK.md is generated from the sheets' layouts (RECORD=1 or `make docs` rewrites it).
    @Test func workbookDocument() throws {
        let path = Repository.path("docs/WORKBOOK.md")
        let actual = PlanningWorkbook.document()
        if Golden.recording { try actual.write(toFile: path, atomically: true, encoding: .utf8); return }
        #expect((try? String(contentsOfFile: path, encoding: .utf8)) == actual, "docs/WORKBOOK.md is stale: run 'make docs'")
    }
}

/// A workbook written cell by cell: the smallest that loads, and the mistakes the reader names at their cell.
@Suite struct WorkbookReaderTests {
    typealias Cell = Workbook.Cell
    static func sheet(_ name: String, _ rows: [[Cell]]) -> Workbook.Sheet { Workbook.Sheet(name: name, rows: rows) }
    static let model = sheet("Model", [[.text("item"), .text("value")], [.text("name"), .text("Small")], [.text("first year"), .number(2026, .integer)],
                                       [.text("years"), .number(3, .integer)], [.text("policy"), .text("meet-demand")], [.text("income base"), .number(100, .money)]])
    static let rates = sheet("Rates", [[.text("item"), .text("2026/27"), .text("2027/28"), .text("2028/29")],
                                       [.text("inflation"), .number(0, .rate), .number(0.02, .rate), .number(0.02, .rate)],
                                       [.text("efficiency"), .number(0, .rate), .number(0.01, .rate)],
                                       [.text("income growth"), .number(0, .rate), .number(0.03, .rate), .text("3%")]])
    static func lines(_ extra: [[Cell]] = [], header: [Cell] = [.text("id"), .text("kind"), .text("base (£m)")]) -> Workbook.Sheet {
        sheet("Lines", [header, [.text("hospital"), .text("treatment"), .number(99, .money)], [.text("prevention.falls"), .text("prevention"), .number(1, .money)]] + extra)
    }

    func load(_ sheets: [Workbook.Sheet]) throws -> Model { try PlanningWorkbook.load(Workbook(sheets: sheets).bytes()) }

    func refused(_ sheets: [Workbook.Sheet], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try load(sheets)
            Issue.record("loaded, expected: \(message)", sourceLocation: sourceLocation)
        } catch let e as WorkbookError {
            #expect(e.message == message, sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func theSmallestWorkbookLoads() throws {
        let m = try load([Self.model, Self.rates, Self.lines()])
        #expect(m.name == "Small" && m.years == 3 && m.categories.count == 2)
        #expect(m.incomeGrowth == [0, 0.03, 0.03] && m.efficiency == [0, 0.01])
    }

    @Test func mistakesAreNamedAtTheirCell() {
        refused([Self.model, Self.rates, Self.lines(header: [.text("id"), .text("kind"), .text("base (£m)"), .text("demand grwoth")])],
                "Lines!D1: unknown column 'demand grwoth' (did you mean 'demand growth'?); the columns: id, name, kind, priority, base (£m), demand growth (% a year), cashable share, variable share, max unmet, MHIS, then years (a column headed 'note…' or 'comment…' is yours)")
        refused([Self.model, Self.rates, Self.lines([[.text("home"), .text("treatment"), .number(-1, .money)]])],
                "Lines!C4: expected a base of 0 or more, got -1")
        refused([Self.model, Self.rates, Self.lines([[.text("home"), .text("treatment"), .bool(true)]])],
                "Lines!C4: base must be a number, not TRUE or FALSE")
        var gap = Self.rates
        gap.rows[2] = [.text("efficiency"), .number(0, .rate), .empty, .number(0.01, .rate)]
        refused([Self.model, gap, Self.lines()], "Rates!C3: efficiency is empty here but a later column has a value; fill every column up to the last")
        var year = Self.rates
        year.rows[0][3] = .text("2049/50")
        refused([Self.model, year, Self.lines()], "Rates!D1: the year 2049/50 is outside the model's 20 years from 2026/27")
        var item = Self.model
        item.rows.append([.text("colour"), .text("blue")])
        refused([item, Self.rates, Self.lines()], "Model!A7: unknown item 'colour'; expected name, first year, years, policy or income base")
        refused([Self.model, Self.rates], "the workbook has no sheet 'Lines' (sheets it needs: Model, Rates, Lines; `model template` writes one)")
        refused([Self.model, Self.rates, Self.lines(), Self.sheet("Places", [[.text("id"), .text("population"), .text("2026/27")]])],
                "Places!C1: a year column, which the Places sheet does not have")
    }

    @Test func notAWorkbook() {
        #expect(throws: WorkbookError.self) { try PlanningWorkbook.load(Array("PK\u{3}\u{4} not really".utf8)) }
        #expect(throws: WorkbookError.self) { try PlanningWorkbook.load([]) }
    }
}

extension WorkbookReaderTests {
    /// The built-in model's own workbook with one cell changed: a share out of range is named at its share cell,
    /// and an id used twice names both cells (a finance lead saw the line's cell and a JSON path).
    @Test func theTemplatesMistakesAreNamedAtTheirCells() throws {
        let model = try ModelLoader.load(json: DefaultModel.json)
        func changed(_ sheet: String, _ edit: (inout [[Cell]]) -> Void) -> [Workbook.Sheet] {
            var book = PlanningWorkbook.template(model)
            let s = book.sheets.firstIndex { $0.name == sheet }!
            edit(&book.sheets[s].rows)
            return book.sheets
        }
        refused(changed("Deliveries") { $0[5][3] = .number(1.5, .rate) }, "Deliveries!D6: expected a share from 0 to 1, got 1.5")
        refused(changed("Organisations") { $0.append($0[4]) }, "Organisations!A12: id 'whth' is already used at Organisations!A5; ids must be unique")
    }
}

extension WorkbookReaderTests {
    /// Money typed as text the way a finance lead writes it, and a year headed 2027-28, load as they read.
    @Test func textAsPeopleWriteItLoads() throws {
        let model = try ModelLoader.load(json: DefaultModel.json)
        var book = PlanningWorkbook.template(model)
        func sheet(_ name: String) -> Int { book.sheets.firstIndex { $0.name == name }! }
        let lines = sheet("Lines"), rates = sheet("Rates"), positions = sheet("Positions")
        func isText(_ c: Cell, _ t: String) -> Bool { if case let .text(x) = c { return x == t }; if case let .bold(x) = c { return x == t }; return false }
        let base = book.sheets[lines].rows[0].firstIndex { isText($0, "base (£m)") }!
        book.sheets[lines].rows[1][base] = .text("£1,400.5m")
        book.sheets[rates].rows[0][3] = .text("2027-28")
        // The first trust's plan position in its first year: an accountant's negative.
        let row = book.sheets[positions].rows.firstIndex { $0.count > 1 && isText($0[1], "plan position") }!
        book.sheets[positions].rows[row][2] = .text("(£4.5m)")
        let loaded = try PlanningWorkbook.load(book.bytes())
        #expect(loaded.categories[0].base == 1400.5)
        #expect(loaded.inflation == model.inflation)
        #expect(loaded.organisations.contains { $0.planPosition.first == -4.5 })
    }
}

extension WorkbookReaderTests {
    /// A part cut short reads as fewer rows unless it is refused: every element must close, in order.
    @Test func aDamagedPartIsRefused() {
        #expect(XML.isWellFormed("<?xml version=\"1.0\"?>\n<worksheet><sheetData><row r=\"1\"><c r=\"A1\"/></row></sheetData></worksheet>\n"))
        #expect(!XML.isWellFormed("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"/></row>"))
        #expect(!XML.isWellFormed("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"/></row></sheetData></worksheet><row r=\"20\""))
        #expect(!XML.isWellFormed("<worksheet><sheetData></worksheet></sheetData>"))
        #expect(!XML.isWellFormed("<a/><b/>"))
    }
}

extension WorkbookReaderTests {
    /// 6.5 typed for 6.5% in a rate cell loads as 650%, with a warning at its cell saying what was most likely meant.
    @Test func aMistypedRateIsWarnedAtItsCell() throws {
        let model = try ModelLoader.load(json: DefaultModel.json)
        var book = PlanningWorkbook.template(model)
        let rates = book.sheets.firstIndex { $0.name == "Rates" }!
        book.sheets[rates].rows[2][3] = .number(6.5, .rate)
        let (loaded, warnings) = try PlanningWorkbook.loadWithWarnings(book.bytes())
        #expect(loaded.efficiency[1] == 6.5)
        #expect(warnings.first == "Rates!D3: efficiency is 650% a year in 2027/28: a rate cell holds a fraction (0.065 for 6.5%)")
        // And the figure is no longer what efficiency's source cites.
        #expect(warnings.last == "1 figure differs from what its source cites (efficiency): its citation now says so (show sources)")
    }
}

extension WorkbookReaderTests {
    /// A figure changed on its sheet is no longer what its citation gives: the Sources sheet records the value
    /// each citation is for, and a changed one's citation says so, with a warning; an unchanged workbook has none.
    @Test func aChangedFigureSaysItDiffersFromItsSource() throws {
        let model = try ModelLoader.load(json: DefaultModel.json)
        var book = PlanningWorkbook.template(model)
        #expect(try PlanningWorkbook.loadWithWarnings(book.bytes()).warnings.isEmpty)
        let positions = book.sheets.firstIndex { $0.name == "Positions" }!
        let row = book.sheets[positions].rows.firstIndex {
            guard $0.count > 2, case .text("pah") = $0[0], case .text("plan position") = $0[1] else { return false }
            return true
        }!
        book.sheets[positions].rows[row][2] = .number(-4.5, .money)
        let (loaded, warnings) = try PlanningWorkbook.loadWithWarnings(book.bytes())
        #expect(warnings == ["1 figure differs from what its source cites (organisations[pah].planPosition): its citation now says so (show sources)"])
        let cite = loaded.sources.first { $0.id == "organisations[pah].planPosition" }?.value ?? ""
        #expect(cite.hasPrefix("Changed in the workbook: the source gives [0], the workbook has [-4.5]. 0 in every year"), "\(cite)")
    }
}
