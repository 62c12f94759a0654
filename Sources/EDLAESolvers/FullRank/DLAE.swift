import EDLAECore

/// Dropout linear autoencoder, full rank (DLAE; Eq. 5 of Steck 2020):
///
///     B = I - (G + Lambda)^-1 Lambda,   Lambda = p/q dMat(diag(G)) + lambda I
///
/// the minimiser of `||X - X B||_F^2 + ||Lambda^(1/2) B||_F^2` (Eq. 4), which equals the expected
/// dropout objective of Eq. 3 with emphasis a = b.
///
/// One m x m buffer: `G` is copied once (it stays shared and intact), `G + Lambda` is inverted in
/// place (`dpotrf` + `dpotri`), and `B` is formed in the same buffer (`-P Lambda`, then `+ I`).
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
        if precision == .single {
            let inverse = try singlePrecisionInverse(data, regularization: regularization)
            return LinearAutoencoder(full: Self.weights(fromInverse: inverse, lambda: regularization.weights(itemCounts: data.itemCounts)))
        }
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        return LinearAutoencoder(full: Self.weights(fromInverse: try invertedRegularizedGram(data.gram, lambda: lambda), lambda: lambda))
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
        // diag(Lambda) again from the sparse data (O(nnz)), so the inverse is handed over without a
        // second reference to its buffer.
        let lambda = regularization.weights(itemCounts: interactions.gramDiagonal)
        switch precision {
        case .double:
            return LinearAutoencoder(full: Self.weights(
                fromInverse: try invertedRegularizedGram(of: interactions, regularization: regularization).inverse, lambda: lambda))
        case .single:
            return LinearAutoencoder(full: Self.weights(
                fromInverse: try invertedRegularizedGram(of: interactions, regularization: regularization, as: Float.self).inverse,
                lambda: lambda))
        }
    }

    /// `B = I - P Lambda` in `P`'s buffer: columns scaled by `-Lambda_jj`, then `I` added.
    static func weights<Scalar: MatrixScalar>(fromInverse p: consuming Matrix<Scalar>, lambda: [Double]) -> Matrix<Scalar> {
        var b = consume p
        b.scaleColumns(by: lambda.map { -Scalar($0) })
        b.addToDiagonal(1)
        return b
    }
}
