import Foundation

/// How ``Matrix/largestEigenpairs(count:method:)`` computes the `k` largest eigenpairs of a
/// symmetric `m x m` matrix.
public enum EigenpairMethod: Sendable, Hashable {
    /// ``implicitlyRestartedLanczos`` or ``fullReduction``, whichever a cost model predicts is faster for
    /// the order, the count and the machine (``resolved(order:count:scalar:)``).
    case automatic
    /// LAPACK `ssyevr`/`dsyevr` on an index range: a Householder tridiagonal reduction (O(m^3), independent
    /// of `k`) followed by MRRR for the `k` wanted eigenpairs.
    case fullReduction
    /// ARPACK's implicitly restarted Lanczos method (`ssaupd`/`sseupd` or `dsaupd`/`dseupd`, mode 1,
    /// the `k` largest algebraic eigenvalues) with products `A x` by BLAS `ssymv`/`dsymv` on the
    /// lower triangle: O(m^2) per
    /// product, with a number of products that grows with `k` and with how clustered the spectrum is.
    case implicitlyRestartedLanczos

    /// ``resolved(order:count:scalar:)`` for a matrix of `Double`s.
    ///
    /// Before the cost model, the rule was `k <= m / 20`, from timing both methods alone (release
    /// build, OpenBLAS with 2 threads, one x86-64 machine) on the teacher-student matrix
    /// `B^T (G + Lambda) B` of synthetic interactions (10 m users, density 0.01), seconds `dsyevr` / Lanczos:
    ///
    ///     m \ k      10            50            100           200
    ///     1000   0.048/0.017   0.063/0.027   0.083/0.074   0.126/0.289
    ///     2000   0.252/0.078   0.291/0.100   0.330/0.178   0.404/0.668
    ///     4000   2.68/0.46     2.47/0.83     2.75/1.33     2.93/2.19
    ///
    /// On another CPU (Zen 5, `OPENBLAS_CORETYPE=Haswell`) the same rule picked Lanczos at
    /// `m = 4000, k = 200` although `dsyevr` was faster there: the crossover moves with the machine,
    /// which is why it is now predicted from a constant timed on the machine at hand.
    /// - Complexity: as ``resolved(order:count:scalar:)``.
    public func resolved(order m: Int, count k: Int) -> EigenpairMethod {
        resolved(order: m, count: k, scalar: Double.self)
    }
}

/// ARPACK keeps the state of its reverse-communication loop in Fortran `SAVE` variables, so only
/// one Lanczos iteration may run at a time in a process.
private let arpackSerialization = NSLock()

extension Matrix {
    /// The `count` largest eigenpairs `A v_i = lambda_i v_i` of a symmetric matrix (lower triangle
    /// read), largest first, by the chosen `method` (``EigenpairMethod/automatic`` picks the
    /// faster one for the shape).
    ///
    /// ``EigenpairMethod/implicitlyRestartedLanczos`` runs ARPACK `ssaupd`/`dsaupd` to
    /// machine-precision tolerance (`tol = 0`: the unit roundoff of `Scalar`) with
    /// `ncv = min(m, max(2k + 1, 20))` Lanczos vectors, up to `max(300, 10 m)` restarts, from a
    /// fixed pseudo-random start vector (``SplitMix64``), so the result is deterministic;
    /// `sseupd`/`dseupd` then forms the Ritz vectors. Eigenvectors agree with `syevr`'s up to sign
    /// (and up to rotation within a repeated eigenvalue). ARPACK needs `k < m`; `count == rows`
    /// therefore always uses `syevr`. Lanczos runs are serialised within the process (ARPACK's
    /// state is global).
    ///
    /// Consumes `self` like ``largestEigenpairs(count:)``; the Lanczos path only reads it.
    /// - Precondition: the matrix is square and `0 <= count <= rows`.
    /// - Throws: as ``largestEigenpairs(count:)``, and
    ///   ``LinearAlgebraError/lanczosFailed(info:converged:requested:)`` when ARPACK stops before all
    ///   `count` Ritz pairs converge or reports an error.
    /// - Complexity: ``EigenpairMethod/fullReduction``: O(m^3); Lanczos: O(m^2) per matrix-vector
    ///   product plus O(m ncv^2) per restart; memory O(m ncv).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public consuming func largestEigenpairs(count: Int, method: EigenpairMethod) throws(LinearAlgebraError)
        -> SymmetricEigenpairs<Scalar>
    {
        precondition(isSquare, "Symmetric eigen-decomposition needs a square matrix, got \(rows)x\(columns)")
        precondition(count >= 0 && count <= rows, "Eigenpair count \(count) out of range 0...\(rows)")
        if method.resolved(order: rows, count: count, scalar: Scalar.self) == .implicitlyRestartedLanczos, count > 0, count < rows {
            return try _lanczosLargestEigenpairs(count: count)
        }
        return try (consume self).largestEigenpairs(count: count)
    }

    /// ARPACK's reverse-communication loop (mode 1, `which = "LA"`), then `seupd` for the vectors.
    private func _lanczosLargestEigenpairs(count: Int) throws(LinearAlgebraError) -> SymmetricEigenpairs<Scalar> {
        let order = rows
        let n = try blasInt(order)
        try _requireFinite(lowerTriangleOnly: true)
        let basisCount = min(order, max(2 * count + 1, 20))
        let (workLength, overflow) = basisCount.multipliedReportingOverflow(by: basisCount + 8)
        let ncv = try blasInt(basisCount), lworkl = try blasInt(overflow ? Int.max : workLength)
        let nev = Int32(count)
        var basis = try Matrix(zeroedRows: order, columns: basisCount)
        var vectors = try Matrix(zeroedRows: order, columns: count)
        var generator = SplitMix64(seed: 0x4C41_4E43_5A4F_53)
        var residual = (0..<order).map { _ in Scalar(2 * generator.nextUnitDouble() - 1) }
        var work = [Scalar](repeating: 0, count: 3 * order)
        var workL = [Scalar](repeating: 0, count: workLength)
        var parameters = [Int32](repeating: 0, count: 11)
        parameters[0] = 1                                 // exact shifts
        parameters[2] = Int32(clamping: max(300, 10 * order)) // maximum number of restarts
        parameters[6] = 1                                 // mode 1: A x = lambda x
        var pointers = [Int32](repeating: 0, count: 14)
        var selection = [Int32](repeating: 0, count: basisCount)
        var ritzValues = [Scalar](repeating: 0, count: count)
        var request: Int32 = 0
        var info: Int32 = 1                               // 1: `residual` holds the start vector
        var products = 0

        arpackSerialization.lock()
        defer { arpackSerialization.unlock() }
        withUnsafeBufferPointer { a in
            basis.withUnsafeMutableBufferPointer { v in
                work.withUnsafeMutableBufferPointer { w in
                    residual.withUnsafeMutableBufferPointer { r in
                        workL.withUnsafeMutableBufferPointer { wl in
                            parameters.withUnsafeMutableBufferPointer { p in
                                pointers.withUnsafeMutableBufferPointer { q in
                                    while true {
                                        Scalar.saupd(request: &request, n: n, nev: nev, tolerance: 0,
                                                     residual: r.baseAddress!, ncv: ncv, v: v.baseAddress!, ldv: n,
                                                     parameters: p.baseAddress!, pointers: q.baseAddress!,
                                                     workd: w.baseAddress!, workl: wl.baseAddress!, lworkl: lworkl,
                                                     info: &info)
                                        guard request == -1 || request == 1 else { break }
                                        // y = A x with x = workd(ipntr(1)), y = workd(ipntr(2)) (1-based).
                                        let x = w.baseAddress! + Int(q[0] - 1)
                                        let y = w.baseAddress! + Int(q[1] - 1)
                                        Scalar.symv(n: n, alpha: 1, a: a.baseAddress!, lda: n, x: x, beta: 0, y: y)
                                        products += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if info != 0 {
            throw .lanczosFailed(info: Int(info), converged: info == 1 ? Int(parameters[4]) : 0, requested: count)
        }
        info = basis.withUnsafeMutableBufferPointer { v in
            vectors.withUnsafeMutableBufferPointer { z in
                work.withUnsafeMutableBufferPointer { w in
                    residual.withUnsafeMutableBufferPointer { r in
                        workL.withUnsafeMutableBufferPointer { wl in
                            parameters.withUnsafeMutableBufferPointer { p in
                                pointers.withUnsafeMutableBufferPointer { q in
                                    selection.withUnsafeMutableBufferPointer { s in
                                        ritzValues.withUnsafeMutableBufferPointer { d in
                                            Scalar.seupd(values: d.baseAddress!, vectors: z.baseAddress!, ldz: n,
                                                         selection: s.baseAddress!, n: n, nev: nev, tolerance: 0,
                                                         residual: r.baseAddress!, ncv: ncv, v: v.baseAddress!, ldv: n,
                                                         parameters: p.baseAddress!, pointers: q.baseAddress!,
                                                         workd: w.baseAddress!, workl: wl.baseAddress!, lworkl: lworkl)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if info != 0 { throw .lanczosFailed(info: Int(info), converged: Int(parameters[4]), requested: count) }
        // Largest first, as the syevr path returns them.
        let permutation = (0..<count).sorted { ritzValues[$0] > ritzValues[$1] }
        var result: SymmetricEigenpairs<Scalar>
        if permutation == Array(0..<count) {
            result = SymmetricEigenpairs(values: ritzValues, vectors: vectors)
        } else {
            var sorted = try Matrix(zeroedRows: order, columns: count)
            for (target, source) in permutation.enumerated() { sorted.setColumn(target, to: vectors.column(source)) }
            result = SymmetricEigenpairs(values: permutation.map { ritzValues[$0] }, vectors: sorted)
        }
        result.matrixVectorProducts = products
        return result
    }
}
