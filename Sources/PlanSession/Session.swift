import PlanLanguage
import PlanModel
import PlanRender
import PlanSupport

/// A named scenario: the model plus an ordered list of lever statements.
struct ScenarioState: Equatable {
    var name: String
    var statements: [Statement] = []
    var levers: [Lever] = []
    /// The scenario it was made from, and how many of its statements came from there.
    var parent: String?
    var inherited = 0
    /// Changed since its last `simulate`.
    var stale = false
}

/// The shell's state: the model, the scenarios, the current one and the undo history.
/// It evaluates statements and writes results through its host; it never touches a terminal or file itself.
public final class Session {
    public let host: Host
    public var options: Options
    public internal(set) var model: Model { didSet { modelHashCache = nil } }
    /// The model's content hash, kept until the model changes (it serialises the whole model).
    var modelHashCache: String?
    var modelHash: String {
        if let h = modelHashCache { return h }
        let h = ModelHash.hex(model)
        modelHashCache = h
        return h
    }
    public internal(set) var compiled: CompiledModel
    var workspace: Workspace
    var scenarios: [ScenarioState]
    var currentName = "baseline"
    /// What actually happened (MODEL.md §8): the model file's actuals and any loaded since.
    var actuals: Actuals
    var undoStack: [Snapshot] = []
    var redoStack: [Snapshot] = []
    /// Nesting of `run` (at most 16) and the directories of the scripts being run.
    var directories: [String] = []
    /// The script files being run, outermost first (a `run` of one of them again would never end).
    var runningScripts: [String] = []
    /// Whether any statement has failed in this session (a script's exit status is 1 even if it ends in `quit`).
    public internal(set) var hadFailure = false
    /// Whether Ctrl-C stopped something since the flag was last reset. Outside the prompt it stops the whole
    /// run, --keep-going or not, and the program exits 130.
    public var interruptedRun = false
    /// Step mode stopped at a pause by the trainer (not a `quit`): with -i the prompt still follows.
    public var stoppedAtPause = false
    /// Monte Carlo's kept draws and workspaces, reused between runs.
    let monteCarloMemory = MonteCarlo.Memory()
    public static let maxRunDepth = 16

    /// One step of undo history: what changed, stored as the change itself where that is small (a statement
    /// appended, a scenario created) so that memory grows with the work, not with its square.
    struct Snapshot {
        enum Change {
            case appended(scenario: String, statement: Statement, lever: Lever, wasStale: Bool)
            case created(ScenarioState)
            /// Anything else: the whole state on the other side of the step.
            case whole(scenarios: [ScenarioState], actuals: Actuals, model: Model)
        }
        var change: Change
        /// The current scenario before and after the step.
        var before: String, after: String
        var what: String
    }
    /// Where each scenario stands in `scenarios`.
    var scenarioIndex: [String: Int] = ["baseline": 0]
    /// The parser's names, kept between statements (rebuilding them for 10,000 scenarios each time is quadratic).
    var vocabularyCache: Vocabulary?
    /// Called with each statement that changed the session, once it has, before its result is shown: the
    /// shell appends it to the session journal (nothing typed at the prompt is lost: docs/DECISIONS.md, "The program").
    public var journal: ((String) -> Void)?
    /// Scenarios changed since they were last saved, and whether leaving has already been warned about.
    /// Each scenario's statements when it was last saved (by name); a scenario is unsaved when it has
    /// statements and they differ from these. Computed when asked, so undo, drop and rename need no care.
    var savedStatements: [String: [String]] = [:]
    public var unsaved: [String] {
        scenarios.filter { s in
            s.name != "baseline" && !s.statements.isEmpty && savedStatements[s.name] != s.statements.map(\.text)
        }.map(\.name)
    }
    /// The horizon of the model as loaded: `save` writes `model horizon N` when the session's differs.
    var loadedYears: Int
    var warnedUnsaved = false
    /// When set, results are not printed (replaying a journal).
    public var muted = false
    /// What the statement being run has produced so far (execute returns it).
    var outcomes: [Outcome] = []
    /// Whether the last statement asked to leave (`quit`, or the trainer stopping at a pause).
    public internal(set) var quitRequested = false
    /// Whether the last statement was a `run` whose script failed (it reported its own diagnostics).
    var nestedFailure = false
    /// Each scenario's resolved plan and how many levers it holds, and its run when one was kept; cleared by
    /// any change but an append.
    var planCache: [String: (levers: Int, plan: Plan, run: Projection?)] = [:]

    public init(model: Model, host: Host, options: Options = Options()) {
        self.host = host
        self.options = options
        self.model = model
        self.compiled = CompiledModel(model)
        self.workspace = Workspace(compiled)
        self.scenarios = [ScenarioState(name: "baseline")]
        self.actuals = Actuals(model)
        self.loadedYears = model.years
    }

    /// Replaces the model and starts afresh (`model load`).
    func replaceModel(_ newModel: Model) {
        model = newModel
        compiled = CompiledModel(newModel)
        workspace = Workspace(compiled)
        scenarios = [ScenarioState(name: "baseline")]
        actuals = Actuals(newModel)
        loadedYears = newModel.years
        savedStatements = [:]
        currentName = "baseline"
        undoStack = []; redoStack = []
        reindex()
    }

    /// Rebuilds the index and the parser's names after scenarios were dropped, renamed or restored.
    func reindex() {
        scenarioIndex = Dictionary(uniqueKeysWithValues: scenarios.enumerated().map { ($1.name, $0) })
        vocabularyCache = nil
        planCache = [:]
    }

    /// Adds a scenario at the end, keeping the index and the parser's names in step.
    func appendScenario(_ s: ScenarioState) {
        scenarioIndex[s.name] = scenarios.count
        scenarios.append(s)
        vocabularyCache?.scenarios.append(s.name)
    }

    /// The prompt: the current scenario's name.
    public var prompt: String { "\(currentName)> " }
    public var currentScenario: String { currentName }

    var current: ScenarioState {
        get { scenarios[scenarioIndex[currentName]!] }
        set { scenarios[scenarioIndex[currentName]!] = newValue }
    }

    func scenario(_ name: String) -> ScenarioState? { scenarioIndex[name].map { scenarios[$0] } }

    /// The names the parser checks against, as the session is now.
    public var vocabulary: Vocabulary {
        if let v = vocabularyCache { return v }
        let v = makeVocabulary()
        vocabularyCache = v
        return v
    }

    private func makeVocabulary() -> Vocabulary {
        var v = Vocabulary()
        v.categories = model.categories.map(\.id)
        v.preventionCategories = Set(model.categories.filter { $0.kind == .prevention }.map(\.id))
        v.enablers = model.enablers.map(\.id)
        v.metrics = model.metrics.map(\.id)
        v.places = model.places.map(\.id)
        v.organisations = model.organisations.map(\.id)
        let all = Assumption.all(in: model)
        v.assumptions = all.map { $0.id(in: model) }
        v.scalarAssumptions = Set(all.filter { !$0.isPerYear }.map { $0.id(in: model) })
        v.scenarios = scenarios.map(\.name)
        v.policies = Model.Policy.allCases.map(\.rawValue)
        v.firstYear = model.firstYear
        v.years = model.years
        return v
    }

    /// Runs the engine for a list of levers, reusing the session's workspace.
    func project(_ levers: [Lever]) -> Projection {
        Projection(compiled, Plan(compiled, levers: levers), workspace: workspace)
    }

    func project(_ plan: Plan) -> Projection { Projection(compiled, plan, workspace: workspace) }

    /// A scenario's resolved plan, kept between statements and extended as statements are appended, so a
    /// script of 100,000 statements takes time in proportion to their number.
    func plan(of s: ScenarioState) -> Plan {
        if let cached = planCache[s.name], cached.levers <= s.levers.count {
            if cached.levers == s.levers.count { return cached.plan }
            var plan = cached.plan
            for lever in s.levers[cached.levers...] { plan.apply(lever, compiled) }
            planCache[s.name] = (s.levers.count, plan, nil)
            return plan
        }
        let plan = Plan(compiled, levers: s.levers)
        planCache[s.name] = (s.levers.count, plan, nil)
        return plan
    }

    /// A scenario's run, kept with its plan: a statement runs the engine for the scenario after it, and what
    /// follows (simulate, show, the next statement's "before") reads that run again.
    func projection(of s: ScenarioState) -> Projection {
        let plan = plan(of: s)
        if let run = planCache[s.name]?.run { return run }
        let run = project(plan)
        planCache[s.name]?.run = run
        return run
    }

    /// The current scenario's plan.
    var currentPlanCached: Plan { plan(of: current) }

    /// The current scenario's run.
    var currentRun: Projection { projection(of: current) }

    /// Records the whole state before a change that is not a plain append (drop, rename, reset, horizon, actuals).
    /// The provenance of a result of `names` (default: the current scenario), as exports and JSON carry it.
    func provenance(_ names: [String]? = nil, seed: UInt64? = nil, draws: Int? = nil) -> Provenance {
        let states = (names ?? [currentName]).compactMap { scenario($0) }
        return Provenance(version: Version.text, model: model.name, modelHash: modelHash,
                          scriptHash: Provenance.scriptHash(states.map { ($0.name, $0.statements.map(\.text)) }), seed: seed, draws: draws)
    }

    func remember(_ what: String) {
        planCache = [:]
        record(Snapshot(change: .whole(scenarios: scenarios, actuals: actuals, model: model), before: currentName, after: currentName, what: what))
    }

    func record(_ snapshot: Snapshot) {
        undoStack.append(snapshot)
        redoStack.removeAll()
    }
}

extension Session {
    /// The current scenario's resolved plan (for benchmarks and tools).
    public var currentPlan: Plan { currentPlanCached }
}
