import EDLAECore
import EDLAESolvers
#if Distributed
import _CLinearAlgebra
import EDLAEMetrics

/// ``RankingEvaluator`` for a model that lives on a process grid: each process scores the held-out
/// users against its own block of `B`, the partial scores of a grid column are summed onto its
/// first grid row, each first-row process keeps every user's top `K` among its columns (fold-in
/// items excluded), and rank 0 merges the candidates (``RankingCandidates``) and computes the
/// metrics per user, as ``RankingEvaluator`` does on one machine.
public struct DistributedEvaluator: Sendable {
    /// The metrics.
    public var metrics: [RankingMetric]
    /// Users scored per batch.
    public var batchSize: Int

    /// - Precondition: `metrics` is not empty and `batchSize >= 1`.
    public init(metrics: [RankingMetric] = RankingMetric.tableOne, batchSize: Int = 256) {
        precondition(!metrics.isEmpty && batchSize >= 1, "An evaluator needs metrics and a positive batch size")
        self.metrics = metrics
        self.batchSize = batchSize
    }

    /// Evaluates the distributed `b` on `users` (the same on every process). Collective.
    /// - Returns: the report on rank 0, `nil` elsewhere.
    /// - Precondition: `users.foldIn.itemCount == b.layout.order`.
    /// - Complexity: O(n m^2 / P) flops per process for n users; O(batchSize m / P_c) memory per
    ///   process for the scores; O(n K P_c) candidates gathered on rank 0.
    public func evaluate(_ b: BlockCyclicMatrix, on users: HeldOutUsers, grid: ProcessGrid) -> EvaluationReport? {
        let layout = b.layout
        precondition(users.foldIn.itemCount == layout.order, "Held-out users over \(users.foldIn.itemCount) items for order \(layout.order)")
        let depth = metrics.map(\.cutoff).max()!
        let rows = layout.localRowCount, columns = layout.localColumnCount, lld = layout.leadingDimension
        let rowTable = layout.localRowTable, columnTable = layout.localColumnTable
        let columnItems = (0..<columns).map(layout.globalColumn(ofLocal:))
        var values = [RankingMetric: [Double]]()
        for metric in metrics { values[metric] = [] }
        var excluded = [Bool](repeating: false, count: columns)
        var row = [Double](repeating: 0, count: columns)
        for start in stride(from: 0, to: users.count, by: batchSize) {
            let range = start..<Swift.min(start + batchSize, users.count)
            let n = range.count
            // Partial scores S = X[:, my rows] B[my rows, my columns], n x columns, column-major.
            var x = [Double](repeating: 0, count: n * Swift.max(rows, 1))
            for (offset, user) in range.enumerated() {
                for (item, value) in zip(users.foldIn.items(ofUser: user), users.foldIn.values(ofUser: user)) {
                    let lr = rowTable[Int(item)]
                    if lr >= 0 { x[offset + lr * n] = value }
                }
            }
            var partial = [Double](repeating: 0, count: n * columns)
            if rows > 0 && columns > 0 {
                b.local.withUnsafeBufferPointer { bl in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(columns), Int32(rows),
                                1, x, Int32(n), bl.baseAddress, Int32(lld), 0, &partial, Int32(n))
                }
            }
            // First grid row: full scores of its columns, then each user's best `depth` candidates.
            var packed = [Double]()
            if let scores = grid.sumOntoFirstRow(partial) {
                for (offset, user) in range.enumerated() {
                    for lc in 0..<columns { row[lc] = scores[offset + lc * n] }
                    let foldIn = users.foldIn.items(ofUser: user)
                    for item in foldIn where columnTable[Int(item)] >= 0 { excluded[columnTable[Int(item)]] = true }
                    let best = row.withUnsafeBufferPointer { r in
                        excluded.withUnsafeBufferPointer {
                            RankingCandidates.best(of: r, items: columnItems, count: depth, excluding: $0)
                        }
                    }
                    for item in foldIn where columnTable[Int(item)] >= 0 { excluded[columnTable[Int(item)]] = false }
                    packed.append(Double(best.count))
                    for candidate in best { packed.append(Double(candidate.item)); packed.append(candidate.score) }
                }
            }
            guard let gathered = grid.gather(packed) else { continue }
            // Rank 0: merge each user's candidates from the first-row processes (ranks 0 ..< P_c).
            var cursors = [Int](repeating: 0, count: gathered.count)
            for user in range {
                var candidates = [(item: Int, score: Double)]()
                for p in 0..<gathered.count where !gathered[p].isEmpty {
                    let count = Int(gathered[p][cursors[p]])
                    for t in 0..<count {
                        candidates.append((Int(gathered[p][cursors[p] + 1 + 2 * t]), gathered[p][cursors[p] + 2 + 2 * t]))
                    }
                    cursors[p] += 1 + 2 * count
                }
                let ranking = RankingCandidates.merge(candidates, count: depth)
                let targets = Set(users.targets.items(ofUser: user).map(Int.init))
                for metric in metrics {
                    values[metric]!.append(metric.value(ranking: ranking, isTarget: { targets.contains($0) },
                                                        targetCount: targets.count))
                }
            }
        }
        return grid.rank == 0 ? EvaluationReport(metrics: metrics, userIDs: users.userIDs, values: values) : nil
    }
}
#endif
