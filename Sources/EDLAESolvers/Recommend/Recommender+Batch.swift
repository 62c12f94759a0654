import Dispatch
import EDLAECore
import Foundation

extension Recommender {
    /// The best items for each row of `users` (columns are the model's items; values are used as
    /// given, like the scores of ``LinearAutoencoder/scores(for:batchSize:)``).
    ///
    /// The users are scored in blocks: a block of `b` users needs its dense rows and scores,
    /// `2 b m` doubles, and `b` is the largest that keeps this within a quarter of
    /// ``/EDLAECore/MemoryBudget/current`` (at most 1024), so no `users x m` matrix is ever formed. Each block's
    /// product runs in BLAS (on as many threads as OpenBLAS is given); the per-user selections of
    /// a block run concurrently on the cores.
    /// - Throws: ``RecommenderError/itemCountMismatch(model:users:)``, ``RecommenderError/invalidCount(_:)``,
    ///   ``RecommenderError/unknownItems(_:count:)`` (excluded or candidate ids, by the options' policy).
    /// - Complexity: O(users m^2) full rank or O(users m k) factored for the scores, O(users m log count)
    ///   for the selections; memory O(b m + users count).
    public func recommendations(for users: InteractionMatrix, options: RecommendationOptions = .init())
        throws(RecommenderError) -> [[Recommendation]] {
        let m = itemCount
        guard users.itemCount == m else { throw .itemCountMismatch(model: m, users: users.itemCount) }
        guard options.count >= 1 else { throw .invalidCount(options.count) }
        let blocked = try eligibilityMask(options)
        let count = Swift.min(options.count, m)
        let blockSize = Self.blockSize(itemCount: m, userCount: users.userCount)
        var results = [[Recommendation]](repeating: [], count: users.userCount)
        for start in stride(from: 0, to: users.userCount, by: blockSize) {
            let range = start..<Swift.min(start + blockSize, users.userCount)
            let rows: Matrix<Double>
            do { rows = try users.denseRows(range) } catch { throw .linearAlgebra(error) }
            let scores = transposedScores(for: rows)
            let block = selectConcurrently(scores, users: users, range: range, count: count, blocked: blocked,
                                           keepsHistory: options.keepsHistory)
            results.replaceSubrange(range, with: block)
        }
        return results
    }

    /// `true` for the items no user may get: excluded ids, non-candidates, and items without
    /// training interactions (unless allowed).
    func eligibilityMask(_ options: RecommendationOptions) throws(RecommenderError) -> [Bool] {
        let m = itemCount
        var blocked = [Bool](repeating: false, count: m)
        if let counts = itemInteractionCounts, !options.includesItemsWithoutInteractions {
            for (column, count) in counts.enumerated() where count == 0 { blocked[column] = true }
        }
        for column in try columns(of: options.excluded, unknown: options.unknownItems) { blocked[column] = true }
        if let candidates = options.candidates {
            var allowed = [Bool](repeating: false, count: m)
            for column in try columns(of: candidates, unknown: options.unknownItems) { allowed[column] = true }
            for column in 0..<m where !allowed[column] { blocked[column] = true }
        }
        return blocked
    }

    /// Users per scoring block: `2 b m` doubles within a quarter of the memory budget, 1 to 1024.
    static func blockSize(itemCount m: Int, userCount: Int) -> Int {
        let perUser = Swift.max(1, 2 * m * MemoryLayout<Double>.stride)
        let affordable = MemoryBudget.current.limit / 4 / perUser
        return Swift.max(1, Swift.min(1024, affordable, Swift.max(userCount, 1)))
    }

    /// `(X B)^T = B^T X^T` (or `V (U^T X^T)`) for a dense block `X` of users: m x b, so that each
    /// user's scores are one contiguous column; BLAS `dgemm` with transposed operands, no copies.
    func transposedScores(for x: Matrix<Double>) -> Matrix<Double> {
        switch model.weights {
        case .full(let b):
            return b.multiplied(by: x, transposingSelf: true, transposingOther: true)
        case .fullSingle(let b):
            return Matrix(converting: b.multiplied(by: Matrix<Float>(converting: x), transposingSelf: true, transposingOther: true))
        case .factored(let u, let v):
            return v * u.multiplied(by: x, transposingSelf: true, transposingOther: true)
        case .factoredSingle(let u, let v):
            return Matrix(converting: v * u.multiplied(by: Matrix<Float>(converting: x), transposingSelf: true, transposingOther: true))
        }
    }

    /// Top-`count` selection for the users of one block of scores, in chunks across the cores.
    func selectConcurrently(_ scores: Matrix<Double>, users: InteractionMatrix, range: Range<Int>, count: Int,
                            blocked: [Bool], keepsHistory: Bool) -> [[Recommendation]] {
        let b = range.count, m = itemCount
        let chunks = Swift.min(b, 8)
        let results = ResultSlots(count: b)
        let transposed = scores  // m x b: each user's scores contiguous
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var mask = blocked
            let lower = chunk * b / chunks, upper = (chunk + 1) * b / chunks
            transposed.withUnsafeBufferPointer { all in
                for row in lower..<upper {
                    let user = range.lowerBound + row
                    let history = users.items(ofUser: user)
                    if !keepsHistory { for column in history { mask[Int(column)] = true } }
                    let userScores = UnsafeBufferPointer(rebasing: all[(row * m)..<((row + 1) * m)])
                    let top = mask.withUnsafeBufferPointer { TopKSelection.topIndices(of: userScores, count: count, excluding: $0) }
                    results.store(top.map { Recommendation(item: itemIDs[$0], index: $0, score: userScores[$0],
                                                            name: itemNames?[$0]) }, at: row)
                    if !keepsHistory { for column in history { mask[Int(column)] = blocked[Int(column)] } }
                }
            }
        }
        return results.values
    }
}

/// One slot per user, written by exactly one concurrent chunk each.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [[Recommendation]]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func store(_ value: [Recommendation], at index: Int) { lock.withLock { slots[index] = value } }
    var values: [[Recommendation]] { lock.withLock { slots } }
}
