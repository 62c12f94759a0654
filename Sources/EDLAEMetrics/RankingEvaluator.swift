import EDLAECore
import EDLAESolvers

/// Scores held-out users with a fitted model and computes ranking metrics (strong generalisation,
/// Liang et al. 2018): for each user the scores `x B` of its fold-in row `x` are ranked, the fold-in
/// items are excluded from the ranking, and the ranking is compared with the user's targets.
public struct RankingEvaluator: Sendable {
    /// The metrics to compute (default: Recall@20, Recall@50, nDCG@100, as in Table 1 of Steck 2020).
    public var metrics: [RankingMetric]
    /// Users scored per batch (``/EDLAESolvers/LinearAutoencoder/scores(for:rows:)``: one sparse or BLAS product per
    /// batch, which reads all of `B` once; 1024 by default, so that `B` is read once per 1024 users and a batch of
    /// scores takes `8 * 1024 m` bytes, 337 MB at m = 41,140).
    public var batchSize: Int

    /// An evaluator computing `metrics` over batches of `batchSize` users (a `batchSize` below 1
    /// counts as 1; one above the number of users scores them all in one batch).
    /// - Precondition: `metrics` is not empty.
    /// - Complexity: O(1).
    public init(metrics: [RankingMetric] = RankingMetric.tableOne, batchSize: Int = 1024) {
        precondition(!metrics.isEmpty, "An evaluator needs metrics")
        self.metrics = metrics
        self.batchSize = Swift.max(batchSize, 1)
    }

    /// Evaluates `model` on `users`.
    ///
    /// Only the `max k` best items of each user are selected (``/EDLAECore/TopKSelection``), never a full sort.
    /// - Precondition: `model.itemCount == users.foldIn.itemCount`.
    /// - Complexity: O(nnz m) for the scores of a full-rank model when the fold-in rows are sparse
    ///   (``/EDLAECore/InteractionMatrix/prefersSparseProduct(rows:)``), O(n m^2) (full rank, dense) or
    ///   O(n m k) (factored) otherwise, plus
    ///   O(n m log K) for the selection, with n users and K the largest cut-off; memory
    ///   O(batchSize * m).
    /// - Throws: ``/EDLAECore/LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` when a
    ///   batch of scores exceeds ``/EDLAECore/MemoryBudget/current``.
    public func evaluate(_ model: LinearAutoencoder, on users: HeldOutUsers) throws(LinearAlgebraError) -> EvaluationReport {
        let m = model.itemCount
        precondition(users.foldIn.itemCount == m,
                     "Held-out users over \(users.foldIn.itemCount) items for a model of \(m) items")
        let depth = metrics.map(\.cutoff).max()!
        var values = [RankingMetric: [Double]]()
        for metric in metrics { values[metric] = [] }
        var excluded = [Bool](repeating: false, count: m)
        var isTarget = [Bool](repeating: false, count: m)
        var row = [Double](repeating: 0, count: m)
        for start in stride(from: 0, to: users.count, by: Swift.max(batchSize, 1)) {
            let range = start..<(start + Swift.min(Swift.max(batchSize, 1), users.count - start))
            try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forMatrices: 2, rows: range.count, columns: m),
                                           purpose: "scores of \(range.count) users x \(m) items")
            let scores = try model.scores(for: users.foldIn, rows: range)
            let b = range.count
            for (offset, user) in range.enumerated() {
                scores.withUnsafeBufferPointer { s in
                    for j in 0..<m { row[j] = s[offset + j * b] }
                }
                let foldIn = users.foldIn.items(ofUser: user)
                let targets = users.targets.items(ofUser: user)
                for item in foldIn { excluded[Int(item)] = true }
                for item in targets { isTarget[Int(item)] = true }
                let ranking = row.withUnsafeBufferPointer { r in
                    excluded.withUnsafeBufferPointer { TopKSelection.topIndices(of: r, count: depth, excluding: $0) }
                }
                for metric in metrics {
                    values[metric]!.append(metric.value(ranking: ranking, isTarget: { isTarget[$0] },
                                                        targetCount: targets.count))
                }
                for item in foldIn { excluded[Int(item)] = false }
                for item in targets { isTarget[Int(item)] = false }
            }
        }
        return EvaluationReport(metrics: metrics, userIDs: users.userIDs, values: values)
    }
}
