import PlanSupport

/// The values the board report draws, as the session computes them: each scenario's money, bands and shares,
/// the priorities' metrics, the risk register and the cover's warning.
extension BoardReport {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]
        public init(_ name: String, _ values: [Double]) { self.name = name; self.values = values }
    }
    public struct Scenario: Sendable {
        public var name: String
        public var statements: [String]
        /// Each statement in plain English (StatementWords), for the cover and the summary.
        public var description: [String]
        public var balance: [Double], icbBalance: [Double], cumulative: [Double], icbCumulative: [Double]
        public var income: [Double], spend: [Double]
        /// The system's underlying and risk-adjusted positions (MODEL.md §9); empty where not computed.
        public var underlying: [Double] = [], riskAdjusted: [Double] = []
        /// Each organisation's balance by year, commissioners first (the first `commissioners` of them).
        public var organisations: [Series] = []
        public var commissioners = 0
        /// The providers the model does not name: with the organisations, they add up to the system.
        public var otherProviders: [Double] = []
        /// The investment standard's headroom by year (nil in year 1), where the model judges it.
        public var mhisHeadroom: [Double?]? = nil
        /// Each commissioner's own headroom by year (the standard binds each ICB): a surplus in one does not
        /// cover a shortfall in the other.
        public var mhisByCommissioner: [(name: String, headroom: [Double?])] = []
        /// Monte Carlo of this scenario, its sensitivity, and (for a scenario other than baseline) the Shapley
        /// share of each statement in the last year's change against baseline.
        public var band: Band? = nil
        public var swings: [Swing] = []
        public var shares: [Share] = []
        public var sharesSampled = false
        /// Each place's balance, and the gap between places of each mean metric.
        public var places: [Series] = []
        public var gaps: [Series] = []
        public init(name: String, statements: [String], description: [String]? = nil, balance: [Double], icbBalance: [Double],
                    cumulative: [Double], icbCumulative: [Double], income: [Double], spend: [Double]) {
            self.name = name; self.statements = statements; self.description = description ?? statements
            self.balance = balance; self.icbBalance = icbBalance
            self.cumulative = cumulative; self.icbCumulative = icbCumulative; self.income = income; self.spend = spend
        }
    }
    public struct Metric: Sendable {
        public var id: String, name: String, unit: String
        public var higherIsBetter: Bool
        /// The first target (the chart's reference line) and its year.
        public var target: Double?, targetYear: String?
        /// Every target, each judged in every year from its own (MODEL.md version 3).
        public var targets: [(value: Double, year: String)] = []
        /// Values for baseline, then each scenario, in the order of `scenarios`.
        public var series: [Series]
        public init(id: String, name: String, unit: String, higherIsBetter: Bool, target: Double?, targetYear: String?, series: [Series]) {
            self.id = id; self.name = name; self.unit = unit; self.higherIsBetter = higherIsBetter
            self.target = target; self.targetYear = targetYear; self.series = series
            if let target, let targetYear { targets = [(target, targetYear)] }
        }
    }
    public struct Priority: Sendable {
        public var title: String
        public var metrics: [Metric]
        public init(title: String, metrics: [Metric]) { self.title = title; self.metrics = metrics }
    }
    public struct Share: Sendable { public var label: String; public var value: Double
        public init(_ label: String, _ value: Double) { self.label = label; self.value = value } }
    public struct Band: Sendable { public var p10: [Double], p50: [Double], p90: [Double], pBalanced: [Double], pIcbBalanced: [Double]
        /// The scenario's own balance in the last year with no assumption drawn.
        public var planned: Double? = nil
        /// [organisation][year]: P(its balance ≥ 0), in the order of the scenario's organisations.
        public var pOrganisations: [[Double]] = []
        /// P(balance ≥ 0 in every year).
        public var pEveryYear: Double? = nil
        /// Why the draws centre away from the plan: most likely values that differ from it, lopsided ranges.
        public var modesAwayFromPlan: [MonteCarloView.ModeAway] = [], skewedRanges: [String] = []
        public init(p10: [Double], p50: [Double], p90: [Double], pBalanced: [Double], pIcbBalanced: [Double]) {
            self.p10 = p10; self.p50 = p50; self.p90 = p90; self.pBalanced = pBalanced; self.pIcbBalanced = pIcbBalanced } }
    public struct Swing: Sendable { public var assumption: String; public var low: Double, high: Double
        public init(_ assumption: String, low: Double, high: Double) { self.assumption = assumption; self.low = low; self.high = high } }
    public struct Variance: Sendable { public var item: String; public var years: [String]; public var actual: [Double?], plan: [Double?]
        public init(item: String, years: [String], actual: [Double?], plan: [Double?]) { self.item = item; self.years = years; self.actual = actual; self.plan = plan } }
    /// An entry of the risk register as the summary lists it.
    public struct Risk: Sendable, Equatable {
        /// `impact` is signed as it reaches the balance: negative for a risk, positive for a mitigation.
        public var name: String, lands: String, mitigation: Bool, probability: Double, impact: Double
        /// The scenarios whose register holds this entry as it is here; empty: every scenario reported.
        public var scenarios: [String] = []
        public init(name: String, lands: String, mitigation: Bool, probability: Double, impact: Double) {
            self.name = name; self.lands = lands; self.mitigation = mitigation; self.probability = probability; self.impact = impact
        }

        /// The registers of the scenarios reported (each in its order), merged: an entry the same in every
        /// scenario once, one a scenario adds (a `risk` or `mitigation` statement) or changes (its probability
        /// set) with the scenarios that hold it. Largest expected loss first.
        public static func merged(_ registers: [(scenario: String, risks: [Risk])]) -> [Risk] {
            var out: [Risk] = []
            for (scenario, risks) in registers {
                for r in risks {
                    if let i = out.firstIndex(where: { $0.name == r.name && $0.lands == r.lands && $0.mitigation == r.mitigation
                                                         && $0.probability == r.probability && $0.impact == r.impact }) {
                        out[i].scenarios.append(scenario)
                    } else {
                        var entry = r
                        entry.scenarios = [scenario]
                        out.append(entry)
                    }
                }
            }
            let all = registers.map(\.scenario)
            for i in out.indices where out[i].scenarios == all { out[i].scenarios = [] }
            return out.enumerated().sorted { ($0.element.impact * $0.element.probability, $0.offset) < ($1.element.impact * $1.element.probability, $1.offset) }.map(\.element)
        }

        /// "" for an entry every scenario holds, else " (in push, squeeze)".
        var only: String { scenarios.isEmpty ? "" : " (in \(scenarios.joined(separator: ", ")) only)" }
    }
    /// The cover's health warning: how much of the model is estimated, and whose footprint it is.
    public struct Warning: Sendable {
        /// Shares of the first year's spending and income, and the metrics' baselines (estimated, of all), whose source is an estimate.
        public var spend: Double?, income: Double?, metrics: (Int, Int)
        /// The commissioners (the successor ICBs) and the providers the model holds.
        public var commissioners: [String], providers: Int
        public var modelVersion: Int
        public init(spend: Double?, income: Double?, metrics: (Int, Int), commissioners: [String], providers: Int, modelVersion: Int) {
            self.spend = spend; self.income = income; self.metrics = metrics; self.commissioners = commissioners
            self.providers = providers; self.modelVersion = modelVersion
        }
    }
}
