import EDLAECore

/// Full-rank emphasized denoising linear autoencoder with full emphasis on dropped-out entries
/// (EDLAE; Eqs. 7-9 of Steck 2020): the minimiser of Eq. 7, `||X - X B||^2 + ||Lambda^(1/2) B||^2`
/// subject to `diag(B) = 0`,
///
///     C = (G + Lambda)^-1,   B = I - C dMat(1 / diag(C))        (Eq. 8)
///
/// so `diag(B) = 0` exactly, `Lambda = p/q dMat(diag(G)) + lambda I`. At dropout `p = 0`
/// (`Lambda = lambda I`) this is EASE (Steck, WWW 2019), `B = I - P dMat(1 / diag P)` with
/// `P = (G + lambda I)^-1`. Its off-diagonal entries are
/// the `b -> 0` limit of the Theorem's Eq. 6 (``EmphasizedEDLAE``); the diagonal of that limit is
/// `p (1 - Lambda_ii C_ii) / (Lambda_ii C_ii)`, not 0 as Sec. 4.1.1 argues, which changes no ranking of
/// unseen items (see <doc:EmphasisTheorem>).
///
/// One m x m buffer: `C` is formed in place by Cholesky inversion (lower triangle) and turned into
/// `B` in the same buffer by one pass that mirrors the triangle, scales column `j` by `-1 / C_jj`
/// and sets the diagonal to 0.
public struct EDLAE: AutoencoderSolver {
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

    /// The catalog entry and hyperparameters of this solver (`edlae`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .edlae, dropout: regularization.dropout, l2: regularization.l2, precision: precision)
    }

    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular.
    /// - Complexity: O(m^3); memory: one m x m buffer plus O(m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try unchecked(data).requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0,
                                          regularization: regularization)
    }

    func unchecked(_ data: TrainingData) throws -> LinearAutoencoder {
        switch precision {
        case .double:
            return LinearAutoencoder(full: try fullRankWeights(data, regularization: regularization, as: Double.self,
                                                               scaling: Self.zeroDiagonalScaling))
        case .single:
            return LinearAutoencoder(full: try fullRankWeights(data, regularization: regularization, as: Float.self,
                                                               scaling: Self.zeroDiagonalScaling))
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
                                                               as: Double.self, scaling: Self.zeroDiagonalScaling))
        case .single:
            return LinearAutoencoder(full: try fullRankWeights(of: interactions, regularization: regularization,
                                                               as: Float.self, scaling: Self.zeroDiagonalScaling))
        }
    }

    /// Eq. 8 as a column scaling of `C`: `f_j = -1 / C_jj` and a zero diagonal, so that
    /// `B = I - C dMat(1 / diag C)` has `diag(B) = 0` exactly.
    static func zeroDiagonalScaling<Scalar: MatrixScalar>(lambda _: [Double], inverseDiagonal c: [Scalar])
        -> (factors: [Scalar], diagonal: [Scalar]) {
        (c.map { -1 / $0 }, [Scalar](repeating: 0, count: c.count))
    }
}
