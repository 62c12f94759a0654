import Foundation
import _CLinearAlgebra

/// `syevr` calls are serialised within the process: under concurrent calls (the parallel test suite
/// under AddressSanitizer) one returned no eigenpairs with `info = 0`, which points at shared state
/// inside the LAPACK library; one reduction at a time also keeps two O(m^3) reductions from
/// competing for the same cores.
private let syevrSerialization = NSLock()

/// Eigenpairs `A v_i = lambda_i v_i` of a real symmetric matrix, largest eigenvalue first
/// (LAPACK `ssyevr`/`dsyevr`, the MRRR algorithm, or ARPACK's Lanczos method; see
/// ``Matrix/largestEigenpairs(count:method:)``).
public struct SymmetricEigenpairs<Scalar: MatrixScalar>: Sendable {
    /// The eigenvalues in descending order.
    public let values: [Scalar]
    /// The orthonormal eigenvectors as columns, in the order of ``values``.
    public let vectors: Matrix<Scalar>
    /// The number of matrix-vector products `A x` the Lanczos method took (0 for `syevr`): with the
    /// cost of one product, what the run cost (``EigenpairMethod/automatic`` predicts it).
    public internal(set) var matrixVectorProducts = 0
}

/// The double-precision eigenpairs, the name the library used before `Float` had its own LAPACK path.
public typealias SymmetricEigendecomposition = SymmetricEigenpairs<Double>

extension Matrix {
    /// All eigenpairs of a symmetric matrix (lower triangle read), largest first (LAPACK
    /// `ssyevr`/`dsyevr`).
    ///
    /// Consumes `self`: call as `(consume a).symmetricEigendecomposition()` to let `syevr` work in
    /// `a`'s buffer instead of a copy.
    /// - Throws: as ``largestEigenpairs(count:)``.
    /// - Precondition: the matrix is square.
    /// - Complexity: O(n^3).
    public consuming func symmetricEigendecomposition() throws(LinearAlgebraError) -> SymmetricEigenpairs<Scalar> {
        let order = rows
        return try (consume self).largestEigenpairs(count: order)
    }

    /// The `count` largest eigenpairs of a symmetric matrix (lower triangle read), largest first,
    /// computed with `ssyevr`/`dsyevr` restricted to an index range (a partial eigenproblem: only
    /// the requested eigenvectors are formed).
    ///
    /// Consumes `self` (see ``symmetricEigendecomposition()``): `syevr` overwrites the lower
    /// triangle of the buffer it is given, so a value still used afterwards is copied first.
    /// - Precondition: the matrix is square and `0 <= count <= rows`.
    /// - Throws: ``LinearAlgebraError/eigenSolverFailed(info:)``;
    ///   ``LinearAlgebraError/nonFiniteEntry(row:column:)`` for a NaN or infinity in the lower
    ///   triangle; ``LinearAlgebraError/outOfMemory(bytes:)`` when the eigenvector buffer or
    ///   LAPACK's workspace cannot be allocated.
    /// - Complexity: O(n^3) for the tridiagonal reduction, plus O(n^2 count) for the vectors.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public consuming func largestEigenpairs(count: Int) throws(LinearAlgebraError) -> SymmetricEigenpairs<Scalar> {
        precondition(isSquare, "Symmetric eigen-decomposition needs a square matrix, got \(rows)x\(columns)")
        precondition(count >= 0 && count <= rows, "Eigenpair count \(count) out of range 0...\(rows)")
        let order = rows
        let n = try blasInt(order)
        if count == 0 || n == 0 {
            return SymmetricEigenpairs(values: [], vectors: Matrix(rows: order, columns: 0))
        }
        try _requireFinite(lowerTriangleOnly: true)
        var values = [Scalar](repeating: 0, count: order)
        var vectors = try Matrix(zeroedRows: order, columns: count)
        var support = [Int32](repeating: 0, count: 2 * count)
        var found: Int32 = 0
        let lower = n - Int32(count) + 1
        // The LAPACKE driver queries and allocates the workspace (26 n scalars, 10 n integers).
        syevrSerialization.lock()
        defer { syevrSerialization.unlock() }
        let info = withUnsafeMutableBufferPointer { pa in
            vectors.withUnsafeMutableBufferPointer { pz in
                values.withUnsafeMutableBufferPointer { w in
                    support.withUnsafeMutableBufferPointer { s in
                        Scalar.syevr(all: count == order, n: n, a: pa.baseAddress!, lda: n, lowerIndex: lower,
                                     upperIndex: n, found: &found, values: w.baseAddress!, vectors: pz.baseAddress!,
                                     ldz: n, support: s.baseAddress!)
                    }
                }
            }
        }
        if info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR {
            throw .outOfMemory(bytes: order * (26 * MemoryLayout<Scalar>.stride + 10 * MemoryLayout<Int32>.stride))
        }
        if info != 0 { throw .eigenSolverFailed(info: Int(info)) }
        // An inconsistent answer from LAPACK is reported, not trusted: a typed error, never a trap.
        if Int(found) != count { throw .eigenSolverFailed(info: -Int(found) - 1) }
        // syevr returns ascending order; reverse to largest first, swapping columns in place.
        vectors.withUnsafeMutableBufferPointer { z in
            let base = z.baseAddress!
            for j in 0..<(count / 2) {
                let left = base + j * order, right = base + (count - 1 - j) * order
                for i in 0..<order { swap(&left[i], &right[i]) }
            }
        }
        return SymmetricEigenpairs(values: values.prefix(count).reversed(), vectors: vectors)
    }
}
