import EDLAECore

/// Closed-form teacher-student approximation of low-rank EDLAE (Algorithm 1 of Steck & Liang,
/// "On the Regularization of Autoencoders"):
///
///     C = (G + Lambda)^-1,  B = I - C dMat(1 / diag(C))      (teacher: full-rank EDLAE, Eq. 8 of Steck 2020)
///     V = top-k eigenvectors of B^T (G + Lambda) B
///     U = B V
///
/// the rank-k model whose off-diagonal part best fits the teacher's in the `Z`-norm of their Eq. 14
/// with the student's diagonal set to zero (their Eq. 15). `B^T (G + Lambda) B` is formed with the
/// paper's cheaper identity `(G + Lambda) - dMat(1 / diag(C)) (I + B)` (entrywise
/// `K_ij - 2 s_i delta_ij + s_i C_ij s_j` with `s = 1 / diag(C)`), which is symmetric in exact
/// arithmetic; only its lower triangle is formed and read, so no symmetrisation is needed.
///
/// The top-k eigenvectors come from ``/EDLAECore/EigenpairMethod/automatic`` by default: ARPACK's implicitly
/// restarted Lanczos method for `k <= m / 20`, where it is up to several times faster than `dsyevr`
/// (whose O(m^3) tridiagonal reduction does not shrink with `k`), and `dsyevr` otherwise (see
/// ``/EDLAECore/EigenpairMethod/resolved(order:count:)`` for the measured crossover).
///
/// Memory: two m x m buffers (`C`, and the eigenproblem's matrix, consumed by LAPACK `dsyevr` or
/// read by the Lanczos iteration), besides the shared `G`; `B` is never formed (`U = V - C dMat(s) V`).
public struct TeacherStudent: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The rank `k` of the student `U V^T`.
    public let rank: Int
    /// How the top-`k` eigenvectors of `B^T (G + Lambda) B` are computed.
    public let eigenpairMethod: EigenpairMethod

    /// - Parameters:
    ///   - regularization: the teacher's `Lambda` (Eq. 8's EDLAE, fitted first).
    ///   - rank: the rank `k` of the student, `1 <= k <= m`.
    ///   - eigenpairMethod: ``/EDLAECore/EigenpairMethod/automatic`` (the default) picks Lanczos or
    ///     `dsyevr` by `k / m`; both give the same factors up to the signs of the columns.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1`
    ///   (the upper bound `m` is checked by `fit`).
    public init(regularization: Regularization, rank: Int,
                eigenpairMethod: EigenpairMethod = .automatic) throws(SolverError) {
        try validateRankHyperparameter(rank)
        self.regularization = regularization
        self.rank = rank
        self.eigenpairMethod = eigenpairMethod
    }

    /// The catalog entry and hyperparameters of this solver (`teacher-student`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .teacherStudent, dropout: regularization.dropout, l2: regularization.l2, rank: rank)
    }

    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``, ``SolverError/notPositiveDefinite(item:hint:)``,
    ///   ``SolverError/linearAlgebra(_:)`` (eigensolver failure).
    /// - Complexity: O(m^3) for the inversion (and for the tridiagonal reduction when `dsyevr` is
    ///   used), O(m^2) per Lanczos matrix-vector product otherwise, plus O(m^2 k) for `U`;
    ///   memory: two m x m buffers plus O(m k).
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try validateRank(rank, itemCount: data.itemCount)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let result = try Self.factors(gram: data.gram, lambda: lambda, rank: rank, method: eigenpairMethod)
        return try LinearAutoencoder(encoder: result.encoder, decoder: result.decoder)
            .requireUsable(solver: name, largestItemCount: data.itemCounts.max() ?? 0, regularization: regularization)
    }

    /// Algorithm 1; also returns `C = (G + Lambda)^-1` for solvers that continue from it.
    static func factors(gram: Matrix<Double>, lambda: [Double], rank: Int,
                        method: EigenpairMethod = .automatic) throws(SolverError)
        -> (encoder: Matrix<Double>, decoder: Matrix<Double>, inverse: Matrix<Double>)
    {
        let c = try invertedRegularizedGram(gram, lambda: lambda, squareBuffers: 2)
        let s = c.diagonal.map { 1 / $0 }
        let studentGram = try studentGramLowerTriangle(gram: gram, lambda: lambda, inverse: c, reciprocalDiagonal: s)
        let eigen: SymmetricEigendecomposition
        do { eigen = try (consume studentGram).largestEigenpairs(count: rank, method: method) }
        catch { throw .linearAlgebra(error) }
        let v = eigen.vectors
        // U = B V = V - C dMat(s) V
        var u = v
        u.addProduct(c, v.rowsScaled(by: s), scaledBy: -1)
        return (u, v, c)
    }

    /// The lower triangle (and diagonal) of `B^T (G + Lambda) B` by the identity
    /// `(G + Lambda) - dMat(s) (I + B)`, `s = 1 / diag(C)`, `B = I - C dMat(s)`; the strict upper
    /// triangle is left as zero.
    static func studentGramLowerTriangle(gram: Matrix<Double>, lambda: [Double], inverse c: Matrix<Double>,
                                         reciprocalDiagonal s: [Double]) throws(SolverError) -> Matrix<Double> {
        let m = gram.rows
        var result: Matrix<Double>
        do { result = try Matrix<Double>(zeroedRows: m, columns: m) }
        catch { throw .linearAlgebra(error) }
        result.withUnsafeMutableBufferPointer { target in
            gram.withUnsafeBufferPointer { g in
                c.withUnsafeBufferPointer { cc in
                    for j in 0..<m {
                        let column = j * m
                        // (I + B)_ij = 2 delta_ij - C_ij s_j, so -s_i (I + B)_ij = s_i C_ij s_j - 2 s_i delta_ij.
                        target[column + j] = g[column + j] + lambda[j] - 2 * s[j] + s[j] * cc[column + j] * s[j]
                        for i in (j + 1)..<m {
                            target[column + i] = g[column + i] + s[i] * cc[column + i] * s[j]
                        }
                    }
                }
            }
        }
        return result
    }
}
