import EDLAECore

extension LinearAutoencoder {
    /// Scores `X B` for the sparse user rows `range` of `users`, as a `range.count` x m matrix.
    ///
    /// A full-rank model multiplies the sparse rows by `B` directly
    /// (``/EDLAECore/InteractionMatrix/product(rows:times:)``) when they are sparse enough
    /// (``/EDLAECore/InteractionMatrix/prefersSparseProduct(rows:)``): for implicit-feedback data that is
    /// hundreds of times less work than a BLAS product with the densified rows, which is used otherwise
    /// and for factored models (``scores(for:)-(Matrix<Double>)``).
    /// - Precondition: `users.itemCount == itemCount`; `range` lies in `0..<users.userCount`.
    /// - Throws: ``/EDLAECore/LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` when the
    ///   scores (or the densified rows) do not fit ``/EDLAECore/MemoryBudget/current``.
    /// - Complexity: O(nnz m) on the sparse path, O(range.count m^2) (full rank) or
    ///   O(range.count m k) (factored) on the dense one.
    public func scores(for users: InteractionMatrix, rows range: Range<Int>) throws(LinearAlgebraError) -> Matrix<Double> {
        precondition(users.itemCount == itemCount,
                     "Scores for users over \(users.itemCount) items from a model of \(itemCount) items")
        if users.prefersSparseProduct(rows: range) {
            switch weights {
            case .full(let b): return try users.product(rows: range, times: b)
            case .fullSingle(let b): return try users.product(rows: range, times: b)
            default: break
            }
        }
        return scores(for: try users.denseRows(range))
    }
}
