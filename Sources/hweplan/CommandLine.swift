import ArgumentParser
import PlanSupport

/// The command line (README.md; `hweplan --help`), parsed with swift-argument-parser.
struct Arguments: ParsableCommand {
    static let version = Version.text

    @Argument(help: "Scripts to run, in order, then exit (unless -i); - is standard input.")
    var files: [String] = []

    @Option(name: .short, help: ArgumentHelp("Statements to run, then exit; repeatable.", valueName: "statements"))
    var c: [String] = []

    @Flag(name: .short, help: "Run the scripts and -c statements, then stay at the prompt.")
    var i = false

    @Option(name: .long, help: ArgumentHelp("Demonstration mode: show each statement of FILE, each step's output a screen at a time, and wait for Enter at each `pause`; with -i the prompt follows.", valueName: "file"))
    var step: String?

    @Option(name: .long, help: ArgumentHelp("Load this model file (JSON, or a planning workbook .xlsx) instead of the built-in Hertfordshire and West Essex model.", valueName: "file"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Output format of results: \(wordList(OutputFormat.allCases)).", valueName: "format"))
    var format: String = "table"

    @Flag(name: .customLong("no-color"), help: "No colour, and ASCII in place of the symbols of charts and notes (also NO_COLOR or TERM=dumb); £ stays.")
    var noColor = false

    @Flag(name: .customLong("keep-going"), help: "In scripts, go on after a failed statement (the exit status is still 1).")
    var keepGoing = false

    @Flag(name: .long, help: "With --format json, add to each result a \"provenance\" key: the hweplan version, the model's content hash and the hash of the scenario's statements (exports always carry it).")
    var provenance = false

    @Flag(name: .long, help: "Print the version and exit.")
    var version = false

    static let configuration = CommandConfiguration(
        commandName: "hweplan",
        abstract: "Try investment scenarios for the Hertfordshire and West Essex health system (NHS Central East ICB, NHS Essex ICB and their trusts) and see five years of outcomes.",
        discussion: """
        With no arguments and a terminal, hweplan starts an interactive shell (history, Tab completion; type `help`). Standard input that is not a terminal is read as a script. Results go to standard output, diagnostics to standard error. Exit status: 0 success; 1 anything in a run failed (a statement or assertion, a file that cannot be read or decoded, results that cannot be written); 2 bad command-line usage; 130 stopped by Ctrl-C.

        Environment: HWEPLAN_HISTORY (history file), HWEPLAN_JOURNAL_DIR (session journals), XDG_STATE_HOME, PAGER, NO_COLOR, TERM,
        HWEPLAN_THREADS and HWEPLAN_SIMD=off (Monte Carlo's threads and SIMD lanes; the figures never change).
        """)
}
