import PlanSupport

/// Outturn figures (MODEL.md §8), keyed by year (1-based; 0 and below are history before the horizon),
/// place (nil for the system) and item (`income`, `spend`, `balance`, `icb-balance`, a category or metric id).
public struct Actuals: Equatable, Sendable {
    public struct Key: Hashable, Sendable {
        public var year: Int, place: Int?, item: String
        public init(year: Int, place: Int?, item: String) { self.year = year; self.place = place; self.item = item }
    }
    public var values: [Key: Double] = [:]

    /// The model file's `actuals`.
    public init(_ model: Model) {
        for y in model.actuals {
            guard let t = model.year(ofLabel: y.id) else { continue }
            add(y.value.system, year: t, place: nil)
            for p in y.value.places { add(p.value, year: t, place: model.placeIndex(p.id)) }
            for o in y.value.organisations { values[Key(year: t, place: nil, item: o.id)] = o.value }
        }
    }

    private mutating func add(_ f: Model.ActualFigures, year t: Int, place: Int?) {
        for item in MoneyWord.items {
            let value: Double?
            switch item {
            case .income: value = f.income
            case .spend: value = f.spend
            case .balance: value = f.balance
            case .icbBalance: value = f.icbBalance
            case .prevention, .underlying, .riskAdjusted: value = nil
            }
            if let value { values[Key(year: t, place: place, item: item.rawValue)] = value }
        }
        for c in f.categories { values[Key(year: t, place: place, item: c.id)] = c.value }
        for m in f.metrics { values[Key(year: t, place: place, item: m.id)] = m.value }
    }

    /// Items in the order of MODEL.md §8: income, spend, balance, icb-balance, then categories and metrics.
    public static func items(_ model: Model) -> [String] {
        MoneyWord.items.map(\.rawValue) + model.categories.map(\.id) + model.metrics.map(\.id) + model.organisations.map(\.id)
    }

    /// An error in a CSV of actuals: its line and the column where the bad field starts.
    public struct CSVError: Error { public var line: Int, column: Int, message: String }

    /// How far from the horizon an actual's year may be, either side.
    public static let yearsAround = 30

    /// Reads `year,place,item,value` rows as Excel writes them (a byte-order mark, CRLF line ends, fields in
    /// double quotes such as "1,450"); the first bad row stops it and nothing is loaded. A second row for the
    /// same year, place and item replaces the first (as a later file replaces an earlier one); each such
    /// repeat is returned so the user is told.
    public static func parseCSV(_ text: String, model: Model) throws -> (values: [Key: Double], repeats: [String]) {
        var out: [Key: Double] = [:]
        var firstLine: [Key: Int] = [:]
        var repeats: [String] = []
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" { body = Substring(body.unicodeScalars.dropFirst()) }
        // Split on the scalars: in Swift "\r\n" is one Character, so splitting the characters on "\n" would not.
        let lines = body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(String.UnicodeScalarView(line))
            if l.unicodeScalars.last == "\r" { l = String(String.UnicodeScalarView(l.unicodeScalars.dropLast())) }
            return l
        }
        guard let header = lines.first, (try? fields(header, line: 1))?.map({ $0.text.trimmingCharacters(in: " ").lowercased() }) == ["year", "place", "item", "value"] else {
            throw CSVError(line: 1, column: 1, message: "expected the header 'year,place,item,value'")
        }
        let items = Set(items(model))
        for (i, line) in lines.enumerated().dropFirst() {
            if line.allSatisfy({ $0 == " " }) { continue }
            let n = i + 1
            let fields = try fields(line, line: n)
            guard fields.count == 4 else {
                throw CSVError(line: n, column: fields.count > 4 ? fields[4].column : line.count + 1,
                               message: "expected 4 fields (year,place,item,value), got \(fields.count)"
                                   + (fields.count > 4 ? "; a number with a thousands comma needs quotes, like \"1,450\"" : ""))
            }
            let year = fields[0].text.trimmingCharacters(in: " "), place = fields[1].text.trimmingCharacters(in: " ")
            // Ids are lower case; an item written PAH or Balance (as a spreadsheet's capitals) is the same item.
            let written = fields[2].text.trimmingCharacters(in: " ")
            let item = items.contains(written) ? written : written.lowercased()
            let valueText = fields[3].text.trimmingCharacters(in: " ")
            guard let t = model.year(ofLabel: year) else {
                throw CSVError(line: n, column: fields[0].column, message: "'\(year)' is not a year: expected a label like \(model.yearLabel(1)) or \(String(model.yearLabel(1).map { $0 == "/" ? "-" : $0 }))")
            }
            // Outturn is history or the horizon: a year decades away is a typo (1026/27 for 2026/27), and would
            // stretch every table of actuals over a thousand years.
            guard t > -Actuals.yearsAround, t <= model.years + Actuals.yearsAround else {
                throw CSVError(line: n, column: fields[0].column, message: "'\(year)' is more than \(Actuals.yearsAround) years from the horizon (\(model.yearLabel(1)) to \(model.yearLabel(model.years))); is it a typo?")
            }
            var p: Int?
            if !place.isEmpty {
                guard let found = model.placeIndex(place) else {
                    var message = model.places.isEmpty ? "the model has no places; leave the place empty for the system" : "unknown place '\(place)'"
                    if let near = Suggestion.closest(to: place, in: model.places.map(\.id)) { message += ", did you mean '\(near)'?" }
                    throw CSVError(line: n, column: fields[1].column, message: message)
                }
                p = found
            }
            if p != nil, model.organisationIndex(item) != nil {
                throw CSVError(line: n, column: fields[1].column, message: "'\(item)' is an organisation: its balance has no place; leave the place empty")
            }
            guard items.contains(item) else {
                var message = "unknown item '\(item)': expected income, spend, balance, icb-balance, a category, a metric or an organisation"
                if let near = Suggestion.closest(to: item, in: Array(items)) { message += "; did you mean '\(near)'?" }
                throw CSVError(line: n, column: fields[2].column, message: message)
            }
            // As people write money: '£1.2m', '-£4.5m', '(4.9)' for a negative, a quoted "1,450" (NumberFormat.readMoney).
            let value = NumberFormat.readMoney(valueText)
            if value == nil, fields[3].quoted, valueText.contains(",") {
                throw CSVError(line: n, column: fields[3].column, message: "'\(valueText)' is not a number: thousands commas come every three digits, like \"1,450\"")
            }
            guard let value else {
                throw CSVError(line: n, column: fields[3].column, message: "'\(valueText)' is not a finite number (write it like -4.9, \"1,450.2\", £1.2m or (4.9))")
            }
            // As the engine bounds its own figures: nothing real is £1e15m.
            guard abs(value) < 1e15 else {
                throw CSVError(line: n, column: fields[3].column, message: "'\(valueText)' is beyond any figure the model holds (1e15); is it a typo?")
            }
            let key = Key(year: t, place: p, item: item)
            if let earlier = firstLine[key] {
                repeats.append("line \(n) repeats line \(earlier)'s \(item)\(p.map { " in \(model.places[$0].id)" } ?? "") in \(year)")
            }
            firstLine[key] = n
            out[key] = value
        }
        return (out, repeats)
    }

    /// One CSV line's fields, each with the column it starts at (1-based, in characters) and whether it was quoted.
    static func fields(_ line: String, line n: Int) throws -> [(text: String, column: Int, quoted: Bool)] {
        var out: [(text: String, column: Int, quoted: Bool)] = []
        let chars = Array(line)
        var i = 0
        while true {
            let start = i
            var text = "", quoted = false
            // Spaces before an opening quote are allowed, as after a comma.
            var j = i
            while j < chars.count, chars[j] == " " { j += 1 }
            if j < chars.count, chars[j] == "\"" {
                quoted = true
                i = j + 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { text.append("\""); i += 2; continue }
                        closed = true; i += 1; break
                    }
                    text.append(chars[i]); i += 1
                }
                guard closed else { throw CSVError(line: n, column: j + 1, message: "a quoted field is not closed") }
                while i < chars.count, chars[i] == " " { i += 1 }
                guard i == chars.count || chars[i] == "," else {
                    throw CSVError(line: n, column: i + 1, message: "expected a comma after the quoted field")
                }
            } else {
                while i < chars.count, chars[i] != "," { text.append(chars[i]); i += 1 }
            }
            out.append((text, start + 1, quoted))
            guard i < chars.count else { return out }
            i += 1   // the comma
        }
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
