import EDLAECore

/// The ADMM updates for low-rank EDLAE (Eq. 10 of Steck 2020; supplement Sec. 3), with
/// `Omega = Lambda + omega I`, arranged so that one epoch costs three m x m times m x k products
/// and no m x m temporary: the target the library's ADMM solver is measured against.
///
///     V^T <- (U^T (G + Lambda + Omega) U)^-1 U^T R,        R = G dMat(1 + beta) + Omega dMat(beta - gamma)
///     U   <- P R V (V^T V)^-1,                              P = (G + Lambda + Omega)^-1
///     beta <- (diag(G U V^T) - diag(G) + Omega (diag(U V^T) + gamma)) / (diag(G) + Omega - Lambda)
///     gamma <- gamma + diag(U V^T) - beta
///
/// `R` is applied as `G (dMat(1 + beta) W) + dMat(Omega (beta - gamma)) W`; `G U` from the beta
/// update is kept for the next epoch's V update.
public struct LeanADMM {
    public let gram: Matrix<Double>
    /// `P = (G + Lambda + Omega)^-1`, computed once.
    public let p: Matrix<Double>
    public let lambda: [Double]
    public let omegaDiagonal: [Double]
    public private(set) var u: Matrix<Double>
    public private(set) var v: Matrix<Double>
    public private(set) var beta: [Double]
    public private(set) var gamma: [Double]
    private var gramTimesU: Matrix<Double>
    private var scratch: Matrix<Double>

    /// Precomputes `P` and a seeded start.
    public init(gram: Matrix<Double>, lambda: [Double], omega: Double, rank k: Int, seed: UInt64 = 7) throws {
        let m = gram.rows
        self.gram = gram
        self.lambda = lambda
        omegaDiagonal = lambda.map { $0 + omega }
        var p = gram
        p.addToDiagonal(zip(lambda, omegaDiagonal).map { $0 + $1 })
        try p.invertPositiveDefinite()
        self.p = p
        u = Kernels.randomMatrix(rows: m, columns: k, seed: seed, scale: 0.01)
        v = Matrix(rows: m, columns: k)
        beta = [Double](repeating: 0, count: m)
        gamma = beta
        gramTimesU = Matrix(rows: m, columns: k)
        gramTimesU.addProduct(gram, u, scalingSelfBy: 0)
        scratch = Matrix(rows: m, columns: k)
    }

    /// One epoch: the V, U, beta and gamma updates.
    /// - Complexity: three `2 m^2 k` products (`G W'`, `P (R W)`, `G U`) plus O(m k^2 + k^3).
    public mutating func epoch() {
        let m = gram.rows
        let g = gram.diagonal
        let onePlusBeta = beta.map { 1 + $0 }
        let omegaShift = (0..<m).map { omegaDiagonal[$0] * (beta[$0] - gamma[$0]) }
        // V update. H = U^T (G + Lambda + Omega) U (k x k).
        var h = gramTimesU.transposeTimes(u)
        var scaledU = u
        scaledU.scaleRows(by: zip(lambda, omegaDiagonal).map { $0 + $1 })
        h.addProduct(scaledU, u, transposingFirst: true)
        h.symmetrizeFromLowerTriangle()
        // T = R^T U = dMat(1 + beta) G U + dMat(Omega (beta - gamma)) U  (m x k), V = T H^-1.
        var t = gramTimesU
        t.scaleRows(by: onePlusBeta)
        Kernels.addRowScaled(&t, u, omegaShift)
        v = Kernels.rightSolve(t, h)
        // U update. W = V (V^T V)^-1.
        let w = Kernels.rightSolve(v, v.transposeTimesSelf())
        var scaledW = w
        scaledW.scaleRows(by: onePlusBeta)
        scratch.addProduct(gram, scaledW, scalingSelfBy: 0)           // G dMat(1 + beta) W
        Kernels.addRowScaled(&scratch, w, omegaShift)                 // + dMat(Omega (beta - gamma)) W
        u.addProduct(p, scratch, scalingSelfBy: 0)                    // U = P R W
        // beta and gamma updates.
        gramTimesU.addProduct(gram, u, scalingSelfBy: 0)              // G U (kept for the next epoch)
        let diagonalGUV = Kernels.rowDots(gramTimesU, v)
        let diagonalUV = Kernels.rowDots(u, v)
        for i in 0..<m {
            let numerator = diagonalGUV[i] - g[i] + omegaDiagonal[i] * (diagonalUV[i] + gamma[i])
            beta[i] = max(0, numerator / (g[i] + omegaDiagonal[i] - lambda[i]))
            gamma[i] += diagonalUV[i] - beta[i]
        }
    }
}
