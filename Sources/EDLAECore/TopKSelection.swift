/// The library's one top-k routine: the `k` highest scores of a row without sorting the whole row
/// (recommendations, evaluation, neighbourhoods all use it).
///
/// A bounded min-heap of `k` candidates is kept while the `m` scores are scanned once; only the
/// `k` survivors are sorted at the end. Ties are broken by the lower item index, and a NaN score
/// ranks below every number, so the result equals the first `k` entries of a full sort by (score
/// descending, index ascending).
public enum TopKSelection {
    /// The indices of the `count` largest `scores` whose `excluded[i]` is false, best first.
    ///
    /// - Parameters:
    ///   - scores: one score per item (`m` values).
    ///   - count: `k`; fewer are returned when fewer items are eligible (any `count`, even
    ///     `Int.max`, is clamped to the `m` scores; a negative one gives none).
    ///   - excluded: `nil`, or one flag per item (`true` removes the item from the ranking, e.g. a
    ///     user's fold-in items).
    /// - Complexity: O(m log k) time, O(k) extra memory.
    public static func topIndices(of scores: UnsafeBufferPointer<Double>, count: Int,
                                  excluding excluded: UnsafeBufferPointer<Bool>? = nil) -> [Int] {
        precondition(excluded == nil || excluded!.count == scores.count,
                     "Exclusion mask of \(excluded?.count ?? 0) flags for \(scores.count) scores")
        let k = min(max(count, 0), scores.count)  // a count above m means all m items
        guard k > 0 else { return [] }
        // heap[0] is the worst kept candidate under `ranksBefore`.
        var heap = [Int]()
        heap.reserveCapacity(k)
        func key(_ i: Int) -> Double { let s = scores[i]; return s.isNaN ? -.infinity : s }
        // true when item a ranks strictly before item b.
        func ranksBefore(_ a: Int, _ b: Int) -> Bool {
            let sa = key(a), sb = key(b)
            if sa != sb { return sa > sb }
            if scores[a].isNaN != scores[b].isNaN { return !scores[a].isNaN }
            return a < b
        }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count, ranksBefore(heap[worst], heap[left]) { worst = left }
                if right < heap.count, ranksBefore(heap[worst], heap[right]) { worst = right }
                if worst == parent { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        func siftUp(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                guard ranksBefore(heap[parent], heap[child]) else { return }
                heap.swapAt(parent, child)
                child = parent
            }
        }
        for i in 0..<scores.count {
            if let excluded, excluded[i] { continue }
            if heap.count < k {
                heap.append(i)
                siftUp(heap.count - 1)
            } else if ranksBefore(i, heap[0]) {
                heap[0] = i
                siftDown(0)
            }
        }
        return heap.sorted(by: ranksBefore)
    }

    /// Convenience overload for arrays; `excluded` lists item indices to leave out.
    /// - Complexity: O(m log k).
    public static func topIndices(of scores: [Double], count: Int, excluding excluded: [Int] = []) -> [Int] {
        var mask = [Bool](repeating: false, count: scores.count)
        for i in excluded where i >= 0 && i < scores.count { mask[i] = true }
        return scores.withUnsafeBufferPointer { s in
            mask.withUnsafeBufferPointer { topIndices(of: s, count: count, excluding: $0) }
        }
    }
}
