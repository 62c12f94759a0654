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

    /// - Parameter regularization: dropout `p` and L2 `lambda` (validated by ``Regularization``).
    public init(regularization: Regularization) {
        self.regularization = regularization
    }

    /// The catalog entry and hyperparameters of this solver (`dlae`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .dlae, dropout: regularization.dropout, l2: regularization.l2)
    }

    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular.
    /// - Complexity: O(m^3) (one Cholesky inversion); memory: one m x m buffer plus O(m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        return Self.weights(fromInverse: try invertedRegularizedGram(data.gram, lambda: lambda), lambda: lambda)
    }

    /// Trains on `X` in one m x m buffer: `G + Lambda` is built into it, inverted there, and turned
    /// into `B` there (`AutoencoderSolver.fit(_:observer:)` on an ``InteractionMatrix``).
    /// - Throws: as `fit(_:observer:)` on ``TrainingData``.
    /// - Complexity: O(m^3); memory: one m x m buffer plus the sparse data and O(m).
    public func fit(_ interactions: InteractionMatrix, observer: IterationObserver?) throws -> LinearAutoencoder {
        let (inverse, lambda) = try invertedRegularizedGram(of: interactions, regularization: regularization)
        return Self.weights(fromInverse: inverse, lambda: lambda)
    }

    /// `B = I - P Lambda` in `P`'s buffer: columns scaled by `-Lambda_jj`, then `I` added.
    static func weights(fromInverse p: consuming Matrix<Double>, lambda: [Double]) -> LinearAutoencoder {
        var b = consume p
        b.scaleColumns(by: lambda.map { -$0 })
        b.addToDiagonal(1)
        return LinearAutoencoder(full: b)
    }
}
