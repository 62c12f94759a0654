import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation
import Testing

@Suite struct RankingMetricTests {
    // Tolerance 1e-15: the values are short sums of 1 / log2(i + 2); only rounding differs.
    @Test func recallOnAHandComputedRanking() {
        let ranking = [3, 0, 1, 2]
        let targets: Set = [1, 3]
        #expect(RankingMetric.recall(1).value(ranking: ranking, isTarget: targets.contains, targetCount: 2) == 1)    // 1 hit / min(1, 2)
        #expect(RankingMetric.recall(2).value(ranking: ranking, isTarget: targets.contains, targetCount: 2) == 0.5)  // 1 hit / 2
        #expect(RankingMetric.recall(3).value(ranking: ranking, isTarget: targets.contains, targetCount: 2) == 1)    // 2 hits / 2
        #expect(RankingMetric.recall(10).value(ranking: ranking, isTarget: targets.contains, targetCount: 2) == 1)
    }

    @Test func ndcgOnHandComputedRankings() {
        // Targets at positions 1 and 3: DCG = 1 + 1/2, IDCG = 1 + 1/log2(3) = 1.6309...; 1.5 / 1.6309 = 0.91972...
        let a = RankingMetric.ndcg(3).value(ranking: [3, 0, 1, 2], isTarget: [1, 3].contains, targetCount: 2)
        #expect(abs(a - 0.9197207891481876) < 1e-15)
        // Targets {2, 5, 7}, ranking [0, 2, 4, 5, 9]: hits at positions 2 and 4:
        // DCG = 1/log2(3) + 1/log2(5), IDCG = 1 + 1/log2(3) + 1/2 = 2.1309...; ratio 0.498189...
        let b = RankingMetric.ndcg(5).value(ranking: [0, 2, 4, 5, 9, 7], isTarget: [2, 5, 7].contains, targetCount: 3)
        #expect(abs(b - 0.49818925746641285) < 1e-15)
        // No hit in the first k.
        #expect(RankingMetric.ndcg(1).value(ranking: [0, 2], isTarget: [2].contains, targetCount: 1) == 0)
        // A perfect ranking scores 1 even with more targets than k (IDCG over min(n, k)).
        #expect(RankingMetric.ndcg(2).value(ranking: [4, 5, 6], isTarget: [4, 5, 6].contains, targetCount: 3) == 1)
    }

    @Test func parsingAndNames() {
        #expect(RankingMetric("NDCG@100") == .ndcg(100))
        #expect(RankingMetric("recall@20") == .recall(20))
        #expect(RankingMetric("recall@0") == nil)
        #expect(RankingMetric("map@10") == nil)
        #expect(RankingMetric.recall(50).description == "recall@50")
    }

    @Test func summaryUsesThePopulationStandardDeviation() {
        let s = MetricSummary([0, 1])
        #expect(s.mean == 0.5)
        // std (ddof 0) = 0.5, standard error = 0.5 / sqrt(2), as NumPy's np.std(x) / np.sqrt(n).
        #expect(abs(s.standardError - 0.35355339059327373) < 1e-15)
        #expect(s.count == 2)
        #expect(MetricSummary([0.3]).standardError == 0)
        #expect(MetricSummary([]).mean.isNaN)
    }

    @Test func topKSelectionEqualsAFullSortWithTiesNaNAndExclusions() {
        var rng = SplitMix64(seed: 3)
        for trial in 0..<40 {
            let m = 1 + rng.nextInt(below: 60)
            // Few distinct values, so ties are common; some NaN.
            var scores = (0..<m).map { _ in Double(rng.nextInt(below: 6)) }
            if trial % 3 == 0 { scores[rng.nextInt(below: m)] = .nan }
            let excluded = (0..<m).filter { _ in rng.nextInt(below: 2) == 1 }
            let k = rng.nextInt(below: m + 4)
            let key = { (i: Int) in scores[i].isNaN ? -Double.infinity : scores[i] }
            let expected = (0..<m).filter { !excluded.contains($0) }.sorted { a, b in
                if key(a) != key(b) { return key(a) > key(b) }
                if scores[a].isNaN != scores[b].isNaN { return !scores[a].isNaN }
                return a < b
            }.prefix(k)
            #expect(TopKSelection.topIndices(of: scores, count: k, excluding: excluded) == Array(expected))
        }
    }

    /// The heap selection equals the first k of a full sort by (score descending, index ascending).
    @Test func topKSelectionEqualsAFullSort() {
        var rng = SplitMix64(seed: 11)
        // Scores on a coarse grid, so ties occur and the tie rule is exercised.
        let scores = (0..<200).map { _ in Double(rng.nextInt(below: 40)) / 8 - 2 }
        let excluded: Set = [3, 17, 150]
        let sorted = scores.indices.filter { !excluded.contains($0) }
            .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        for k in [0, 1, 25, 197, 500] {
            #expect(TopKSelection.topIndices(of: scores, count: k, excluding: Array(excluded)) == Array(sorted.prefix(k)))
        }
    }
}
