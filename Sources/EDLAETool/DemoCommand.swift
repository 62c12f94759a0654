import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// `edlae demo`: every solver on a synthetic data set, as a Table-1-style comparison.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic data set, fit every solver, and compare them on held-out users.",
        discussion: """
            The data come from SyntheticInteractions (power-law popularity, users mixing a few topics). \
            10% of the users (with at least 5 items) are held out; each held-out user's items are split 80/20 \
            into fold-in input and targets. The iterative solvers run a short schedule (a few epochs each; --epochs sets them all) \
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

    @Option(name: .long, help: ArgumentHelp("Epochs (sweeps) of every iterative solver (default: a short schedule, \(SolverKind.shortScheduleList)).",
                                            valueName: "n"))
    var epochs: Int?

    @Option(name: .long, help: "Precision of every fit: single (half the memory of each m x m buffer) or double.")
    var precision: Precision = .double

    @Option(name: .long, help: "Comma-separated solvers to compare (default: all).")
    var solvers: String = SolverKind.allCases.map(\.name).joined(separator: ",")

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        try require(items, in: 10...largestCount, option: "--items")
        try require(users, in: 50...largestCount, option: "--users")
        try require(rank, in: 1...items, option: "--rank", " (the number of items)")
        if let epochs { try require(epochs, in: 1...largestEpochCount, option: "--epochs") }
    }

    func run() throws {
        let kinds = try SolverKind.list(solvers)
        progress("generating \(users) users x \(items) items at density \(density) (seed \(seed))")
        let (data, generateSeconds) = try timed { try DataLoading.synthetic(users: users, items: items, density: density, seed: seed) }
        try data.interactions.checkGramMemory()
        let split = try StrongGeneralizationProtocol(validationUsers: .count(0), testUsers: .fraction(0.1), seed: seed)
            .split(data.interactions)
        progress("\(data.interactions.nonzeroCount) interactions (\(String(format: "%.1f", generateSeconds)) s); "
                 + "\(split.training.userCount) training users, \(split.test.count) test users, \(split.itemCount) items")
        let metrics = RankingMetric.tableOne
        var rows = [(name: String, run: EvaluationRun)]()
        var failures = [any Error]()
        let (_, totalSeconds) = timed {
            for kind in kinds {
                let configuration = SolverConfiguration(kind: kind, dropout: dropout, l2: l2, rank: rank,
                                                        epochs: epochs ?? kind.shortScheduleEpochs, seed: seed,
                                                        precision: precision)
                do {
                    rows.append((kind.name, try runEvaluation(configuration, on: [split], metrics: metrics, output: outputOptions)))
                } catch {
                    progress("\(kind.name): failed: \(ToolFailure.message(for: error))")
                    failures.append(error)
                }
            }
        }
        if rows.isEmpty, let first = failures.first { throw first }
        print("Synthetic data: \(users) users x \(items) items, \(data.interactions.nonzeroCount) interactions (seed \(seed)); "
              + "\(split.training.userCount) training users, \(split.test.count) test users")
        print("p = \(compactNumber(dropout)), lambda = \(compactNumber(l2)), rank k = \(rank) (low-rank solvers and sampled), "
              + "epochs: " + kinds.compactMap { kind in (epochs ?? kind.shortScheduleEpochs).map { "\(kind.name) \($0)" } }.joined(separator: ", "))
        print(resultsTable(rows, metrics: metrics), terminator: "")
        progress(String(format: "total %.1f s (fits and evaluation)", totalSeconds))
    }
}
