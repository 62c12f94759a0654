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

    /// `dlae`.
    public var name: String { "dlae" }

    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular.
    /// - Complexity: O(m^3) (one Cholesky inversion); memory: one m x m buffer plus O(m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        var b = try invertedRegularizedGram(data.gram, lambda: lambda)
        // B = I - P Lambda: scale columns by -Lambda_jj, then add I.
        b.scaleColumns(by: lambda.map { -$0 })
        b.addToDiagonal(1)
        return try LinearAutoencoder(full: b)
            .requireUsable(solver: name, gram: data.gram, regularization: regularization)
    }
}

/// `P = (G + dMat(lambda))^-1` in one fresh m x m buffer (Cholesky, in place), with typed errors.
///
/// Before allocating, checks that the whole fit fits in ``MemoryBudget/current``: `squareBuffers`
/// is the number of m x m buffers the calling solver allocates in total, and the resident `G`
/// counts as one more (it stays alive, shared by the caller's `TrainingData`).
/// Shared by every solver that starts from `(G + Lambda)^-1`.
func invertedRegularizedGram(_ gram: Matrix<Double>, lambda: [Double],
                             squareBuffers: Int = 1) throws(SolverError) -> Matrix<Double> {
    let m = gram.rows
    do {
        try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forSquareMatrices: squareBuffers, order: m),
                                       resident: MemoryBudget.bytes(forSquareMatrices: 1, order: m),
                                       purpose: "fit with \(m) items (G and \(squareBuffers) dense \(m) x \(m) buffer\(squareBuffers == 1 ? "" : "s"))")
    } catch { throw .linearAlgebra(error) }
    // The budget was checked above; copy-on-write makes the one copy of G here (a memcpy).
    var p = gram
    p.addToDiagonal(lambda)
    do {
        try p.invertPositiveDefinite()
    } catch .notPositiveDefinite(let column) {
        let hint: String
        if lambda[column] > 0 {
            hint = "choose a larger lambda"
        } else if gram[column, column] == 0 {
            hint = "item \(column) has no interactions and lambda = 0: choose lambda > 0"
        } else {
            hint = "item \(column)'s column of G depends linearly on earlier items' (e.g. two items that always "
                + "occur together) and its regularisation is 0 (lambda = 0, p = 0): choose lambda > 0 or p > 0"
        }
        throw .notPositiveDefinite(item: column, hint: hint)
    } catch {
        throw .linearAlgebra(error)
    }
    return p
}
