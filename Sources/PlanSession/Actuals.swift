import PlanModel
import PlanSupport

/// Outturn figures (MODEL.md §8), keyed by year (1-based; 0 and below are history before the horizon),
/// place (nil for the system) and item (`income`, `spend`, `balance`, `icb-balance`, a category or metric id).
struct Actuals: Equatable {
    struct Key: Hashable { var year: Int; var place: Int?; var item: String }
    var values: [Key: Double] = [:]

    /// The model file's `actuals`.
    init(_ model: Model) {
        for y in model.actuals {
            guard let t = model.year(ofLabel: y.id) else { continue }
            add(y.value.system, year: t, place: nil)
            for p in y.value.places { add(p.value, year: t, place: model.placeIndex(p.id)) }
        }
    }

    private mutating func add(_ f: Model.ActualFigures, year t: Int, place: Int?) {
        for (item, value) in [("income", f.income), ("spend", f.spend), ("balance", f.balance), ("icb-balance", f.icbBalance)] {
            if let value { values[Key(year: t, place: place, item: item)] = value }
        }
        for c in f.categories { values[Key(year: t, place: place, item: c.id)] = c.value }
        for m in f.metrics { values[Key(year: t, place: place, item: m.id)] = m.value }
    }

    /// Items in the order of MODEL.md §8: income, spend, balance, icb-balance, then categories and metrics.
    static func items(_ model: Model) -> [String] {
        ["income", "spend", "balance", "icb-balance"] + model.categories.map(\.id) + model.metrics.map(\.id)
    }

    /// An error in a CSV of actuals: its line and the column where the bad field starts.
    struct CSVError: Error { var line: Int; var column: Int; var message: String }

    /// Reads `year,place,item,value` rows; the first bad row stops it and nothing is loaded.
    static func parseCSV(_ text: String, model: Model) throws -> [Key: Double] {
        var out: [Key: Double] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let header = lines.first, header.split(separator: ",", omittingEmptySubsequences: false)
            .map({ $0.trimmingCharacters(in: " ") }) == ["year", "place", "item", "value"] else {
            throw CSVError(line: 1, column: 1, message: "expected the header 'year,place,item,value'")
        }
        let items = Set(items(model))
        for (i, line) in lines.enumerated().dropFirst() {
            if line.allSatisfy({ $0 == " " }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            var columns: [Int] = [1]
            for f in fields.dropLast() { columns.append(columns.last! + f.count + 1) }
            let n = i + 1
            guard fields.count == 4 else {
                throw CSVError(line: n, column: fields.count > 4 ? columns[4] : line.count + 1,
                               message: "expected 4 fields (year,place,item,value), got \(fields.count)")
            }
            let year = fields[0].trimmingCharacters(in: " "), place = fields[1].trimmingCharacters(in: " ")
            let item = fields[2].trimmingCharacters(in: " "), valueText = fields[3].trimmingCharacters(in: " ")
            guard let t = model.year(ofLabel: year) else {
                throw CSVError(line: n, column: columns[0], message: "'\(year)' is not a year: expected a label like \(model.yearLabel(1)) or \(String(model.yearLabel(1).map { $0 == "/" ? "-" : $0 }))")
            }
            var p: Int?
            if !place.isEmpty {
                guard let found = model.placeIndex(place) else {
                    var message = model.places.isEmpty ? "the model has no places; leave the place empty for the system" : "unknown place '\(place)'"
                    if let near = Suggestion.closest(to: place, in: model.places.map(\.id)) { message += ", did you mean '\(near)'?" }
                    throw CSVError(line: n, column: columns[1], message: message)
                }
                p = found
            }
            guard items.contains(item) else {
                var message = "unknown item '\(item)': expected income, spend, balance, icb-balance, a category or a metric"
                if let near = Suggestion.closest(to: item, in: Array(items)) { message += "; did you mean '\(near)'?" }
                throw CSVError(line: n, column: columns[2], message: message)
            }
            guard let value = Double(valueText), value.isFinite else {
                throw CSVError(line: n, column: columns[3], message: "'\(valueText)' is not a finite number")
            }
            out[Key(year: t, place: p, item: item)] = value
        }
        return out
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
