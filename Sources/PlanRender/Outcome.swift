import PlanLanguage
import PlanSupport

/// What running a statement gives back: a closed set of results, as values (numbers, ids, year labels), and
/// diagnostics with a severity. The session never formats; `render` is where each becomes text, JSON, CSV or
/// Markdown, so a new kind of result is one value type and one case here.
public enum Outcome {
    case confirmation(Confirmation)
    case simulation(SimulationReport)
    case comparison(ComparisonView)
    case chart(ChartView)
    case scenarios(ScenarioListView)
    case monteCarlo(MonteCarloView)
    case sensitivity(SensitivityView)
    case explanation(ExplanationView)
    case seek(SeekView)
    case actuals(ActualsView)
    case varianceExplanation(VarianceExplanationView)
    /// A target, a line or the places across the years.
    case table(TableView)
    /// The model's lists (categories, enablers, metrics, places).
    case list(ColumnsView)
    case sources(SourcesView)
    case assumptions(AssumptionsView)
    /// Text that is text by nature: help, `echo`, the model's summary, a scenario's statements.
    case text(TextView)
    case diagnostic(Diagnostic)

    /// The result drawn for standard output, or nil for a diagnostic (`diagnosticText`) or a result that
    /// does not show in `format` (a confirmation outside tables).
    public func render(_ format: OutputFormat, width: Int, style: Style) -> String? {
        let view: Rendering
        switch self {
        case .confirmation(let x): view = x
        case .simulation(let x): view = x
        case .comparison(let x): view = x
        case .chart(let x): view = x
        case .scenarios(let x): view = x
        case .monteCarlo(let x): view = x
        case .sensitivity(let x): view = x
        case .explanation(let x): view = x
        case .seek(let x): view = x
        case .actuals(let x): view = x
        case .varianceExplanation(let x): view = x
        case .table(let x): view = x
        case .list(let x): view = x
        case .sources(let x): view = x
        case .assumptions(let x): view = x
        case .text(let x): view = x
        case .diagnostic: return nil
        }
        guard view.shows(in: format) else { return nil }
        return view.render(format, width: width, style: style)
    }

    /// A diagnostic for standard error: the severity in colour where the style has it, the line and a caret.
    public static func diagnosticText(_ d: Diagnostic, width: Int, style: Style) -> String {
        var text = d.rendered(width: width)
        let word = d.severity.rawValue + ":"
        if style.color, text.hasPrefix(word) {
            text = (d.severity == .error ? style.bad(word) : style.warn(word)) + text.dropFirst(word.count)
        }
        return text
    }
}
