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
/// restarted Lanczos method or `syevr` (whose O(m^3) tridiagonal reduction does not shrink with `k`),
/// whichever a cost model timed on the machine predicts is faster
/// (``/EDLAECore/EigenpairMethod/resolved(order:count:scalar:)``).
///
/// Memory: two m x m buffers of the chosen ``Precision``: `C`, and the eigenproblem's matrix
/// (consumed by `syevr` or read by the Lanczos iteration); `B` is never formed
/// (`U = V - C dMat(s) V`). Fitted on ``TrainingData`` the shared `G` stays resident besides them;
/// fitted on the interactions (`fit(_:observer:)` on an ``/EDLAECore/InteractionMatrix``), `G` is
/// never kept: `C` is inverted in the buffer `G + Lambda` is built into, and the eigenproblem's
/// matrix is built from the sparse data again in the second buffer, so the peak is the two buffers
/// plus the sparse data and O(m k).
public struct TeacherStudent: AutoencoderSolver {
    /// The regularisation `Lambda`.
    public let regularization: Regularization
    /// The rank `k` of the student `U V^T`.
    public let rank: Int
    /// How the top-`k` eigenvectors of `B^T (G + Lambda) B` are computed.
    public let eigenpairMethod: EigenpairMethod
    /// The precision of the fit and of the returned factors (``Precision/double`` by default).
    public let precision: Precision

    /// - Parameters:
    ///   - regularization: the teacher's `Lambda` (Eq. 8's EDLAE, fitted first).
    ///   - rank: the rank `k` of the student, `1 <= k <= m`.
    ///   - eigenpairMethod: ``/EDLAECore/EigenpairMethod/automatic`` (the default) picks Lanczos or
    ///     `syevr` by a cost model; both give the same factors up to the signs of the columns.
    ///   - precision: single precision halves both m x m buffers (Docs/Precision.md).
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for `rank < 1`
    ///   (the upper bound `m` is checked by `fit`).
    public init(regularization: Regularization, rank: Int, eigenpairMethod: EigenpairMethod = .automatic,
                precision: Precision = .double) throws(SolverError) {
        try validateRankHyperparameter(rank)
        self.regularization = regularization
        self.rank = rank
        self.eigenpairMethod = eigenpairMethod
        self.precision = precision
    }

    /// The catalog entry and hyperparameters of this solver (`teacher-student`).
    public var configuration: SolverConfiguration {
        SolverConfiguration(kind: .teacherStudent, dropout: regularization.dropout, l2: regularization.l2, rank: rank,
                            precision: precision)
    }

    /// - Throws: ``SolverError/rankOutOfRange(rank:itemCount:)``, ``SolverError/notPositiveDefinite(item:hint:)``,
    ///   ``SolverError/linearAlgebra(_:)`` (eigensolver failure, memory budget).
    /// - Complexity: O(m^3) for the inversion (and for the tridiagonal reduction when `syevr` is
    ///   used), O(m^2) per Lanczos matrix-vector product otherwise, plus O(m^2 k) for `U`;
    ///   memory: two m x m buffers plus O(m k), besides the shared `G`.
    public func fit(_ data: TrainingData, observer: IterationObserver? = nil) throws -> LinearAutoencoder {
        try validateRank(rank, itemCount: data.itemCount)
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        return try model(from: .shared(data), lambda: lambda, largestItemCount: data.itemCounts.max() ?? 0)
    }

    /// Trains on `X` in two m x m buffers, without keeping `G` (see the type's discussion).
    /// - Throws: as `fit(_:observer:)` on ``TrainingData``.
    /// - Complexity: as on ``TrainingData``, plus building `G` from the sparse rows twice
    ///   (O(sum of squared user lengths) each); memory: two m x m buffers plus the sparse data and O(m k).
    public func fit(_ interactions: InteractionMatrix, observer: IterationObserver?) throws -> LinearAutoencoder {
        try validateRank(rank, itemCount: interactions.itemCount)
        let counts = interactions.gramDiagonal
        let lambda = regularization.weights(itemCounts: counts)
        return try model(from: .interactions(interactions), lambda: lambda, largestItemCount: counts.max() ?? 0)
    }

    private func model(from source: GramSource, lambda: [Double], largestItemCount: Double) throws -> LinearAutoencoder {
        let model: LinearAutoencoder
        switch precision {
        case .double:
            let result = try Self.factors(from: source, lambda: lambda, rank: rank, method: eigenpairMethod, as: Double.self)
            model = LinearAutoencoder(encoder: result.encoder, decoder: result.decoder)
        case .single:
            let result = try Self.factors(from: source, lambda: lambda, rank: rank, method: eigenpairMethod, as: Float.self)
            model = LinearAutoencoder(encoder: result.encoder, decoder: result.decoder)
        }
        return try model.requireUsable(solver: name, largestItemCount: largestItemCount, regularization: regularization)
    }

    /// Where Algorithm 1 takes `G` from: the shared Gram matrix of a ``TrainingData``, or the sparse
    /// interactions (built twice, never kept).
    enum GramSource {
        case shared(TrainingData)
        case interactions(InteractionMatrix)
    }

    /// Algorithm 1 on a shared `G` in double precision; also returns `C = (G + Lambda)^-1` for solvers
    /// that continue from it.
    static func factors(gram: Matrix<Double>, lambda: [Double], rank: Int,
                        method: EigenpairMethod = .automatic) throws(SolverError)
        -> (encoder: Matrix<Double>, decoder: Matrix<Double>, inverse: Matrix<Double>)
    {
        try factors(from: .shared(TrainingData(gram: gram)), lambda: lambda, rank: rank, method: method, as: Double.self)
    }

    /// Algorithm 1 in the precision `Scalar`, in two m x m buffers; also returns `C`.
    static func factors<Scalar: MatrixScalar>(from source: GramSource, lambda: [Double], rank: Int,
                                              method: EigenpairMethod, as _: Scalar.Type) throws(SolverError)
        -> (encoder: Matrix<Scalar>, decoder: Matrix<Scalar>, inverse: Matrix<Scalar>)
    {
        let c: Matrix<Scalar>
        switch source {
        case .shared(let data):
            c = try data.regularizedGramInverse(as: Scalar.self, lambda: lambda, squareBuffers: 2)
        case .interactions(let x):
            do {
                // The second buffer and the index that builds G into it again, checked before the first.
                let bytes = MemoryBudget.sum([x.gramBytes(scalarBytes: MemoryLayout<Scalar>.size),
                                              MemoryBudget.product([x.itemCount, x.itemCount, MemoryLayout<Scalar>.size])])
                try MemoryBudget.current.check(bytes: bytes, purpose: "teacher-student fit with \(x.itemCount) items "
                                               + "(two dense \(x.itemCount) x \(x.itemCount) buffers)")
            } catch { throw .linearAlgebra(error) }
            do {
                c = try x.regularizedGramInverse(as: Scalar.self, addingToDiagonal: lambda.map { Scalar($0) })
            } catch .notPositiveDefinite(let column) {
                throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
                    column: column, lambda: lambda[column], gramDiagonalEntry: x.gramDiagonal[column]))
            } catch {
                throw .linearAlgebra(error)
            }
        }
        let s = c.diagonal.map { 1 / $0 }
        let studentGram = try studentGramLowerTriangle(from: source, lambda: lambda, inverse: c, reciprocalDiagonal: s)
        let eigen: SymmetricEigenpairs<Scalar>
        do { eigen = try (consume studentGram).largestEigenpairs(count: rank, method: method) }
        catch { throw .linearAlgebra(error) }
        let v = eigen.vectors
        // U = B V = V - C dMat(s) V
        var scaled = v
        scaled.scaleRows(by: s)
        var u = v
        u.addProduct(c, scaled, scaledBy: -1)
        return (u, v, c)
    }

    /// The lower triangle (and diagonal) of `B^T (G + Lambda) B` by the identity
    /// `(G + Lambda) - dMat(s) (I + B)`, `s = 1 / diag(C)`, `B = I - C dMat(s)`, in a fresh buffer
    /// holding `G` from `source`: entrywise `G_ij + s_i C_ij s_j` below the diagonal and
    /// `G_jj + Lambda_jj - 2 s_j + s_j C_jj s_j` on it. The strict upper triangle is left as it is.
    static func studentGramLowerTriangle<Scalar: MatrixScalar>(
        from source: GramSource, lambda: [Double], inverse c: Matrix<Scalar>, reciprocalDiagonal s: [Scalar]
    ) throws(SolverError) -> Matrix<Scalar> {
        let m = c.rows
        // (I + B)_jj = 2 - C_jj s_j, so -s_j (I + B)_jj = s_j C_jj s_j - 2 s_j.
        let diagonal = (0..<m).map { j in lambda[j] - 2 * Double(s[j]) + Double(s[j]) * Double(c[j, j]) * Double(s[j]) }
        var result: Matrix<Scalar>
        switch source {
        case .shared(let data):
            result = data.gram(as: Scalar.self, addingToDiagonal: diagonal)
        case .interactions(let x):
            do { result = try x.gram(as: Scalar.self, addingToDiagonal: diagonal.map { Scalar($0) }) }
            catch { throw .linearAlgebra(error) }
        }
        result.withUnsafeMutableBufferPointer { target in
            c.withUnsafeBufferPointer { cc in
                for j in 0..<m {
                    let column = j * m, sj = s[j]
                    for i in (j + 1)..<m { target[column + i] += s[i] * cc[column + i] * sj }
                }
            }
        }
        return result
    }
}
