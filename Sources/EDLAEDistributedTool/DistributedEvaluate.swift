import ArgumentParser
import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// `edlae-distributed evaluate`: the strong-generalisation protocol of `edlae evaluate`, with the
/// fit and the scoring distributed.
struct DistributedEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Fit DLAE/EDLAE on the training users and report ranking metrics on the test users (the split of `edlae evaluate`).")

    @OptionGroup var dataOptions: DistributedDataOptions
    @OptionGroup var solverOptions: DistributedSolverOptions

    @Option(name: .long, help: "Seed of the user shuffle and of the 80/20 target choice.")
    var seed: UInt64 = 98765

    @Option(name: .long, help: "Validation users: a count or a fraction below 1.")
    var validationUsers: String = "0.1"

    @Option(name: .long, help: "Test users: a count or a fraction below 1.")
    var testUsers: String = "0.1"

    @Option(name: .long, help: "Drop users with fewer interactions.")
    var minUserInteractions: Int = 5

    @Option(name: .long, help: "Comma-separated metrics, e.g. recall@20,recall@50,ndcg@100.")
    var metrics: String = "recall@20,recall@50,ndcg@100"

    @Flag(name: .long, help: "Print one JSON object (schema edlae-evaluation/1) instead of a table.")
    var json = false

    @Flag(name: .long, help: "With --json, include every user's metric values.")
    var perUser = false

    static func size(_ text: String, option: String) throws -> StrongGeneralizationProtocol.HeldOutSize {
        if let count = Int(text) { return .count(count) }
        if let fraction = Double(text), fraction >= 0, fraction < 1 { return .fraction(fraction) }
        throw ValidationError("\(option): '\(text)' is neither a count nor a fraction in [0, 1)")
    }

    func run() throws {
        let solver = try solverOptions.makeSolver()
        let shape = try solverOptions.gridShape()
        let metricList = try metrics.split(separator: ",").map { text -> RankingMetric in
            guard let metric = RankingMetric(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--metrics: '\(text)' is not recall@K or ndcg@K")
            }
            return metric
        }
        let evaluationProtocol = StrongGeneralizationProtocol(
            binarization: dataOptions.binarization, minimumUserInteractions: minUserInteractions,
            validationUsers: try Self.size(validationUsers, option: "--validation-users"),
            testUsers: try Self.size(testUsers, option: "--test-users"), seed: seed)
        #if Distributed
        try withProcessGrid(shape) { grid in
            let start = DispatchTime.now()
            let split = try grid.agree { () throws -> EvaluationSplit in
                let split = try evaluationProtocol.split(try dataOptions.load().interactions)
                guard split.test.count > 0 else { throw ValidationError("the split has no test users to evaluate on") }
                return split
            }
            let loadSeconds = seconds(since: start)
            progress(grid.rank, "\(solver.name): fitting on \(split.training.userCount) users x \(split.itemCount) items on a \(grid.shape) grid, block \(solver.blockSize)")
            let fitStart = DispatchTime.now()
            let b = try solver.fit(split.training, on: grid)
            let fitSeconds = seconds(since: fitStart)
            let evaluateStart = DispatchTime.now()
            let report = DistributedEvaluator(metrics: metricList).evaluate(b, on: split.test, grid: grid)
            let evaluateSeconds = seconds(since: evaluateStart)
            guard grid.rank == 0, let report else { return }
            let settings = EvaluationRecord.Settings(
                data: dataOptions.data, format: dataOptions.data == nil ? nil : "csv", splitDirectory: nil,
                minRating: dataOptions.minRating, strictRating: true, minUserInteractions: minUserInteractions,
                validationUsers: validationUsers, testUsers: testUsers, targetFraction: 0.2, seed: seed, folds: nil)
            if json {
                let record = EvaluationRecord(
                    solver: solver.name, hyperparameters: solver.hyperparameters, settings: settings,
                    split: split.statistics, itemCount: split.itemCount, trainingUsers: split.training.userCount,
                    report: report,
                    timings: .init(load: loadSeconds, split: 0, fit: fitSeconds, evaluate: evaluateSeconds,
                                   total: seconds(since: start)),
                    includePerUser: perUser)
                FileHandle.standardOutput.write(try record.jsonData())
                print()
            } else {
                print("items \(split.itemCount), training users \(split.training.userCount), test users \(report.userIDs.count), grid \(grid.shape)")
                for metric in metricList {
                    let s = report.summary(metric)
                    print("\(metric): \(String(format: "%.4f", s.mean)) ± \(String(format: "%.4f", s.standardError))")
                }
                print("fit \(String(format: "%.2f", fitSeconds)) s, evaluate \(String(format: "%.2f", evaluateSeconds)) s")
            }
        }
        #else
        _ = (solver, metricList, evaluationProtocol)
        try withProcessGrid(shape) { _ in }
        #endif
    }
}
