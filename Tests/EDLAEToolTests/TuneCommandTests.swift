import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// `edlae tune --folds K`: the JSON object agrees with the library run independently on the same
/// splits (synthetic baskets, fast in a debug build), and the text names the folds (Groceries).
@Suite struct TuneCommandTests {
    /// `user,item` baskets of 600 users over 40 items, 5 to 12 items each, low indices popular.
    static let baskets: String = {
        var random = SplitMix64(seed: 31)
        var lines = ["user,item"]
        for user in 0..<600 {
            var basket = Set<Int>()
            let size = 5 + random.nextInt(below: 8)
            while basket.count < size {
                let r = random.nextUnitDouble()
                basket.insert(min(39, Int(r * r * 40)))
            }
            lines += basket.sorted().map { "\(user),\($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func kFoldTuneJSON() throws {
        let tool = try #require(ToolLocation.executable, "edlae must be built next to the tests (swift build --build-tests)")
        let scratch = try ToolCommandTests.Scratch()
        let data = scratch.path("baskets.csv")
        try Self.baskets.write(toFile: data, atomically: true, encoding: .utf8)
        let (status, output, errors) = try ToolLocation.run(tool, ["tune", "--data", data, "--solver", "edlae", "--folds", "3",
                                                                   "--dropouts", "0.25", "--lambdas", "1,300", "--json"])
        #expect(status == 0, "edlae failed: \(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["solver"] as? String == "edlae")
        #expect(object["metric"] as? String == "nDCG@100")
        #expect(object["folds"] as? Int == 3)
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(trials.count == 2)
        var means = [Double]()
        for trial in trials {
            let validation = try #require(trial["validation"] as? [String: Any])
            let folds = try #require(trial["foldValidations"] as? [[String: Any]])
            let count = try #require(validation["count"] as? Int)
            #expect(folds.count == 3)
            #expect(folds.compactMap { $0["count"] as? Int }.reduce(0, +) == count)
            means.append(try #require(validation["mean"] as? Double))
        }
        let best = try #require(object["best"] as? [String: Any])
        let point = try #require(best["point"] as? [String: Double])
        #expect(point["l2"] == (means[0] >= means[1] ? 1 : 300))
        #expect(best["options"] as? [String] == ["--dropout", "0.25", "--lambda", point["l2"] == 1 ? "1" : "300"])

        // The same splits and fits through the library (40 items: every one occurs).
        let interactions = try GroceriesEndToEndTests.readUserItemCSV(data)
        let (folds, final) = try StrongGeneralizationProtocol(seed: 98765).tuningSplits(interactions, folds: 3)
        #expect(object["trainingUsers"] as? Int == final.training.userCount)
        let evaluator = RankingEvaluator(metrics: RankingMetric.tableOne)
        for (trial, l2) in zip(trials, [1.0, 300]) {
            var reports = [EvaluationReport]()
            for fold in folds {
                let model = try EDLAE(regularization: Regularization(dropout: 0.25, l2: l2)).fit(TrainingData(fold.training))
                reports.append(try evaluator.evaluate(model, on: fold.validation))
            }
            let pooled = EvaluationReport.pooled(reports).summary(.ndcg(100))
            let validation = try #require(trial["validation"] as? [String: Any])
            // Same computation, printed with JSON's shortest round-trip form: equal to 1e-12.
            #expect(abs((validation["mean"] as? Double ?? .nan) - pooled.mean) < 1e-12)
            #expect(validation["count"] as? Int == pooled.count)
        }
        let model = try EDLAE(regularization: Regularization(dropout: 0.25, l2: point["l2"]!)).fit(TrainingData(final.training))
        let test = try evaluator.evaluate(model, on: final.test)
        let reported = try #require(best["test"] as? [String: [String: Any]])
        #expect(best["testUsers"] as? Int == final.test.count && final.test.count == 60)
        for (name, metric) in [("Recall@20", RankingMetric.recall(20)), ("Recall@50", .recall(50)), ("nDCG@100", .ndcg(100))] {
            let value = try #require(reported[name]?["mean"] as? Double, "\(name) missing from \(reported.keys)")
            #expect(abs(value - test.summary(metric).mean) < 1e-12)
        }
    }

    @Test func textOutputNamesTheFolds() throws {
        guard let data = SharedData.file("groceries.csv") else { return }
        let tool = try #require(ToolLocation.executable)
        let (status, output, errors) = try ToolLocation.run(tool, ["tune", "--data", data, "--folds", "2",
                                                                   "--dropouts", "0.25", "--lambdas", "10"])
        #expect(status == 0, "edlae failed: \(errors)")
        #expect(output.contains("pooled over 2 folds"))
        #expect(output.contains("best options: --dropout 0.25 --lambda 10"))
    }
}
