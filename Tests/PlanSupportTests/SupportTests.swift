import Testing
@testable import PlanSupport

@Suite struct SupportTests {
    @Test func jsonNumbersAreFullPrecision() {
        #expect(NumberFormat.json(3000) == "3000")
        #expect(NumberFormat.json(0.1) == "0.1")
        #expect(NumberFormat.json(-2.5) == "-2.5")
        #expect(NumberFormat.json(1.0 / 3.0) == "0.3333333333333333")
        #expect(Double(NumberFormat.json(1e-7)) == 1e-7)
        #expect(NumberFormat.json(.nan) == "null")
    }

    @Test func tableNumbers() {
        #expect(NumberFormat.fixed(1234.56, decimals: 1) == "1,234.6")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(-1234567.891, decimals: 2) == "-1,234,567.89")
        #expect(NumberFormat.money(-12.345) == "-£12.3m")
        #expect(NumberFormat.money(0.04) == "£0.0m")
        #expect(NumberFormat.percent(0.025) == "2.5%")
        #expect(NumberFormat.trimmed(2.50, maxDecimals: 3) == "2.5")
    }

    /// Money as a finance lead writes it in a workbook or a CSV, read in £m.
    @Test func moneyAsPeopleWriteIt() {
        let read: [(String, Double)] = [("-4.5", -4.5), ("1,450.2", 1450.2), ("£4.5m", 4.5), ("-£4.5m", -4.5), ("£-4.5m", -4.5),
                                        ("(4.9)", -4.9), ("(£4.9m)", -4.9), ("£500k", 0.5), ("£1.2bn", 1200), ("\u{2212}3", -3), (" 7 ", 7), (".5", 0.5)]
        for (text, value) in read { #expect(NumberFormat.readMoney(text) == value, "\(text)") }
        for text in ["4.5m", "1,45", "12,3456", "£", "abc", "nan", "inf", "1e999", "(4.9", "--4", "4.5£", "0x10", "0x1p3", "-£-5m", "(-5)", "+-3"] {
            #expect(NumberFormat.readMoney(text) == nil, "\(text)")
        }
    }

    /// A typo's huge number prints short, not with seventeen digits.
    @Test func hugeNumbersPrintShort() {
        #expect(NumberFormat.fixed(3.1899999999999997e306, decimals: 1) == "3.19e+306")
        #expect(NumberFormat.percent(3.1899999999999997e304) == "3.19e+306%")
        #expect(NumberFormat.fixed(-2e20, decimals: 0) == "-2e+20")
    }

    @Test func suggestions() {
        #expect(Suggestion.distance("acute", "acute-care") == 5)
        #expect(Suggestion.closest(to: "acute-care", in: ["acute", "community"]) == "acute")
        #expect(Suggestion.closest(to: "simulat", in: ["simulate", "show"]) == "simulate")
        #expect(Suggestion.closest(to: "zzz", in: ["simulate", "show"]) == nil)
        #expect(Suggestion.closest(to: "falls", in: ["acute", "prevention.falls", "prevention.ageing-well"]) == "prevention.falls")
        #expect(Suggestion.closest(to: "scale", in: ["a.return-scale", "b.effect-scale"]) == nil)
        #expect(Suggestion.list(["a", "b", "c"], limit: 2) == "a, b, …")
    }

    @Test func identifiersAndQuoting() {
        #expect(Identifier.isValid("prevention.falls.return-scale"))
        for bad in ["", "Acute", "a--b", "-a", "a.", "a b", "a_b"] { #expect(!Identifier.isValid(bad), "\(bad)") }
        #expect(JSONText.quote("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }
}
