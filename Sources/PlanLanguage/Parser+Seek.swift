/// The analysis rule with the most parts: goal seek.
extension Parser {
    // seek ['largest'|'smallest'] LEVER ['between' VALUE 'and' VALUE] 'such' 'that' CONDITION
    //      [('maximizing'|'minimizing') METRIC ['in' YEAR]]
    mutating func parseSeek() throws -> Statement.Kind {
        var direction = Seek.Direction.largest
        if accept("smallest") { direction = .smallest } else { _ = accept("largest") }
        let lever = try seekLever()
        var between: (Quantity, Quantity)?
        if accept("between") {
            let low = try quantity("the low end of the range")
            _ = try expectKeyword("and")
            let high = try quantity("the high end of the range")
            if high.value < low.value {
                throw fail(.backwardsPeriod, "the range ends below where it starts", high.range, ["write the smaller value first"])
            }
            between = (low, high)
            // The period belongs to the lever, so it is written before the range.
            if check("in", "from") {
                let year = position + 1 < tokens.count ? tokens[position + 1].text : "YEAR"
                throw fail(.expected, "expected 'such', got '\(current.text)'", current.range,
                           ["the period comes before 'between': 'seek … \(current.text) \(year) between … such that …'"])
            }
        }
        _ = try expectKeyword("such")
        _ = try expectKeyword("that")
        let condition = try self.condition()
        var objective: (goal: Seek.Goal, metric: Target, year: YearRef?)?
        if check("maximizing", "minimizing", "maximising", "minimising") {
            let w = try word("", [])
            let goal: Seek.Goal = w.text.hasPrefix("max") ? .maximizing : .minimizing
            let metric = try target()
            objective = (goal, metric, accept("in") ? try year() : nil)
        }
        var seek = Seek(direction: direction, lever: lever, between: between, condition: condition, objective: objective)
        if check("ignoring") {
            _ = advance()
            _ = try expectKeyword("rules")
            seek.ignoringRules = true
        } else if current.kind == .eof {
            expectations.append(.keyword("ignoring"))
        }
        return .seek(seek)
    }

    // LEVER := 'shift' 'from' CATEGORY 'to' CATEGORY [PERIOD] | 'invest' 'in' CATEGORY [PERIOD]
    //        | 'level' 'of' ENABLER [PERIOD] | ASSUMPTION [PERIOD] | 'outturn' ASSUMPTION [PERIOD]
    mutating func seekLever() throws -> SeekLever {
        if accept("shift") {
            _ = try expectKeyword("from")
            let from = try category()
            _ = try expectKeyword("to")
            let to = try category()
            if overlaps(from.text, to.text) {
                throw fail(.sameCategory, "a shift from '\(from.text)' to '\(to.text)' moves money to itself", to.range)
            }
            let place = try optionalPlace()
            return .shift(from: from, to: to, place: place, try optionalPeriod())
        }
        if accept("invest") {
            _ = try expectKeyword("in")
            let into = try category()
            let place = try optionalPlace()
            return .invest(in: into, place: place, try optionalPeriod())
        }
        if accept("level") {
            _ = try expectKeyword("of")
            return .level(of: try enabler(), try optionalPeriod())
        }
        let outturn = accept("outturn")
        if current.kind == .eof, !outturn { expectations += [.keyword("shift"), .keyword("invest"), .keyword("level"), .keyword("outturn")] }
        let name = try assumption()
        let period = try optionalPeriod()
        if period != nil, vocabulary.scalarAssumptions.contains(name.text) {
            throw fail(.periodOnScalar, "'\(name.text)' has one value for the whole horizon and takes no period", period!.range)
        }
        return outturn ? .outturn(name, period) : .assumption(name, period)
    }
}
