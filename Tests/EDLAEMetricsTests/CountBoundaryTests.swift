import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

/// Counts that come from options reach the library unchecked by a command line: the library clamps
/// where a count means "as many as there are", and never overflows or traps.
@Suite struct CountBoundaryTests {
    @Test func topCountAboveTheItemCountGivesEveryItem() {
        let scores = [0.3, 0.9, 0.1, 0.5]
        #expect(TopKSelection.topIndices(of: scores, count: Int.max) == [1, 3, 0, 2])
        #expect(TopKSelection.topIndices(of: scores, count: Int.max, excluding: [1]) == [3, 0, 2])
        #expect(TopKSelection.topIndices(of: scores, count: Int.min).isEmpty)
    }

    @Test func metricCutoffsAndBatchSizesOfAnySizeEvaluate() throws {
        let x = InteractionMatrix(users: 3, items: 4, triplets: [(0, 0, 1), (0, 1, 1), (1, 2, 1), (2, 3, 1), (2, 0, 1)])
        let targets = InteractionMatrix(users: 3, items: 4, triplets: [(0, 2, 1), (1, 3, 1), (2, 1, 1)])
        let users = HeldOutUsers(foldIn: x, targets: targets, userIDs: [0, 1, 2])
        let model = LinearAutoencoder(full: Matrix<Double>(rows: 4, columns: 4) { i, j in i == j ? 0 : Double(i + 2 * j) })
        let reference = try RankingEvaluator(metrics: [.recall(4)]).evaluate(model, on: users)
        for batch in [0, -3, Int.max] {
            let report = try RankingEvaluator(metrics: [.recall(Int.max)], batchSize: batch).evaluate(model, on: users)
            #expect(report.values[.recall(Int.max)] == reference.values[.recall(4)], "batch \(batch)")
        }
        #expect(RankingMetric("ndcg@9223372036854775807") == .ndcg(Int.max))
        #expect(RankingMetric("ndcg@9223372036854775808") == nil)
        #expect(RankingMetric("recall@0") == nil)
    }

    @Test func histogramsTakeInfiniteValues() {
        let histogram = Histogram([-.infinity, 0.5, .infinity, .nan, 1e308], bins: 4, range: 0...1)
        #expect(histogram.counts == [1, 0, 1, 2])
    }
}
