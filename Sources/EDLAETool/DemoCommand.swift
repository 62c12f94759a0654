import ArgumentParser
import EDLAEMetrics

/// `edlae demo`: every solver on a synthetic data set, as a Table-1-style comparison.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic data set, fit every solver, and compare them on held-out users.",
        discussion: """
            The data come from SyntheticInteractions (power-law popularity, users mixing a few topics). \
            10% of the users (with at least 5 items) are held out; each held-out user's items are split 80/20 \
            into fold-in input and targets. The iterative solvers run a short schedule (--epochs 10, --sweeps 3) \
            and sampled training fits the rank-k model, so the whole comparison takes well under a minute \
            in a release build.
            """)

    @Option(name: .long, help: "Number of items.")
    var items: Int = 2000

    @Option(name: .long, help: "Number of users.")
    var users: Int = 10000

    @Option(name: .long, help: "Fraction of user-item cells with an interaction.")
    var density: Double = 0.01

    @Option(name: .long, help: "Seed of the data generator, the split and the randomised solvers.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Dropout probability p.")
    var dropout: Double = 0.5

    @Option(name: [.customLong("lambda")], help: "L2 weight lambda.")
    var l2: Double = 100

    @Option(name: .long, help: "Rank k of the low-rank solvers.")
    var rank: Int = 100

    @Option(name: .long, help: "Epochs (sweeps) of the iterative solvers admm, als-zero-diag and sampled.")
    var epochs: Int = 10

    @Option(name: .long, help: "Sweeps of edlae-lowrank (block descent from the teacher-student start; each sweep runs conjugate-gradient solves of O(m^2 k) per step).")
    var sweeps: Int = 3

    @Option(name: .long, help: "Comma-separated solvers to compare (default: all).")
    var solvers: String = SolverCatalog.names.joined(separator: ",")

    func validate() throws {
        try require(items, in: 10...largestCount, option: "--items")
        try require(users, in: 50...largestCount, option: "--users")
        try require(rank, in: 1...items, option: "--rank", " (the number of items)")
        try require(epochs, in: 1...largestEpochCount, option: "--epochs")
        try require(sweeps, in: 1...largestEpochCount, option: "--sweeps")
    }

    func run() throws {
        let names = solvers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names where !SolverCatalog.names.contains(name) { throw ToolError.unknownSolver(name) }
        progress("generating \(users) users x \(items) items at density \(density) (seed \(seed))")
        let (data, generateSeconds) = try timed { try DataLoading.synthetic(users: users, items: items, density: density, seed: seed) }
        try data.interactions.checkGramMemory()
        let split = try StrongGeneralizationProtocol(validationUsers: .count(0), testUsers: .fraction(0.1), seed: seed)
            .split(data.interactions)
        progress("\(data.interactions.nonzeroCount) interactions (\(String(format: "%.1f", generateSeconds)) s); \(split.training.userCount) training users, \(split.test.count) test users, \(split.itemCount) items")
        let metrics = RankingMetric.tableOne
        var rows = [(name: String, run: EvaluationRun)]()
        var failures = [any Error]()
        let (_, totalSeconds) = timed {
            for name in names {
                let settings = SolverSettings(name: name, dropout: dropout, l2: l2, rank: rank, rankGiven: true,
                                              epochs: name == "edlae-lowrank" ? sweeps : SolverCatalog.usesEpochs(name) ? epochs : nil,
                                              seed: seed)
                do {
                    rows.append((name, try runEvaluation(settings, on: [split], metrics: metrics)))
                } catch {
                    progress("\(name): failed: \(ToolFailure.message(for: error))")
                    failures.append(error)
                }
            }
        }
        if rows.isEmpty, let first = failures.first { throw first }
        print("Synthetic data: \(users) users x \(items) items, \(data.interactions.nonzeroCount) interactions (seed \(seed)); "
              + "\(split.training.userCount) training users, \(split.test.count) test users")
        print("p = \(compactNumber(dropout)), lambda = \(compactNumber(l2)), rank k = \(rank) (low-rank solvers and sampled), "
              + "\(epochs) epochs (admm, als-zero-diag, sampled), \(sweeps) sweeps (edlae-lowrank)")
        print(resultsTable(rows, metrics: metrics), terminator: "")
        progress(String(format: "total %.1f s (fits and evaluation)", totalSeconds))
    }
}
