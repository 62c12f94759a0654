import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae evaluate`: fit one solver on the training users and score it on the test users.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a solver on the training users and report ranking metrics on the held-out test users.")

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var solverOptions: SolverOptions

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "Comma-separated metrics, e.g. recall@20,recall@50,ndcg@100.")
    var metrics: String = "recall@20,recall@50,ndcg@100"

    @Flag(name: .long, help: "Print one JSON object (schema edlae-evaluation/1) instead of a table.")
    var json = false

    @Flag(name: .long, help: "With --json, include every user's metric values.")
    var perUser = false

    @Flag(name: .long, help: "Also report the diagonal share of B and the Eq. 4 / Eq. 10 training objectives (O(m^3) for full-rank models).")
    var diagnostics = false

    func run() throws {
        let metricList = try parseMetrics(metrics)
        try solverOptions.checkUsed(by: [try solverOptions.solver()])
        let configuration = try solverOptions.configuration(seed: protocolOptions.seed)  // fail before loading
        let (result, total) = try timed { () throws -> (EvaluationRun, [EvaluationSplit], Double, Double) in
            let (splits, _, load, split) = try protocolOptions.splits(dataOptions)
            return (try runEvaluation(configuration, on: splits, metrics: metricList, output: outputOptions), splits, load, split)
        }
        let (run, splits, load, split) = result
        let modelDiagnostics = try diagnostics
            ? EvaluationRecord.Diagnostics(model: run.lastModel, data: try TrainingData(run.lastTraining),
                                           regularization: configuration.regularization())
            : nil
        if json {
            var record = EvaluationRecord(
                solver: configuration.kind.name, hyperparameters: configuration.hyperparameters,
                settings: protocolOptions.settings(dataOptions), split: splits[0].statistics,
                itemCount: splits[0].itemCount, trainingUsers: run.trainingUsers, report: run.report,
                timings: .init(load: load, split: split, fit: run.fitSeconds, evaluate: run.evaluateSeconds, total: total),
                includePerUser: perUser)
            record.diagnostics = modelDiagnostics
            FileHandle.standardOutput.write(try record.jsonData())
            print()
        } else {
            let s = splits[0].statistics
            print("items \(splits[0].itemCount), training users \(run.trainingUsers), test users \(run.report.userIDs.count)"
                  + (splits.count > 1 ? " (pooled over \(splits.count) folds)" : "")
                  + (s.usersBelowMinimum > 0 ? ", \(s.usersBelowMinimum) users below \(protocolOptions.minUserInteractions) interactions dropped" : ""))
            print(resultsTable([(configuration.kind.name, run)], metrics: metricList), terminator: "")
            if let d = modelDiagnostics {
                print(String(format: "diagonal share of B: %.4g (absolute), %.4g (squared); objective Eq. 4: %.6g, Eq. 10: %.6g",
                             d.diagonalAbsoluteShare, d.diagonalSquaredShare, d.objectiveEq4, d.objectiveEq10))
            }
        }
    }
}

/// Parses `recall@20,ndcg@100`.
func parseMetrics(_ text: String) throws -> [RankingMetric] {
    try text.split(separator: ",").map {
        guard let metric = RankingMetric(String($0).trimmingCharacters(in: .whitespaces)) else {
            throw ToolError.invalidOption("--metrics: '\($0)' is not recall@K or ndcg@K")
        }
        return metric
    }
}
