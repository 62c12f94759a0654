import ArgumentParser
import EDLAEMetrics

/// `edlae demo`: every available solver on a synthetic data set, as a Table-1-style comparison.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic data set, fit every available solver, and compare them on held-out users.")

    @Option(name: .long, help: "Number of items.")
    var items: Int = 2000

    @Option(name: .long, help: "Number of users.")
    var users: Int = 10000

    @Option(name: .long, help: "Seed of the data generator and of the split.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Dropout probability p.")
    var dropout: Double = 0.25

    @Option(name: [.customLong("lambda")], help: "L2 weight lambda.")
    var l2: Double = 10

    @Option(name: .long, help: "Rank k of the low-rank solvers.")
    var rank: Int = 100

    func validate() throws {
        guard items >= 10, users >= 50 else { throw ValidationError("--items needs at least 10 and --users at least 50") }
        guard rank >= 1, rank <= items else { throw ValidationError("--rank must be in 1...\(items)") }
    }

    func run() throws {
        progress("generating \(users) users x \(items) items (seed \(seed))")
        let data = DataLoading.synthetic(users: users, items: items, seed: seed)
        let split = try StrongGeneralizationProtocol(validationUsers: .count(0), testUsers: .fraction(0.1), seed: seed)
            .split(data.interactions)
        progress("\(data.interactions.nonzeroCount) interactions; \(split.training.userCount) training users, \(split.test.count) test users, \(split.itemCount) items")
        let metrics = RankingMetric.tableOne
        var rows = [(name: String, run: EvaluationRun)]()
        for name in SolverCatalog.available {
            let settings = SolverSettings(name: name, dropout: dropout, l2: l2, omega: 10, rank: rank, epochs: 10,
                                          emphasis: (1, 0.1), seed: seed)
            do {
                rows.append((name, try runEvaluation(settings, on: [split], metrics: metrics)))
            } catch {
                progress("\(name): skipped: \(error)")
            }
        }
        print("Synthetic data: \(users) users, \(items) items, seed \(seed); \(split.test.count) test users; p = \(dropout), lambda = \(l2), k = \(rank)")
        print(resultsTable(rows, metrics: metrics), terminator: "")
    }
}
