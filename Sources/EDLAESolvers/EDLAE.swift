/// Full-rank emphasized denoising linear autoencoder with full emphasis on dropped-out entries
/// (EDLAE; Eqs. 7-9 of Steck 2020): the minimiser of Eq. 7, `||X - X B||^2 + ||Lambda^(1/2) B||^2`
/// subject to `diag(B) = 0`,
///
///     C = (G + Lambda)^-1,   B = I - C dMat(1 / diag(C))        (Eq. 8)
///
/// so `diag(B) = 0` exactly, `Lambda = p/q dMat(diag(G)) + lambda I`. Its off-diagonal entries are
/// the `b -> 0` limit of the Theorem's Eq. 6 (``EmphasizedEDLAE``); the diagonal of that limit is
/// `p (1 - Lambda_ii C_ii) / (Lambda_ii C_ii)`, not 0 as Sec. 4.1.1 argues, which changes no ranking of
/// unseen items (see `Docs/EmphasisTheorem.md`).
///
/// One m x m buffer: `C` is formed in place by Cholesky inversion and turned into `B` in the same
/// buffer (columns scaled by `-1 / C_jj`, diagonal set to 0).
public struct EDLAE: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization

    /// - Parameter regularization: dropout `p` and L2 `lambda` (validated by ``Regularization``).
    public init(regularization: Regularization) {
        self.regularization = regularization
    }

    /// `edlae`.
    public var name: String { "edlae" }

    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` when `G + Lambda` is singular.
    /// - Complexity: O(m^3); memory: one m x m buffer plus O(m).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        var b = try invertedRegularizedGram(data.gram, lambda: lambda)
        let scale = b.diagonal.map { -1 / $0 }
        b.scaleColumns(by: scale)
        b.diagonal = [Double](repeating: 0, count: b.rows)
        return try LinearAutoencoder(full: b)
            .requireUsable(solver: name, gram: data.gram, regularization: regularization)
    }
}
