import EDLAECore

/// Low-rank linear autoencoder trained with weight decay (Table 1, row 1 of Steck 2020):
///
///     min_{U, V in R^(m x k)}  ||X - X U V^T||_F^2 + lambda (||U||_F^2 + ||V||_F^2)
///
/// solved in closed form from the `k` largest eigenpairs `(g_i, q_i)` of `G = X^T X`:
///
///     U = V = Q_k dMat(sqrt(w)),   w_i = max(0, 1 - lambda / g_i),   B = U V^T = Q_k dMat(w) Q_k^T
///
/// The optimum is balanced (`||U||^2 + ||V||^2 >= 2 ||U V^T||_*` with equality iff `U^T U = V^T V`),
/// each eigen-direction of `G` is kept with its own shrinkage `w_i` (per direction the objective is
/// `g (1 - w)^2 + 2 lambda w`), and the minimum is `trace(G) - sum_{i <= k} g_i w_i^2`
/// (`= trace(G) - sum (g_i - lambda)_+^2 / g_i`). Derivation and numerical checks:
/// <doc:ClosedFormSolvers>. Unlike dropout (``LowRankDLAE``), weight decay penalises every
/// parameter alike and depends on the parametrisation `U V^T` (Sec. 3.2).
///
/// `lambda = 0` is allowed: it gives the plain rank-k autoencoder (PCA, `w_i = 1` for `g_i > 0`).
/// Directions with `g_i <= lambda` get weight 0 (zero columns in `U` and `V`).
public struct WeightDecayAutoencoder: AutoencoderSolver {
    /// The weight-decay strength `lambda`, `>= 0`.
    public let l2: Double
    /// The rank `k` (validated against `m` in ``fit(_:observer:)``).
    public let rank: Int
    /// The precision of the fit and of the returned factors (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameters:
    ///   - l2: `lambda >= 0`, finite.
    ///   - rank: `k` in `1...m`.
    ///   - precision: single precision halves the memory of the eigensolver's m x m buffer.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1` or a
    ///   negative or non-finite `l2`.
    /// - Complexity: O(1).
    public init(l2: Double, rank: Int, precision: Precision = .double) throws(SolverError) {
        try validateRankHyperparameter(rank)
        guard l2 >= 0, l2.isFinite else {
            throw .invalidHyperparameter(name: "weight decay lambda", value: "\(l2)", validRange: "[0, inf)")
        }
        self.l2 = l2
        self.rank = rank
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`weight-decay`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .weightDecay, l2: l2, rank: rank, precision: precision)
    }

    /// Fits the weight-decay objective in closed form, in ``precision``.
    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``; ``SolverError/linearAlgebra(_:)``
    ///   when the eigensolver fails.
    /// - Complexity: O(m^3) for the tridiagonal reduction of `dsyevr` plus O(m^2 k) for the
    ///   eigenvectors; memory: one m x m copy of `G` in the precision's scalars (besides the shared
    ///   `G`) plus O(m k).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try validateRank(rank, itemCount: data.itemCount)
        let model = switch precision {
        case .single: try factor(data, as: Float.self)
        case .double: try factor(data, as: Double.self)
        }
        return try model.requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0,
                                       regularization: try? Regularization(dropout: 0, l2: l2))
    }

    /// `U = V = Q_k dMat(sqrt(w))` from the eigenpairs of `G` in the precision `Scalar` (the
    /// shrinkage `w` computed in `Double`).
    func factor<Scalar: MatrixScalar>(_ data: TrainingData, as _: Scalar.Type) throws(SolverError) -> LinearAutoencoder {
        try data.checkBudget(squareBuffers: 1, of: Scalar.self)  // the eigensolver's copy of G
        let eigen: SymmetricEigenpairs<Scalar>
        do { eigen = try data.gram(as: Scalar.self).largestEigenpairs(count: rank) }
        catch { throw SolverError.linearAlgebra(error) }
        let l2 = l2
        let roots = eigen.values.map { value in
            let g = Double(value)
            return Scalar(g > l2 ? (1 - l2 / g).squareRoot() : 0)
        }
        var factor = eigen.vectors
        factor.scaleColumns(by: roots)
        return LinearAutoencoder(fittedEncoder: factor, decoder: factor)
    }
}
