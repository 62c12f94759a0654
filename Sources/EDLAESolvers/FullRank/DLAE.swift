import EDLAECore

/// Dropout linear autoencoder, full rank (DLAE; Eq. 5 of Steck 2020):
///
///     B = I - (G + Lambda)^-1 Lambda,   Lambda = p/q dMat(diag(G)) + lambda I
///
/// the minimiser of `||X - X B||_F^2 + ||Lambda^(1/2) B||_F^2` (Eq. 4), which equals the expected
/// dropout objective of Eq. 3 with emphasis a = b.
///
/// One m x m buffer: `G + Lambda` is built from the interactions into it (or, on ``TrainingData``
/// without them, copied from the shared `G`, which stays intact), inverted in place (`potrf` +
/// `potri`, lower triangle), and turned into `B` by one pass that mirrors the triangle and scales
/// column `j` by `-Lambda_jj`, with `B_jj = 1 - P_jj Lambda_jj`.
public struct DLAE: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The precision of the fit and of the returned `B` (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameters:
    ///   - regularization: dropout `p` and L2 `lambda` (validated by ``Regularization``).
    ///   - precision: single precision halves the memory of the m x m buffer (Docs/Precision.md).
    public init(regularization: Regularization, precision: Precision = .double) {
        self.regularization = regularization
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`dlae`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .dlae, dropout: regularization.dropout, l2: regularization.l2, precision: precision)
    }

    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular.
    /// - Complexity: O(m^3) (one Cholesky inversion); memory: one m x m buffer plus O(m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try unchecked(data).requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0,
                                          regularization: regularization)
    }

    func unchecked(_ data: TrainingData) throws -> LinearAutoencoder {
        switch precision {
        case .double:
            return LinearAutoencoder(full: try fullRankWeights(data, regularization: regularization, as: Double.self,
                                                               scaling: Self.scaling))
        case .single:
            return LinearAutoencoder(full: try fullRankWeights(data, regularization: regularization, as: Float.self,
                                                               scaling: Self.scaling))
        }
    }

    /// Trains on `X` in one m x m buffer: `G + Lambda` is built into it, inverted there, and turned
    /// into `B` there (`AutoencoderSolver.fit(_:observer:)` on an ``/EDLAECore/InteractionMatrix``).
    /// - Throws: as `fit(_:observer:)` on ``TrainingData``.
    /// - Complexity: O(m^3); memory: one m x m buffer plus the sparse data and O(m).
    public func fit(_ interactions: InteractionMatrix, observer: IterationObserver?) throws -> LinearAutoencoder {
        try unchecked(interactions).requireUsable(solver: name, largestItemCount: interactions.gramDiagonal.max() ?? 0,
                                                  regularization: regularization)
    }

    func unchecked(_ interactions: InteractionMatrix) throws -> LinearAutoencoder {
        switch precision {
        case .double:
            return LinearAutoencoder(full: try fullRankWeights(of: interactions, regularization: regularization,
                                                               as: Double.self, scaling: Self.scaling))
        case .single:
            return LinearAutoencoder(full: try fullRankWeights(of: interactions, regularization: regularization,
                                                               as: Float.self, scaling: Self.scaling))
        }
    }

    /// Eq. 5 as a column scaling of `P = (G + Lambda)^-1`: `f_j = -Lambda_jj` and
    /// `B_jj = P_jj f_j + 1`, so that `B = I - P Lambda`.
    static func scaling<Scalar: MatrixScalar>(lambda: [Double], inverseDiagonal p: [Scalar])
        -> (factors: [Scalar], diagonal: [Scalar]) {
        let factors = lambda.map { -Scalar($0) }
        return (factors, zip(p, factors).map { $0 * $1 + 1 })
    }
}
