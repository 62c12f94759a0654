import EDLAECore

/// Full-rank emphasized denoising linear autoencoder for any emphasis `a >= b >= 0`: the closed-form
/// minimiser of the Theorem's Eq. 6 of Steck 2020 (equivalently, of the expected dropout objective
/// of Eqs. 1-2; derivation in <doc:EmphasisTheorem>).
///
/// With `P = (G + Lambda)^-1`, `Lambda = p/q dMat(diag(G)) + lambda I` and `t_j = Lambda_jj P_jj`:
///
///     B_ij = -P_ij kappa_j   (i != j),   kappa_j = a Lambda_jj / (b + (a - b) t_j)
///     B_jj = (a p + b q) (1 - t_j) / (b + (a - b) t_j)
///
/// Each column of Eq. 6 is a ridge regression whose own-entry penalty is `a/b Lambda_jj` instead of
/// `Lambda_jj` (on the diagonal scaled by `s = b / (a p + b q)` that enters the squared error);
/// Sherman-Morrison on `P` solves all columns at once.
///
/// - `a = b` gives DLAE (Eq. 5): `kappa = diag(Lambda)`, `B_jj = 1 - t_j`.
/// - `b -> 0` gives EDLAE's off-diagonal entries (Eq. 8): `kappa_j -> 1 / P_jj`; the diagonal tends
///   to `p (1 - t_j) / t_j`, not to zero. At `b = 0` Eq. 6 leaves the diagonal undetermined and
///   this limit is returned. The diagonal scores only items the user already has, so rankings of
///   unseen items equal EDLAE's in the limit.
///
/// One m x m buffer: `P` is formed in place by Cholesky inversion (lower triangle) and turned into
/// `B` in the same buffer by one pass that mirrors the triangle, scales column `j` by `-kappa_j`
/// and writes the diagonal.
public struct EmphasizedEDLAE: AutoencoderSolver {
    /// The regularisation `Lambda` (dropout `p` and extra L2 `lambda`).
    public let regularization: Regularization
    /// The emphasis weights `a` (dropped) and `b` (kept).
    public let emphasis: Emphasis
    /// The precision of the fit and of the returned `B` (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameters:
    ///   - regularization: dropout `p` and L2 `lambda` (validated by ``Regularization``).
    ///   - emphasis: `a >= b >= 0` (validated by ``Emphasis``).
    ///   - precision: single precision halves the memory of the m x m buffer (Docs/Precision.md).
    public init(regularization: Regularization, emphasis: Emphasis, precision: Precision = .double) {
        self.regularization = regularization
        self.emphasis = emphasis
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`edlae-emphasis`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .emphasizedEDLAE, dropout: regularization.dropout, l2: regularization.l2, emphasis: emphasis,
                            precision: precision)
    }

    /// Fits Eq. 6 of Steck 2020 in closed form, in ``precision``.
    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular (an item
    ///   without interactions and `lambda = 0`); ``SolverError/invalidHyperparameter(name:value:validRange:)``
    ///   for `b = 0` with `p = 0` and `lambda = 0` (then Eq. 6 is identically zero and nothing is determined).
    /// - Complexity: O(m^3) (one Cholesky inversion) plus O(m^2); memory: one m x m buffer of the
    ///   precision's scalars plus O(m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        if emphasis.kept == 0, regularization.dropout == 0, regularization.l2 == 0 {
            throw SolverError.invalidHyperparameter(
                name: "emphasis b (kept)", value: "0",
                validRange: "(0, a] when dropout p = 0 and lambda = 0 (full emphasis needs p > 0 or lambda > 0)")
        }
        let model = switch precision {
        case .single: LinearAutoencoder(fitted: try weights(data, as: Float.self))
        case .double: LinearAutoencoder(fitted: try weights(data, as: Double.self))
        }
        return try model.requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0,
                                       regularization: regularization)
    }

    /// `B` of Eq. 6 in the precision `Scalar`, formed in the buffer of `P` by the pass that mirrors
    /// `potri`'s triangle (the scalings computed in `Double` from `diag(P)`).
    func weights<Scalar: MatrixScalar>(_ data: TrainingData, as _: Scalar.Type) throws(SolverError) -> Matrix<Scalar> {
        let a = emphasis.dropped, b = emphasis.kept
        let p = regularization.dropout, q = regularization.keepProbability
        return try fullRankWeights(data, regularization: regularization, as: Scalar.self) { lambda, diagonalOfP in
            let t = zip(lambda, diagonalOfP).map { $0 * Double($1) }  // t_j = Lambda_jj P_jj, in [0, 1]
            let denominators = t.map { b + (a - b) * $0 }             // > 0: b > 0, or t_j > 0 when b = 0
            let kappa = zip(lambda, denominators).map { Scalar(-a * $0 / $1) }
            return (kappa, zip(t, denominators).map { Scalar((a * p + b * q) * (1 - $0) / $1) })
        }
    }
}
