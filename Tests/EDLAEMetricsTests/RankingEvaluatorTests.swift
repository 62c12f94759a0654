import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Testing

@Suite struct RankingEvaluatorTests {
    @Test func foldInItemsAreExcludedFromTheRanking() throws {
        // B = identity: a user's own fold-in items would score 1 and everything else 0. With them
        // excluded, the ranking of the remaining items is by index (ties), so the target at item 1
        // is ranked first for user 0 (fold-in {0}) and the target at item 3 is ranked second for
        // user 1 (fold-in {0}; item 1 is not a target).
        let model = LinearAutoencoder(full: Matrix<Double>.identity(5))
        let foldIn = InteractionMatrix(users: 2, items: 5, triplets: [(0, 0, 1), (1, 0, 1)])
        let targets = InteractionMatrix(users: 2, items: 5, triplets: [(0, 1, 1), (1, 3, 1)])
        let users = HeldOutUsers(foldIn: foldIn, targets: targets, userIDs: [10, 11])
        let report = try RankingEvaluator(metrics: [.recall(1), .ndcg(3)]).evaluate(model, on: users)
        #expect(report.values[.recall(1)] == [1, 0])
        // User 1: ranking [1, 2, 3]: hit at position 3 -> 1/log2(4) = 0.5 over IDCG 1.
        #expect(report.values[.ndcg(3)] == [1, 0.5])
        #expect(report.userIDs == [10, 11])
    }

    @Test func agreesWithANaiveFullSortOnAFittedModel() throws {
        let x = randomInteractions(users: 300, items: 40, minimum: 5, maximum: 15, seed: 21)
        let split = try StrongGeneralizationProtocol(seed: 3).split(x)
        let model = try EDLAE(regularization: Regularization(dropout: 0.25, l2: 5)).fit(split.training)
        // Batch size 7 so that several batches, including a partial one, are exercised.
        let report = try RankingEvaluator(metrics: [.recall(5), .ndcg(10)], batchSize: 7).evaluate(model, on: split.test)
        let scores = try model.scores(for: split.test.foldIn)
        for u in 0..<split.test.count {
            let naive5 = naiveMetrics(scores: scores.row(u), foldIn: Set(split.test.foldIn.items(ofUser: u).map(Int.init)),
                                      targets: Set(split.test.targets.items(ofUser: u).map(Int.init)), k: 5)
            let naive10 = naiveMetrics(scores: scores.row(u), foldIn: Set(split.test.foldIn.items(ofUser: u).map(Int.init)),
                                       targets: Set(split.test.targets.items(ofUser: u).map(Int.init)), k: 10)
            // Identical rankings give identical sums; 1e-14 only absorbs summation order.
            #expect(abs(report.values[.recall(5)]![u] - naive5.recall) < 1e-14)
            #expect(abs(report.values[.ndcg(10)]![u] - naive10.ndcg) < 1e-14)
        }
    }

    @Test func pooledReportsConcatenateUsers() {
        let a = EvaluationReport(metrics: [.recall(1)], userIDs: [1, 2], values: [.recall(1): [1, 0]])
        let b = EvaluationReport(metrics: [.recall(1)], userIDs: [3], values: [.recall(1): [1]])
        let pooled = EvaluationReport.pooled([a, b])
        #expect(pooled.userIDs == [1, 2, 3])
        #expect(abs(pooled.summary(.recall(1)).mean - 2.0 / 3) < 1e-15)
    }
}
