import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// End to end under mpirun: `edlae-distributed evaluate --json --per-user` (distributed fit, each
/// process scoring the test users against its block of `B`, per-user top-k merged) gives every
/// test user the same metric values as the single-machine fit scored by ``RankingEvaluator`` on the
/// split of `edlae evaluate` (same protocol, seed and defaults).
///
/// Metric values are discrete functions of the rankings, so they agree exactly unless two of a
/// user's scores lie within rounding of each other where the order matters (within the top k + 1).
/// The test requires exact agreement for every user except such near ties, each of which must be
/// shown: two items adjacent in the single-machine ranking, at a position up to the cut-off, whose
/// scores differ by at most the sum of their score error bounds. A score `s_j = sum_(i in fold-in) B_ij`
/// is off by at most `sum_i beta_j` (the entrywise bound `beta_j` on `B`'s error, as in
/// ``DistributedFitTests``) plus the rounding of the two summations, `2 n u sum_i |B_ij|`.
@Suite(.serialized, .enabled(if: MPIRunner.isEnabled, "needs the Distributed trait and EDLAE_DISTRIBUTED_EXECUTABLE"))
struct DistributedEvaluationTests {
    func check(data path: String, solver: String, dropout: Double, lambda: Double, processes: [Int], blockSize: Int) throws {
        let metrics: [RankingMetric] = [.recall(20), .recall(50), .ndcg(100), .ndcg(10)]
        let x = try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .indices)).interactions
        let split = try StrongGeneralizationProtocol(minimumUserInteractions: 5, validationUsers: .fraction(0.1),
                                                     testUsers: .fraction(0.1), seed: 98765).split(x)
        let regularization = try Regularization(dropout: dropout, l2: lambda)
        let data = try TrainingData(split.training)
        let model = solver == "edlae" ? try EDLAE(regularization: regularization).fit(data) : try DLAE(regularization: regularization).fit(data)
        let expected = try RankingEvaluator(metrics: metrics).evaluate(model, on: split.test)
        // Entrywise error bound of B, per column (see DistributedFitTests).
        let weights = regularization.weights(itemCounts: data.itemCounts)
        var a = data.gram
        a.addToDiagonal(weights)
        var c = a
        try c.invertPositiveDefinite()
        let m = split.itemCount
        func oneNorm(_ matrix: Matrix<Double>) -> Double {
            (0..<m).map { j in matrix.column(j).reduce(0) { $0 + abs($1) } }.max()!
        }
        let eta = 2 * Double(m) * (Double.ulpOfOne / 2) * oneNorm(a) * oneNorm(c)
        let cMax = c.withUnsafeBufferPointer { $0.map(abs).max()! }
        let b = model.denseWeights()
        let beta = (0..<m).map { j in
            solver == "edlae" ? eta * cMax * (1 + b.column(j).map(abs).max()!) / c[j, j] : eta * cMax * weights[j]
        }
        /// Whether user `row` of the test users has a near tie within the top `k + 1` of its ranking.
        func hasNearTie(_ row: Int, cutoff k: Int) -> Bool {
            let foldIn = split.test.foldIn.items(ofUser: row).map(Int.init)
            let scores = model.scores(for: try! split.test.foldIn.denseRows(row..<(row + 1))).row(0)
            let n = Double(foldIn.count)
            let delta = (0..<m).map { j in
                n * beta[j] + 2 * n * (Double.ulpOfOne / 2) * foldIn.reduce(0) { $0 + abs(b[$1, j]) }
            }
            let ranking = TopKSelection.topIndices(of: scores, count: k + 1, excluding: foldIn)
            return zip(ranking, ranking.dropFirst()).contains { abs(scores[$0] - scores[$1]) <= delta[$0] + delta[$1] }
        }
        for p in processes {
            let outcome = try MPIRunner.run(processes: p, [
                "evaluate", "--data", path, "--solver", solver, "--dropout", "\(dropout)", "--lambda", "\(lambda)",
                "--block-size", "\(blockSize)", "--metrics", metrics.map(\.description).joined(separator: ","),
                "--json", "--per-user",
            ])
            try #require(outcome.status == 0, "mpirun -np \(p) failed: \(outcome.standardError)")
            let record = try EvaluationRecord.decode(Data(outcome.standardOutput.utf8))
            let perUser = try #require(record.perUser)
            #expect(perUser.userIDs == expected.userIDs)
            #expect(record.itemCount == split.itemCount)
            #expect(record.split == split.statistics)
            for metric in metrics {
                let values = try #require(perUser.values[metric.description])
                let reference = expected.values[metric]!
                #expect(values.count == reference.count)
                let differing = (0..<min(values.count, reference.count)).filter { values[$0] != reference[$0] }
                for row in differing {
                    #expect(hasNearTie(row, cutoff: metric.cutoff),
                            "P = \(p), \(metric): user \(perUser.userIDs[row]) differs (\(values[row]) vs \(reference[row])) without a near tie")
                }
                let name = URL(fileURLWithPath: path).lastPathComponent
                print("\(name) \(solver) P = \(p) \(metric): \(reference.count - differing.count) of \(reference.count) users equal, "
                      + "\(differing.count) differ at a near tie")
            }
        }
    }

    @Test("Groceries, EDLAE, P = 1, 2, 4, block 40", .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func groceries() throws {
        try check(data: SharedData.file("groceries.csv")!, solver: "edlae", dropout: 0.75, lambda: 300,
                  processes: [1, 2, 4], blockSize: 40)
    }

    @Test("Epub, DLAE, P = 4, block 100", .enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func epub() throws {
        try check(data: SharedData.file("epub.csv")!, solver: "dlae", dropout: 0.9, lambda: 10, processes: [4], blockSize: 100)
    }
}
