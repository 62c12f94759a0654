import EDLAECore
import EDLAESolvers

/// One benchmark problem: the synthetic interactions for `m` items, their Gram matrix and the
/// regularisation `Lambda = p/q diag(G) + lambda I` shared by every model.
public struct Workload: Sendable {
    /// Dropout probability `p` used throughout.
    public static let dropout = 0.33
    /// L2 weight `lambda` used throughout.
    public static let l2 = 10.0
    /// ADMM penalty `omega` (`Omega = Lambda + omega I`).
    public static let omega = 10.0

    /// The number of items `m`.
    public let itemCount: Int
    /// `X`, users x items.
    public let interactions: InteractionMatrix
    /// `G = X^T X`.
    public let gram: Matrix<Double>
    /// The diagonal of `Lambda`.
    public let lambda: [Double]
    /// The same `Lambda` as the library's solvers take it.
    public let regularization: Regularization

    /// Generates the data for `m` items with ``SyntheticData`` and computes its Gram matrix.
    public init(items m: Int, seed: UInt64 = 20_200_707) {
        interactions = SyntheticData.interactions(items: m, seed: seed)
        gram = try! interactions.gram()
        itemCount = m
        regularization = try! Regularization(dropout: Workload.dropout, l2: Workload.l2)
        lambda = regularization.weights(itemCounts: gram.diagonal)
    }

    /// `G + Lambda` in a fresh buffer (the input of the bare LAPACK floor).
    public func regularizedGram() -> Matrix<Double> {
        var a = gram
        a.addToDiagonal(lambda)
        return a
    }
}
