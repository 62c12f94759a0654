import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// The whole evaluation on the real Groceries data (169 items, 9835 users), checked against an
/// independent computation (naive full sort per user, metrics from their definitions).
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
struct GroceriesEndToEndTests {

    @Test func evaluationMatchesAnIndependentComputation() throws {
        let x = try #require(SharedData.groceries)
        #expect(x.itemCount == 169 && x.userCount == 9835)
        let split = try StrongGeneralizationProtocol(seed: 98765).split(x)
        let kept = x.userCounts.filter { $0 >= 5 }.count
        #expect(split.statistics.usersBelowMinimum == 9835 - kept)
        #expect(split.test.count > 300)   // about 10% of the kept users (~370)
        let model = try EDLAE(regularization: Regularization(dropout: 0.25, l2: 10)).fit(split.training)
        #expect(model.diagonal.allSatisfy { $0 == 0 })
        let report = try RankingEvaluator().evaluate(model, on: split.test)
        let scores = try model.scores(for: split.test.foldIn)
        var recall20 = [Double](), recall50 = [Double](), ndcg100 = [Double]()
        for u in 0..<split.test.count {
            let foldIn = Set(split.test.foldIn.items(ofUser: u).map(Int.init))
            let targets = Set(split.test.targets.items(ofUser: u).map(Int.init))
            recall20.append(naiveMetrics(scores: scores.row(u), foldIn: foldIn, targets: targets, k: 20).recall)
            recall50.append(naiveMetrics(scores: scores.row(u), foldIn: foldIn, targets: targets, k: 50).recall)
            ndcg100.append(naiveMetrics(scores: scores.row(u), foldIn: foldIn, targets: targets, k: 100).ndcg)
        }
        func meanAndError(_ v: [Double]) -> (Double, Double) {
            let n = Double(v.count), mean = v.reduce(0, +) / n
            return (mean, (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot() / n.squareRoot())
        }
        for (metric, values) in [(RankingMetric.recall(20), recall20), (.recall(50), recall50), (.ndcg(100), ndcg100)] {
            let (mean, error) = meanAndError(values)
            let summary = report.summary(metric)
            // Same per-user values; 1e-12 absorbs summation order over ~370 users.
            #expect(abs(summary.mean - mean) < 1e-12)
            #expect(abs(summary.standardError - error) < 1e-12)
        }
        // EDLAE ranks far better than popularity alone would on held-out baskets: a sanity floor.
        #expect(report.summary(.ndcg(100)).mean > 0.2)

        // The JSON record carries the same numbers through an encode/decode round trip.
        let record = EvaluationRecord(
            solver: "edlae", hyperparameters: ["dropout": 0.25, "lambda": 10],
            settings: .init(data: "groceries.csv", format: "csv", splitDirectory: nil, minRating: nil, strictRating: true,
                            minUserInteractions: 5, validationUsers: "0.1", testUsers: "0.1", targetFraction: 0.2,
                            seed: 98765, folds: nil),
            split: split.statistics, itemCount: split.itemCount, trainingUsers: split.training.userCount, report: report,
            timings: .init(load: 0, split: 0, fit: 0, evaluate: 0, total: 0), includePerUser: true)
        let decoded = try EvaluationRecord.decode(record.jsonData())
        #expect(decoded == record)
        #expect(decoded.metrics["ndcg@100"]!.mean == report.summary(.ndcg(100)).mean)
        #expect(decoded.perUser!.values["recall@20"]! == report.values[.recall(20)]!)
    }

    @Test func crossValidationPoolsEveryKeptUser() throws {
        let x = try #require(SharedData.groceries)
        let splits = try StrongGeneralizationProtocol(seed: 1).crossValidationSplits(x, folds: 5)
        let tested = splits.flatMap(\.test.userIDs)
        let dropped = splits.reduce(0) { $0 + $1.statistics.heldOutUsersWithoutItems + $1.statistics.heldOutUsersWithoutTargets }
        #expect(Set(tested).count == tested.count)
        #expect(tested.count + dropped == x.userCounts.filter { $0 >= 5 }.count)
    }
}
