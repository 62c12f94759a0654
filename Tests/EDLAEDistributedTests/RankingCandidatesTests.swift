import EDLAECore
import EDLAEDistributed
import EDLAEMetrics
import EDLAESolvers
import Testing

/// Merging per-part top-k lists gives the top-k of the whole row (the distributed evaluation's merge).
struct RankingCandidatesTests {
    @Test("Merged top-k of column parts equals TopKSelection on the whole row, ties and NaN included", arguments: [1, 2, 3, 5])
    func mergeEqualsWholeRow(parts: Int) {
        var generator = SplitMix64(seed: 42)
        for trial in 0..<50 {
            let m = 40 + trial
            // Few distinct values: many exact ties; one NaN.
            var scores = (0..<m).map { _ in Double(generator.next() % 7) / 4 }
            scores[Int(generator.next() % UInt64(m))] = .nan
            let excluded = (0..<m).map { _ in generator.next() % 5 == 0 }
            for k in [1, 5, 20, m] {
                let expected = scores.withUnsafeBufferPointer { s in
                    excluded.withUnsafeBufferPointer { TopKSelection.topIndices(of: s, count: k, excluding: $0) }
                }
                // Block-cyclic column parts of block 3 over `parts` processes.
                var candidates = [(item: Int, score: Double)]()
                for p in 0..<parts {
                    let items = (0..<m).filter { ($0 / 3) % parts == p }
                    let local = items.map { scores[$0] }, mask = items.map { excluded[$0] }
                    candidates += local.withUnsafeBufferPointer { s in
                        mask.withUnsafeBufferPointer { RankingCandidates.best(of: s, items: items, count: k, excluding: $0) }
                    }
                }
                #expect(RankingCandidates.merge(candidates, count: k) == expected)
            }
        }
    }
}
