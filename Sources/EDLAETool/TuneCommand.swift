import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae tune`: grid search on the validation users (or pooled over K folds), then the test score
/// of the best point.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grid search over p, lambda (and omega, rank) on the validation users; report the best point's test metrics.",
        discussion: """
            Without --folds, each grid point is fitted on the training users and scored on the validation \
            users of one split. With --folds K, the test users are held out as without it, the other kept \
            users are cut into K folds, and each point is fitted K times (on all but one fold) and scored \
            on the held-out fold's users; its score is the mean over the per-user values of all K folds \
            pooled (every non-test user once). The best point is refitted on all non-test users and \
            evaluated on the test users. --validation-users is ignored with --folds.
            """)

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var solverOptions: SolverOptions

    @OptionGroup var outputOptions: OutputOptions

    static let defaultDropouts = "0.1,0.25,0.33,0.5"

    @Option(name: .long, help: "Comma-separated dropout probabilities p.")
    var dropouts: String = Self.defaultDropouts

    @Option(name: .long, help: "Comma-separated L2 weights lambda.")
    var lambdas: String = "1,10,100"

    @Option(name: .long, help: "Comma-separated ADMM penalties omega (solvers with omega only).")
    var omegas: String?

    @Option(name: .long, help: "Comma-separated ranks (low-rank solvers only).")
    var ranks: String?

    @Option(name: .long, help: "The metric that selects the best point.")
    var metric: String = "ndcg@100"

    @Flag(name: .long, help: "Print one JSON object (every grid point's validation score, the best point, its test metrics) instead of text.")
    var json = false

    func run() throws {
        let kind = try solverOptions.solver()
        guard let selection = RankingMetric(metric) else { throw ToolError.invalidOption("--metric: '\(metric)' is not recall@K or ndcg@K") }
        let grid = HyperparameterGrid(dropouts: kind.uses(.dropout) ? try parseList(dropouts, option: "--dropouts") : [0],
                                      l2s: try parseList(lambdas, option: "--lambdas"),
                                      omegas: try omegas.map { try parseList($0, option: "--omegas") } ?? [],
                                      ranks: try ranks.map { try parseList($0, option: "--ranks") } ?? [])
        var refused: [Hyperparameter: String] = [.dropout: "--dropouts", .lambda: "--lambdas"]
        if ranks != nil { refused[.rank] = "--ranks" }
        if omegas != nil { refused[.omega] = "--omegas" }
        try solverOptions.checkUsed(by: [kind], refusing: refused)
        if ranks != nil, !kind.uses(.rank) {
            let users = Hyperparameter.rank.users.map(\.name).joined(separator: ", ")
            throw ToolError.invalidOption("--ranks has no effect on \(kind.name), a full-rank solver; it is used by \(users)")
        }
        if omegas != nil, !kind.uses(.omega) {
            throw ToolError.invalidOption("--omegas has no effect on \(kind.name); it is used by \(Hyperparameter.omega.users.map(\.name).joined(separator: ", "))")
        }
        if !kind.uses(.dropout), dropouts != Self.defaultDropouts {
            throw ToolError.invalidOption("--dropouts has no effect on \(kind.name), which has no dropout")
        }
        let base = try solverOptions.configuration(seed: protocolOptions.seed)  // fail before loading
        let search = GridSearch(metric: selection, evaluator: RankingEvaluator(metrics: RankingMetric.tableOne))
        let report: (GridSearch.Trial) -> Void = { trial in
            if let v = trial.validation {
                progress("  \(trial.point): \(displayName(selection)) \(formatSummary(v.mean, v.standardError)) (fit \(String(format: "%.2f", trial.fitSeconds)) s)")
            } else {
                progress("  \(trial.point): failed: \(trial.failure ?? "")")
            }
        }
        let makeSolver = { (point: HyperparameterPoint) in try base.at(point).makeSolver() }
        let result: GridSearch.Result
        let trainingUsers: Int
        if let folds = protocolOptions.folds {
            guard protocolOptions.splitDir == nil else { throw ToolError.invalidOption("--folds cannot be combined with --split-dir") }
            let loaded = try dataOptions.load()
            let (foldSplits, final) = try protocolOptions.evaluationProtocol(dataOptions).tuningSplits(loaded.interactions, folds: folds)
            let validationUsers = foldSplits.map(\.validation.count).reduce(0, +)
            progress("tuning \(kind.name) by \(folds)-fold validation over \(validationUsers) users, \(final.test.count) test users, \(grid.points.count) points")
            result = try search.run(grid, folds: foldSplits, final: final, makeSolver: makeSolver, progress: report)
            trainingUsers = final.training.userCount
        } else {
            let (splits, _, _, _) = try protocolOptions.splits(dataOptions)
            let split = splits[0]
            progress("tuning \(kind.name) on \(split.training.userCount) training users, \(split.validation.count) validation users, \(grid.points.count) points")
            result = try search.run(grid, on: split, makeSolver: makeSolver, progress: report)
            trainingUsers = split.training.userCount
        }
        let point = result.best.point
        var options = kind.uses(.dropout) ? ["--dropout", compactNumber(point.dropout)] : []
        options += ["--lambda", compactNumber(point.l2)]
        if let omega = point.omega { options += ["--omega", compactNumber(omega)] }
        if let rank = point.rank { options += ["--rank", "\(rank)"] }
        if json {
            let output = TuneOutput(result: result, solver: kind.name, metric: displayName(selection),
                                    trainingUsers: trainingUsers, bestOptions: options)
            FileHandle.standardOutput.write(try output.jsonData())
            print()
            return
        }
        let pooled = result.folds > 1 ? " (pooled over \(result.folds) folds)" : ""
        print("validation \(displayName(selection)) of \(kind.name)\(pooled):")
        for trial in result.trials {
            let value = trial.validation.map { formatSummary($0.mean, $0.standardError) } ?? "failed: \(trial.failure ?? "")"
            print("  \(pad(trial.point.description, 40)) \(value)")
        }
        print("best: \(result.best.point)")
        print("best options: " + options.joined(separator: " "))
        print("test (\(result.test.userIDs.count) users\(result.folds > 1 ? ", model refitted on all \(trainingUsers) non-test users" : "")):")
        for m in result.test.metrics {
            let s = result.test.summary(m)
            print("  \(pad(displayName(m), 12)) \(formatSummary(s.mean, s.standardError))")
        }
    }
}

/// The JSON object of `edlae tune --json`.
struct TuneOutput: Codable {
    /// One grid point.
    struct Trial: Codable {
        var point: HyperparameterPoint
        /// The selection metric on the validation users (pooled over the folds), `nil` on failure.
        var validation: MetricSummary?
        /// Per fold, with `--folds`.
        var foldValidations: [MetricSummary]
        var failure: String?
        var fitSeconds: Double
    }

    /// The chosen point and its test metrics.
    struct Best: Codable {
        var point: HyperparameterPoint
        var options: [String]
        var validation: MetricSummary?
        /// Keyed by metric name (`Recall@20`, `nDCG@100`, ...).
        var test: [String: MetricSummary]
        var testUsers: Int
    }

    var solver: String
    var metric: String
    var folds: Int
    var trainingUsers: Int
    var trials: [Trial]
    var best: Best

    init(result: GridSearch.Result, solver: String, metric: String, trainingUsers: Int, bestOptions: [String]) {
        self.solver = solver
        self.metric = metric
        folds = result.folds
        self.trainingUsers = trainingUsers
        trials = result.trials.map {
            Trial(point: $0.point, validation: $0.validation, foldValidations: $0.foldValidations, failure: $0.failure, fitSeconds: $0.fitSeconds)
        }
        var test = [String: MetricSummary]()
        for m in result.test.metrics { test[displayName(m)] = result.test.summary(m) }
        best = Best(point: result.best.point, options: bestOptions, validation: result.best.validation,
                    test: test, testUsers: result.test.userIDs.count)
    }

    /// Pretty-printed, sorted keys; non-finite numbers as the strings `NaN`, `Infinity`, `-Infinity`.
    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }
}
