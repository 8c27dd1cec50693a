import PlanModel
import PlanRender
import PlanSupport

/// How a session prints and runs: the output format, colour, width and script behaviour.
public struct Options: Sendable {
    public var format: OutputFormat = .table
    public var style = Style(color: false, unicode: true)
    /// Terminal width for tables and charts; 80 when not a terminal.
    public var width = 80
    /// Go on after a failed statement (the exit status is still 1).
    public var keepGoing = false
    /// `--provenance`: each JSON result carries a "provenance" key. Off by default, so that each result has
    /// exactly the keys MODEL.md §6 and §7 name (checks compare them key for key).
    public var provenance = false
    /// Trainer mode: echo each statement and wait at `pause`.
    public var step = false
    /// In step mode, echo each statement to standard error (JSON output stays one object a line).
    public var echoStepsToStandardError = false
    /// Whether a person is at the prompt (changes nothing in results; only hints).
    public var interactive = false
    /// Threads and SIMD lanes for Monte Carlo ($HWEPLAN_THREADS, $HWEPLAN_SIMD=off): the figures are the
    /// same whatever they are; only the time changes.
    public var monteCarlo = MonteCarlo.Options()
    public init() {}
}
