import EDLAECore

/// What a solver trains on: the Gram matrix `G = X^T X`, the item counts `diag(G)`, and, when
/// available, the interactions `X` themselves.
///
/// The closed-form and iterative solvers need only `G` (the sufficient statistic of every
/// objective in Steck 2020 and Steck & Liang), so several solvers can share one `TrainingData`
/// and its single m x m Gram buffer (copy-on-write: no solver mutates it without copying).
/// Sampled training needs `X` as well.
public struct TrainingData: Sendable {
    /// `G = X^T X`, m x m, symmetric.
    public let gram: Matrix<Double>
    /// `diag(G)`; for binary data, the number of users of each item.
    public let itemCounts: [Double]
    /// The interactions `X`, when the data were given as interactions.
    public let interactions: InteractionMatrix?

    /// The number of items `m`.
    public var itemCount: Int { gram.rows }

    /// Computes `G = X^T X` from the sparse interactions.
    /// - Throws: ``/EDLAECore/LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` when the
    ///   m x m Gram matrix does not fit ``/EDLAECore/MemoryBudget/current``.
    /// - Complexity: that of ``/EDLAECore/InteractionMatrix/gram()``.
    public init(_ interactions: InteractionMatrix) throws(LinearAlgebraError) {
        let gram = try interactions.gram()
        self.gram = gram
        self.itemCounts = gram.diagonal
        self.interactions = interactions
    }

    /// Uses a precomputed Gram matrix (its diagonal gives the item counts).
    /// - Precondition: `gram` is square.
    public init(gram: Matrix<Double>) {
        precondition(gram.isSquare, "A Gram matrix is square, got \(gram.rows)x\(gram.columns)")
        self.gram = gram
        self.itemCounts = gram.diagonal
        self.interactions = nil
    }
}
