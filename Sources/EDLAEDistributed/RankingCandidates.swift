import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// Top-k lists of the parts of one user's score row, and their merge into the top-k of the whole
/// row, in the order of ``TopKSelection`` (score descending, a NaN below every number, ties by the
/// lower item index).
///
/// If every part keeps its own top `k` under that order, the top `k` of the whole row is among
/// their union, so the merge equals ``TopKSelection/topIndices(of:count:excluding:)`` on the whole
/// row (the item indices of different parts are distinct).
public enum RankingCandidates {
    /// The best `count` of `scores` (whose entry `t` is item `items[t]`, items ascending) with
    /// `excluded[t]` false, as `(item, score)` pairs, best first.
    /// - Precondition: `items` ascend and have the length of `scores` and `excluded`.
    /// - Complexity: O(n log k).
    public static func best(of scores: UnsafeBufferPointer<Double>, items: [Int], count: Int,
                            excluding excluded: UnsafeBufferPointer<Bool>) -> [(item: Int, score: Double)] {
        precondition(scores.count == items.count && excluded.count == items.count, "Scores, items and mask disagree")
        // Items ascend with the position, so ties by position are ties by item.
        return TopKSelection.topIndices(of: scores, count: count, excluding: excluded).map { (items[$0], scores[$0]) }
    }

    /// The best `count` items of the union of `candidates` (distinct items), best first.
    /// - Complexity: O(n log n) for n candidates.
    public static func merge(_ candidates: [(item: Int, score: Double)], count: Int) -> [Int] {
        let sorted = candidates.sorted { $0.item < $1.item }
        let scores = sorted.map(\.score)
        return scores.withUnsafeBufferPointer { s in
            TopKSelection.topIndices(of: s, count: count).map { sorted[$0].item }
        }
    }
}
