import EDLAECore

/// Low-rank dropout linear autoencoder (Table 1, rows 2 and 3 of Steck 2020; the
/// unconstrained-diagonal curve of Fig. 1): the closed-form minimiser of
///
///     ||X - X U V^T||_F^2 + ||Lambda^(1/2) U V^T||_F^2,   U, V in R^(m x k)
///
/// (Eq. 3 with `B = U V^T`), a reduced-rank ridge regression. With `B_full = (G + Lambda)^-1 G`
/// (Eq. 5) the objective equals `||(G + Lambda)^(1/2) (B - B_full)||_F^2 + const`, so by
/// Eckart-Young
///
///     V = top-k eigenvectors of  S = B_full^T (G + Lambda) B_full = G (G + Lambda)^-1 G,
///     U = B_full V,                B = U V^T = B_full V V^T,
///
/// and the minimum is `trace(G) - (sum of the k largest eigenvalues of S)`. `S` is formed without a
/// matrix product from `P = (G + Lambda)^-1` as `S = G - Lambda + Lambda P Lambda`, and
/// `U = V - P (Lambda V)`. Row 2 of Table 1 is `p = 0` with `lambda > 0` (`Lambda = lambda I`); row 3
/// is `p > 0`. At `k = m`, `B = B_full` (DLAE).
///
/// The model is returned factored (encoder `U`, decoder `V`, orthonormal columns), never as an
/// m x m `B`.
public struct LowRankDLAE: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The rank `k` (validated against `m` in ``fit(_:observer:)``).
    public let rank: Int
    /// The precision of the fit and of the returned factors (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameters:
    ///   - regularization: dropout `p` and L2 `lambda` (validated by ``Regularization``).
    ///   - rank: `k` in `1...m`.
    ///   - precision: single precision halves the memory of the two m x m buffers (Docs/Precision.md).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1` (the
    ///   upper bound `m` is checked by `fit`).
    public init(regularization: Regularization, rank: Int, precision: Precision = .double) throws(SolverError) {
        try validateRankHyperparameter(rank)
        self.regularization = regularization
        self.rank = rank
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`dlae-lowrank`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .lowRankDLAE, dropout: regularization.dropout, l2: regularization.l2, rank: rank,
                            precision: precision)
    }

    /// Fits the reduced-rank ridge regression in closed form, in ``precision``.
    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``;
    ///   ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular;
    ///   ``SolverError/linearAlgebra(_:)`` when the eigensolver fails.
    /// - Complexity: O(m^3) for the inversion and the tridiagonal reduction of `dsyevr`, plus
    ///   O(m^2 k) for the `k` eigenvectors and `U`; memory: two m x m buffers (`P` and `S`) of the
    ///   precision's scalars plus O(m k).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try validateRank(rank, itemCount: data.itemCount)
        let model = switch precision {
        case .single: try factors(data, as: Float.self)
        case .double: try factors(data, as: Double.self)
        }
        return try model.requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0,
                                       regularization: regularization)
    }

    /// `U` and `V` in the precision `Scalar`.
    func factors<Scalar: MatrixScalar>(_ data: TrainingData, as _: Scalar.Type) throws(SolverError) -> LinearAutoencoder {
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let inverse = try data.regularizedGramInverse(as: Scalar.self, lambda: lambda, squareBuffers: 2)
        // S = G P G = (G + Lambda - Lambda) P (G + Lambda - Lambda) = G - Lambda + Lambda P Lambda,
        // with G added from the shared Double G (rounded once per entry).
        let scalarLambda = lambda.converted(to: Scalar.self)
        var s = inverse
        s.scaleRows(by: scalarLambda)
        s.scaleColumns(by: scalarLambda)
        s.add(converting: data.gram)
        s.addToDiagonal(scalarLambda.map { -$0 })
        let decoder: Matrix<Scalar>
        do { decoder = try (consume s).largestEigenpairs(count: rank).vectors }
        catch { throw SolverError.linearAlgebra(error) }
        // U = B_full V = (I - P Lambda) V = V - P (Lambda V).
        var scaled = decoder
        scaled.scaleRows(by: scalarLambda)
        var encoder = decoder
        encoder.addProduct(inverse, scaled, scaledBy: -1, scalingSelfBy: 1)
        return LinearAutoencoder(fittedEncoder: encoder, decoder: decoder)
    }
}
