/// Monte Carlo (MODEL.md §5) as a function of a compiled model and a plan. Draws run sixteen at a time in
/// SIMD lanes on every thread; a draw's numbers depend only on (seed, draw), and every total is a sum of
/// integers or a selection, so the figures are the same, bit for bit, on any number of threads and with
/// lanes on or off. Percentiles are exact (type 7) by bucket selection: up to `keptBytes` of draws are
/// kept; beyond them a pass counts each series' values per bucket, keeping on the way the values near where
/// the kept draws put each percentile, and only when a percentile falls elsewhere does another pass
/// recompute the draws for the values in its bucket. Memory stays bounded whatever the number of draws.
public enum MonteCarlo {
    /// The lanes Monte Carlo's runs take draws in (`Lane`).
    typealias Lanes = SIMD16<Double>
    public static let quantiles = [0.1, 0.5, 0.9]

    public struct Options: Sendable, Equatable {
        /// Threads to use; 0: one per core (at most one per 256 draws).
        public var threads: Int
        /// Eight draws per run in SIMD lanes; off runs one draw at a time (the same figures, slower).
        public var lanes: Bool
        /// How much memory the draws kept for the percentiles may take.
        public var keptBytes: Int
        /// Beyond the kept draws: how much memory the values near each percentile (as the kept draws place
        /// it) may take while the rest are counted. When the percentiles fall where expected, no third pass
        /// is needed; 0 always makes one.
        public var windowBytes: Int
        public init(threads: Int = 0, lanes: Bool = true, keptBytes: Int = 32 << 20, windowBytes: Int = 24 << 20) {
            self.threads = threads; self.lanes = lanes; self.keptBytes = keptBytes; self.windowBytes = windowBytes
        }
    }

    public struct Summary: Equatable, Sendable {
        public var draws: Int
        /// P(balance ≥ 0), P(ICB balance ≥ 0) per year; P(balance ≥ 0 in every year).
        public var pBalanced: [Double], pIcbBalanced: [Double], balancedEveryYear: Double
        /// [place][year]: P(the place's balance ≥ 0).
        public var pPlaceBalanced: [[Double]]
        /// [organisation][year]: P(the organisation's balance ≥ 0).
        public var pOrganisationBalanced: [[Double]]
        /// P(balance ≥ 0) per year with the register's risks drawn and its mitigations left out.
        public var pBalancedBeforeMitigations: [Double]
        /// [percentile][year] for `quantiles`.
        public var balance: [[Double]], icbBalance: [[Double]]
        /// [metric][percentile][year].
        public var metrics: [[[Double]]]
        /// [percentile][year] of the system's underlying balance (MODEL.md §9).
        public var underlying: [[Double]]
        /// Passes over the draws: 1 when every draw was kept; 2 when the rest were counted and the values
        /// near the percentiles kept on the way; 3 when a percentile fell outside those and the rest ran again.
        public var passes: Int
    }

    /// Runs `n` draws of `plan`; nil when `interrupted` turns true. `progress` is told the fraction done.
    /// `memory`, kept by the caller between runs, saves allocating and first touching megabytes each time.
    public static func run(_ compiled: CompiledModel, _ plan: Plan, draws n: Int, seed: UInt64, options: Options = Options(),
                           memory: Memory? = nil, progress: (Double) -> Void = { _ in }, interrupted: () -> Bool = { false }) -> Summary? {
        let run = Runner(compiled, plan, draws: n, seed: seed, options: options, memory: memory ?? Memory())
        return run.summary(progress: progress, interrupted: interrupted)
    }

    /// The kept draws' buffer and the threads' workspaces, reused by the next run of the same compiled model.
    public final class Memory: @unchecked Sendable {
        private var held: LargeBuffer<Double>?
        private var compiled: CompiledModel?
        private(set) var lanes: [LaneWorkspace<Lanes>] = [], scalars: [Workspace] = []
        public init() {}

        /// The kept draws' buffer, with a workspace of the kind the run uses (lanes or not) for each thread.
        func prepare(_ compiled: CompiledModel, values: Int, threads: Int, lanes useLanes: Bool) -> UnsafeMutablePointer<Double> {
            if self.compiled !== compiled { self.compiled = compiled; lanes = []; scalars = [] }
            if useLanes {
                while lanes.count < threads { lanes.append(LaneWorkspace(compiled)) }
            } else {
                while scalars.count < threads { scalars.append(Workspace(compiled)) }
            }
            if (held?.count ?? 0) < values { held = nil; held = LargeBuffer(count: max(1, values)) }
            return held!.start
        }
    }
}
