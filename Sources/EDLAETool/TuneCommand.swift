import ArgumentParser
import EDLAEMetrics

/// `edlae tune`: grid search on the validation users, then the test score of the best point.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grid search over p, lambda (and omega, rank) on the validation users; report the best point's test metrics.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Comma-separated dropout probabilities p.")
    var dropouts: String = "0.1,0.25,0.33,0.5"

    @Option(name: .long, help: "Comma-separated L2 weights lambda.")
    var lambdas: String = "1,10,100"

    @Option(name: .long, help: "Comma-separated ADMM penalties omega (solvers with omega only).")
    var omegas: String?

    @Option(name: .long, help: "Comma-separated ranks (low-rank solvers only).")
    var ranks: String?

    @Option(name: .long, help: "The metric that selects the best point.")
    var metric: String = "ndcg@100"

    func run() throws {
        guard protocolOptions.folds == nil else { throw ToolError.invalidOption("tune uses one split with validation users; --folds is not supported") }
        guard let selection = RankingMetric(metric) else { throw ToolError.invalidOption("--metric: '\(metric)' is not recall@K or ndcg@K") }
        let grid = HyperparameterGrid(dropouts: try parseList(dropouts, option: "--dropouts"),
                                      l2s: try parseList(lambdas, option: "--lambdas"),
                                      omegas: try omegas.map { try parseList($0, option: "--omegas") } ?? [],
                                      ranks: try ranks.map { try parseList($0, option: "--ranks") } ?? [])
        let base = try solverOptions.settings(seed: protocolOptions.seed)
        _ = try SolverCatalog.makeSolver(base)  // fail before loading
        let (splits, _, _, _) = try protocolOptions.splits(dataOptions)
        let split = splits[0]
        progress("tuning \(base.name) on \(split.training.userCount) training users, \(split.validation.count) validation users, \(grid.points.count) points")
        let search = GridSearch(metric: selection, evaluator: RankingEvaluator(metrics: RankingMetric.tableOne))
        let result = try search.run(grid, on: split, makeSolver: { try SolverCatalog.makeSolver(base.at($0)) }) { trial in
            if let v = trial.validation {
                progress("  \(trial.point): \(displayName(selection)) \(formatSummary(v.mean, v.standardError)) (fit \(String(format: "%.2f", trial.fitSeconds)) s)")
            } else {
                progress("  \(trial.point): failed: \(trial.failure ?? "")")
            }
        }
        print("validation \(displayName(selection)) of \(base.name):")
        for trial in result.trials {
            let value = trial.validation.map { formatSummary($0.mean, $0.standardError) } ?? "failed: \(trial.failure ?? "")"
            print("  \(pad(trial.point.description, 40)) \(value)")
        }
        print("best: \(result.best.point)")
        let point = result.best.point
        var options = SolverCatalog.usesDropout(base.name) ? ["--dropout", compactNumber(point.dropout)] : []
        options += ["--lambda", compactNumber(point.l2)]
        if let omega = point.omega { options += ["--omega", compactNumber(omega)] }
        if let rank = point.rank { options += ["--rank", "\(rank)"] }
        print("best options: " + options.joined(separator: " "))
        print("test (\(result.test.userIDs.count) users):")
        for m in result.test.metrics {
            let s = result.test.summary(m)
            print("  \(pad(displayName(m), 12)) \(formatSummary(s.mean, s.standardError))")
        }
    }
}
