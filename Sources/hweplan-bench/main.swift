import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PlanLanguage
import PlanModel
import PlanSession

// Benchmarks of the engine and the analyses on the built-in model (or a model file given as the argument),
// with the NumPy peer (Tests/reference/mc_numpy.py) timed between runs of the same Monte Carlo, and the
// hweplan binary's start-up and a million draws' peak memory measured as separate processes.
// Prints medians of several runs; run it built for release: `make bench` (docs/BENCHMARKS.md).

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Runs per second of `runs` single runs of `plan`: a function of its own, so that the loop's code does not
/// move with whatever else this file holds.
@inline(never)
func engineRate(_ compiled: CompiledModel, _ plan: Plan, _ ws: Workspace, runs: Int) -> Double {
    let t0 = now()
    for _ in 0..<runs { Engine.run(compiled, plan, into: ws) }
    return Double(runs) / (now() - t0)
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

/// Times `body` `repeats` times and returns the median in milliseconds.
func time(_ repeats: Int, _ body: () -> Void) -> Double { times(repeats, body).median }

/// Times `body` `repeats` times: the median and the best, in milliseconds.
func times(_ repeats: Int, _ body: () -> Void) -> (median: Double, best: Double) {
    let ms = (0..<repeats).map { _ in let t0 = now(); body(); return (now() - t0) * 1000 }
    return (median(ms), ms.min()!)
}

let modelPath = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : nil
// The model: the built-in one, or the file given as the first argument (docs/BENCHMARKS.md).
let model: Model = {
    guard CommandLine.arguments.count > 1 else { return try! ModelLoader.load(json: DefaultModel.json) }
    let text = try! String(contentsOfFile: CommandLine.arguments[1], encoding: .utf8)
    return try! ModelLoader.load(json: text)
}()
print("model: \(model.name), \(model.years) years" + (CommandLine.arguments.count > 1 ? " (\(CommandLine.arguments[1]))" : " (built in)"))
let compiled = CompiledModel(model)
let host = SilentHost()
let session = Session(model: model, host: host)
func run(_ text: String) {
    if session.run(SourceFile(name: "bench", text: text)) != .ok { fputs("benchmark script failed: \(text)\n", stderr); exit(1) }
}
run("""
scenario new bench
shift 2% of acute to prevention from y2
invest £5m in prevention.ageing-well
disable digital from y3
enable workforce at 120%
set inflation = 3% in y3
shift £3m from prescribing to prevention.lifestyles
invest 1% in community from y3
enable data-and-insight at 150% from y4
set acute.demand-growth = 3.5%
shift £2m from continuing-care to prevention.mental-health
""")

// 1. Single runs per second: the engine alone, one core, on the 10-statement scenario.
let plan = session.currentPlan
let ws = Workspace(compiled)
let runs = Int(getenv("BENCH_RUNS").map { String(cString: $0) } ?? "") ?? 200_000
var rates: [Double] = []
for _ in 0..<5 { rates.append(engineRate(compiled, plan, ws, runs: runs)) }
// BENCH_PLAN_ONLY=1: the 10-statement runs alone (for profiling them).
if getenv("BENCH_PLAN_ONLY") == nil {
    let baselinePlan = Plan(compiled)
    var baseRates: [Double] = []
    for _ in 0..<5 { baseRates.append(engineRate(compiled, baselinePlan, ws, runs: runs)) }
    print("engine, default model, no statements:     \(Int(median(baseRates))) runs/s (\(String(format1: 1e6 / median(baseRates))) µs a run)")
}
print("engine, default model, 10 statements:     \(Int(median(rates))) runs/s (\(String(format1: 1e6 / median(rates))) µs a run)")
// BENCH_ENGINE_ONLY=1: stop here (for interleaved A/B runs of the engine against another build).
if getenv("BENCH_ENGINE_ONLY") != nil { exit(0) }
print("montecarlo 10000 draws, 10 statements:    \(String(format1: time(9) { run("montecarlo 10000") })) ms")
run("scenario use baseline")
// The NumPy peer runs the baseline's Monte Carlo. The machine's speed drifts from second to second, so the
// two are interleaved: ours, the peer, ours, three times over; each round's ratio is the peer's median
// against the mean of ours just before and just after it, and the ratio printed is the rounds' median.
// Each side's best time of its repeats is printed too: the least disturbed by the rest of the machine.
// Both are timed warm: the peer's repeats follow NumPy's import and each other, and ours follow half a
// second of the same statement (after the peer's run, or any pause, this machine's cores run slower for a
// while: the same build measured 3.5 ms, then 5-8 ms after 1.5 s asleep).
func oursWarm() -> (median: Double, best: Double) {
    let t0 = now()
    while now() - t0 < 0.5 { run("montecarlo 10000") }
    return times(9) { run("montecarlo 10000") }
}
/// `hweplan -c "montecarlo 10000"` as a whole process (start, load the model, draw, print, exit): median and
/// best of 9, after two runs that are not timed.
func oursAsProcess() -> (median: Double, best: Double) {
    let arguments = (modelPath.map { ["--model", $0] } ?? []) + ["-c", "montecarlo 10000"]
    for _ in 0..<2 { _ = spawn(binary, arguments) }
    let ms = (0..<9).map { _ in spawn(binary, arguments).seconds * 1000 }
    return (median(ms), ms.min()!)
}
var ours = [oursWarm()], peers: [(median: Double, best: Double)] = [], processes: [(median: Double, best: Double)] = []
for _ in 0..<3 {
    guard let peer = numpyPeer(modelPath ?? "docs/default-model-v3.json", draws: 10000) else { break }
    peers.append(peer)
    processes.append(oursAsProcess())
    ours.append(oursWarm())
}
print("montecarlo 10000 draws, baseline:         \(String(format1: median(ours.map(\.median)))) ms "
      + "(\(ours.map { String(format1: $0.median) }.joined(separator: ", ")); best \(String(format2: ours.map(\.best).min()!)))")
if peers.isEmpty {
    print("  NumPy peer: not run (python3 with numpy missing, or the peer refused the model: see its message with python3 Tests/reference/mc_numpy.py MODEL)")
} else {
    let ratios = peers.indices.map { peers[$0].median / ((ours[$0].median + ours[$0 + 1].median) / 2) }
    let best = peers.map(\.best).min()!, oursBest = ours.map(\.best).min()!
    print("  NumPy peer, same model and draws:       \(String(format1: median(peers.map(\.median)))) ms "
          + "(\(peers.map { String(format1: $0.median) }.joined(separator: ", ")); best \(String(format2: best)))")
    print("  hweplan is \(String(format1: median(ratios)))x faster (each round: \(ratios.map { String(format1: $0) + "x" }.joined(separator: ", "))); "
          + "best against best \(String(format1: best / oursBest))x")
    // The whole process, timed right after the peer in each round: the peer's median against the process's.
    let whole = peers.indices.map { peers[$0].median / processes[$0].median }
    print("  hweplan -c \"montecarlo 10000\" as a whole process: \(String(format1: median(processes.map(\.median)))) ms "
          + "(\(processes.map { String(format1: $0.median) }.joined(separator: ", ")); best \(String(format2: processes.map(\.best).min()!))): "
          + "the peer's compute is \(String(format1: median(whole)))x that (each round: \(whole.map { String(format1: $0) + "x" }.joined(separator: ", ")))")
}
print("montecarlo 1000000 draws, baseline:       \(String(format1: time(3) { run("montecarlo 1000000") })) ms")
let million = spawn(binary, (modelPath.map { ["--model", $0] } ?? []) + ["-c", "montecarlo 1000000"])
print("  as a process: \(String(format1: million.seconds * 1000)) ms, peak memory \(million.peakMB) MB")
let startups = (0..<21).map { _ in spawn(binary, (modelPath.map { ["--model", $0] } ?? []) + ["-c", "simulate"]).seconds * 1000 }
print("hweplan -c simulate, process wall time:   \(String(format1: median(startups))) ms (median of 21)")
run("scenario use bench")
print("sensitivity balance:                      \(String(format1: time(9) { run("sensitivity balance") })) ms")
print("seek largest shift, balance every year:   \(String(format1: time(5) { run("seek largest shift from acute to prevention such that balance >= -200 every year") })) ms")
print("explain balance, 10 statements (1024):    \(String(format1: time(9) { run("explain balance") })) ms")
run("""
shift £1m from prescribing to prevention.best-start from y3
invest £2m in community from y4
""")
print("explain balance, 12 statements (4096):    \(String(format1: time(5) { run("explain balance") })) ms")
run("""
shift £1m from continuing-care to prevention.communities from y3
invest £1m in primary-care in y3
enable workforce at 110% from y5
set \(model.streams.isEmpty ? "allocation-growth" : "\(model.streams[0].id).growth") = 3% in y4
""")
print("explain balance, 16 statements (65536):   \(String(format1: time(3) { run("explain balance") })) ms")

/// The release hweplan binary beside this one.
var binary: String {
    let me = CommandLine.arguments[0]
    return me.contains("/") ? String(me[..<me.lastIndex(of: "/")!]) + "/hweplan" : "hweplan"
}

/// Runs a program to its end, discarding its output: wall time and peak resident memory.
func spawn(_ path: String, _ arguments: [String]) -> (seconds: Double, peakMB: Int) {
    var pid = pid_t()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    let t0 = now()
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else {
        fputs("benchmark: cannot run \(path)\n", stderr); exit(1)
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    return (now() - t0, usage.ru_maxrss / 1024)
}

/// The NumPy peer's median and best times for `draws` draws of the model's baseline, in ms; nil without numpy.
func numpyPeer(_ modelPath: String, draws: Int) -> (median: Double, best: Double)? {
    let out = "/tmp/hweplan-bench-numpy-\(getpid())"
    defer { unlink(out) }
    let command = "python3 Tests/reference/mc_numpy.py '\(modelPath)' --draws \(draws) --repeat 9 > \(out) 2>/dev/null"
    guard system(command) == 0, let text = try? String(contentsOfFile: out, encoding: .utf8) else { return nil }
    // "numpy montecarlo N draws: X ms" (the median), then "numpy best of 9: Y ms".
    func ms(_ prefix: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { $0.split(separator: " ").dropLast().last.flatMap { Double($0) } }
    }
    guard let median = ms("numpy montecarlo"), let best = ms("numpy best") else { return nil }
    return (median, best)
}

extension String {
    init(format1 v: Double) {
        let r = (v * 10).rounded() / 10
        self = "\(r)"
    }
    init(format2 v: Double) {
        let r = (v * 100).rounded() / 100
        self = "\(r)"
    }
}
