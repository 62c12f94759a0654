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
/// One m x m buffer: `C` is formed in place by Cholesky inversion and turned into `B` in the same
/// buffer (columns scaled by `-1 / C_jj`, diagonal set to 0).
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
        if precision == .single {
            let inverse = try singlePrecisionInverse(data, regularization: regularization)
            return LinearAutoencoder(full: Self.zeroDiagonalWeights(fromInverse: inverse))
        }
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        return Self.weights(fromInverse: try invertedRegularizedGram(data.gram, lambda: lambda))
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
            return Self.weights(fromInverse: try invertedRegularizedGram(of: interactions, regularization: regularization).inverse)
        case .single:
            let inverse = try invertedRegularizedGram(of: interactions, regularization: regularization, as: Float.self).inverse
            return LinearAutoencoder(full: Self.zeroDiagonalWeights(fromInverse: inverse))
        }
    }

    /// `B = I - C dMat(1 / diag C)` with a zero diagonal, in `C`'s buffer.
    static func weights(fromInverse c: consuming Matrix<Double>) -> LinearAutoencoder {
        LinearAutoencoder(full: zeroDiagonalWeights(fromInverse: c))
    }

    /// `I - C dMat(1 / diag C)` with a zero diagonal, in `C`'s buffer, in either precision.
    static func zeroDiagonalWeights<Scalar: MatrixScalar>(fromInverse c: consuming Matrix<Scalar>) -> Matrix<Scalar> {
        var b = consume c
        let scale = b.diagonal.map { -1 / $0 }
        b.scaleColumns(by: scale)
        b.diagonal = [Scalar](repeating: 0, count: b.rows)
        return b
    }
}
