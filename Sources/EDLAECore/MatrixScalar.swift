import _CLinearAlgebra

/// The element types a ``Matrix`` can hold: `Float` (single precision) and `Double` (double
/// precision).
///
/// A scalar is a binary floating-point number that is `BitwiseCopyable`: ``Matrix`` keeps its
/// elements in raw, 64-byte aligned memory, copies buffers with `memcpy` and frees them without
/// deinitialising, which is correct only for trivial types.
///
/// The protocol also carries the BLAS, LAPACK and ARPACK entry points of its precision (the `s`
/// routines for `Float`, the `d` routines for `Double`), so that every ``Matrix`` operation has one
/// generic implementation that calls, e.g., `Scalar.gemm(...)`. These requirements are the thin
/// layer over the C libraries: column-major storage, 32-bit LAPACK integers (convert with the
/// checks of the ``Matrix`` methods), the lower triangle for the symmetric routines; they return
/// LAPACK's `info` where LAPACK has one. Call the ``Matrix`` methods instead; they check shapes,
/// finiteness and dimensions, and turn `info` into ``LinearAlgebraError``.
///
/// Unit roundoff `u = ulpOfOne / 2`: `2^-24` (about `6.0e-8`) for `Float`, `2^-53` (about
/// `1.1e-16`) for `Double`. See `Docs/Precision.md`.
public protocol MatrixScalar: BinaryFloatingPoint, BitwiseCopyable, Sendable {
    // MARK: BLAS

    /// `c <- alpha op(a) op(b) + beta c` with `op(a)` m x k and `op(b)` k x n (`sgemm`/`dgemm`).
    /// - Complexity: O(m n k).
    static func gemm(transposingA: Bool, transposingB: Bool, m: Int32, n: Int32, k: Int32, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32)

    /// `y <- alpha op(a) x + beta y` for an m x n `a` (`sgemv`/`dgemv`).
    /// - Complexity: O(m n).
    static func gemv(transposing: Bool, m: Int32, n: Int32, alpha: Self, a: UnsafePointer<Self>, lda: Int32,
                     x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    /// `y <- alpha a x + beta y` for a symmetric n x n `a` whose lower triangle is read
    /// (`ssymv`/`dsymv`).
    /// - Complexity: O(n^2).
    static func symv(n: Int32, alpha: Self, a: UnsafePointer<Self>, lda: Int32,
                     x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    /// Lower triangle of `c <- alpha a^T a + beta c` (`transposing`, `a` k x n) or of
    /// `c <- alpha a a^T + beta c` (`a` n x k) (`ssyrk`/`dsyrk`).
    /// - Complexity: O(n^2 k).
    static func syrk(transposing: Bool, n: Int32, k: Int32, alpha: Self, a: UnsafePointer<Self>, lda: Int32,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32)

    /// `b <- b op(l)^-1` for an m x n `b` and a lower-triangular, non-unit n x n `l`, where `op`
    /// transposes when asked (`strsm`/`dtrsm`, side right).
    /// - Complexity: O(m n^2).
    static func trsmOnTheRight(transposing: Bool, m: Int32, n: Int32, alpha: Self,
                               l: UnsafePointer<Self>, ldl: Int32, b: UnsafeMutablePointer<Self>, ldb: Int32)

    /// `y <- alpha x + y` for `n` contiguous elements (`saxpy`/`daxpy`).
    /// - Complexity: O(n).
    static func axpy(n: Int32, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)

    /// `sum x_i y_i` over `n` contiguous elements (`sdot`/`ddot`).
    /// - Complexity: O(n).
    static func dot(n: Int32, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self

    // MARK: LAPACK (lower triangle, column-major; the `_work` entry points, without LAPACKE's NaN scan)

    /// Cholesky factorisation `a = L L^T` in the lower triangle (`spotrf`/`dpotrf`); LAPACK's `info`.
    /// - Complexity: O(n^3 / 3).
    static func potrf(n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32) -> Int32

    /// Solves `L L^T x = b` for `nrhs` columns of `b` in place (`spotrs`/`dpotrs`); LAPACK's `info`.
    /// - Complexity: O(n^2 nrhs).
    static func potrs(n: Int32, nrhs: Int32, l: UnsafePointer<Self>, ldl: Int32,
                      b: UnsafeMutablePointer<Self>, ldb: Int32) -> Int32

    /// Overwrites the Cholesky factor `L` (lower triangle) with the lower triangle of
    /// `(L L^T)^-1` (`spotri`/`dpotri`); LAPACK's `info`.
    /// - Complexity: O(2 n^3 / 3).
    static func potri(n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32) -> Int32

    /// Overwrites the Cholesky factor `U = L^T` (upper triangle) with the upper triangle of
    /// `(U^T U)^-1` (`spotri`/`dpotri` with `uplo = 'U'`); LAPACK's `info`.
    /// - Complexity: O(2 n^3 / 3).
    static func potriUpper(n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32) -> Int32

    /// Solves `a x = b` by LU with partial pivoting, in place (`sgesv`/`dgesv`); LAPACK's `info`.
    /// - Complexity: O(2 n^3 / 3 + n^2 nrhs).
    static func gesv(n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
                     pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Self>, ldb: Int32) -> Int32

    /// Eigenpairs with indices `lowerIndex...upperIndex` (1-based, ascending; all when `all`) of a
    /// symmetric matrix whose lower triangle is read and overwritten (`ssyevr`/`dsyevr` through the
    /// LAPACKE driver, which allocates the workspace); LAPACK's `info`.
    /// - Complexity: O(n^3) for the tridiagonal reduction plus O(n^2 count) for the vectors.
    static func syevr(all: Bool, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
                      lowerIndex: Int32, upperIndex: Int32, found: UnsafeMutablePointer<Int32>,
                      values: UnsafeMutablePointer<Self>, vectors: UnsafeMutablePointer<Self>, ldz: Int32,
                      support: UnsafeMutablePointer<Int32>) -> Int32

    // MARK: ARPACK (symmetric, regular mode: bmat "I", the largest algebraic eigenvalues "LA")

    /// One step of ARPACK's reverse-communication implicitly restarted Lanczos iteration
    /// (`ssaupd`/`dsaupd`); `request` and `info` are ARPACK's `ido` and `info`.
    /// - Complexity: O(n ncv) per step plus O(n ncv^2) per restart.
    static func saupd(request: inout Int32, n: Int32, nev: Int32, tolerance: Self,
                      residual: UnsafeMutablePointer<Self>, ncv: Int32, v: UnsafeMutablePointer<Self>, ldv: Int32,
                      parameters: UnsafeMutablePointer<Int32>, pointers: UnsafeMutablePointer<Int32>,
                      workd: UnsafeMutablePointer<Self>, workl: UnsafeMutablePointer<Self>, lworkl: Int32,
                      info: inout Int32)

    /// Ritz values and vectors after ``saupd(request:n:nev:tolerance:residual:ncv:v:ldv:parameters:pointers:workd:workl:lworkl:info:)``
    /// has converged (`sseupd`/`dseupd`, all `nev` vectors); ARPACK's `info`.
    /// - Complexity: O(n ncv nev).
    static func seupd(values: UnsafeMutablePointer<Self>, vectors: UnsafeMutablePointer<Self>, ldz: Int32,
                      selection: UnsafeMutablePointer<Int32>, n: Int32, nev: Int32, tolerance: Self,
                      residual: UnsafeMutablePointer<Self>, ncv: Int32, v: UnsafeMutablePointer<Self>, ldv: Int32,
                      parameters: UnsafeMutablePointer<Int32>, pointers: UnsafeMutablePointer<Int32>,
                      workd: UnsafeMutablePointer<Self>, workl: UnsafeMutablePointer<Self>, lworkl: Int32) -> Int32
}

extension MatrixScalar {
    /// The unit roundoff `u = ulpOfOne / 2` of the classical error bounds (Higham, Accuracy and
    /// Stability of Numerical Algorithms, ch. 2): `2^-24` for `Float`, `2^-53` for `Double`.
    /// - Complexity: O(1).
    @inlinable public static var unitRoundoff: Self { ulpOfOne / 2 }

    /// The largest integer `n` such that every integer in `0...n` is exactly representable:
    /// `2^24 = 16,777,216` for `Float`, `2^53` for `Double` (the bound up to which a Gram matrix
    /// of 0/1 interactions holds its co-occurrence counts exactly).
    /// - Complexity: O(1).
    @inlinable public static var largestExactInteger: Self { Self(sign: .plus, exponent: Exponent(significandBitCount + 1), significand: 1) }
}

@inline(__always) private func _char(_ ascii: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(ascii: ascii)) }

extension Float: MatrixScalar {
    /// BLAS `sgemm`; see `MatrixScalar.gemm`.
    public static func gemm(transposingA: Bool, transposingB: Bool, m: Int32, n: Int32, k: Int32, alpha: Float,
                                       a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
                                       beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32) {
        cblas_sgemm(CblasColMajor, transposingA ? CblasTrans : CblasNoTrans, transposingB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// BLAS `sgemv`; see `MatrixScalar.gemv`.
    public static func gemv(transposing: Bool, m: Int32, n: Int32, alpha: Float, a: UnsafePointer<Float>,
                                       lda: Int32, x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasColMajor, transposing ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1)
    }

    /// BLAS `ssymv`; see `MatrixScalar.symv`.
    public static func symv(n: Int32, alpha: Float, a: UnsafePointer<Float>, lda: Int32,
                                       x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_ssymv(CblasColMajor, CblasLower, n, alpha, a, lda, x, 1, beta, y, 1)
    }

    /// BLAS `ssyrk`; see `MatrixScalar.syrk`.
    public static func syrk(transposing: Bool, n: Int32, k: Int32, alpha: Float, a: UnsafePointer<Float>,
                                       lda: Int32, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32) {
        cblas_ssyrk(CblasColMajor, CblasLower, transposing ? CblasTrans : CblasNoTrans, n, k, alpha, a, lda, beta, c, ldc)
    }

    /// BLAS `strsm`; see `MatrixScalar.trsmOnTheRight`.
    public static func trsmOnTheRight(transposing: Bool, m: Int32, n: Int32, alpha: Float,
                                                 l: UnsafePointer<Float>, ldl: Int32,
                                                 b: UnsafeMutablePointer<Float>, ldb: Int32) {
        cblas_strsm(CblasColMajor, CblasRight, CblasLower, transposing ? CblasTrans : CblasNoTrans, CblasNonUnit,
                    m, n, alpha, l, ldl, b, ldb)
    }

    /// BLAS `saxpy`; see `MatrixScalar.axpy`.
    public static func axpy(n: Int32, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(n, alpha, x, 1, y, 1)
    }

    /// BLAS `sdot`; see `MatrixScalar.dot`.
    public static func dot(n: Int32, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(n, x, 1, y, 1)
    }

    /// LAPACK `spotrf`; see `MatrixScalar.potrf`.
    public static func potrf(n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32) -> Int32 {
        LAPACKE_spotrf_work(LAPACK_COL_MAJOR, _char("L"), n, a, lda)
    }

    /// LAPACK `spotrs`; see `MatrixScalar.potrs`.
    public static func potrs(n: Int32, nrhs: Int32, l: UnsafePointer<Float>, ldl: Int32,
                             b: UnsafeMutablePointer<Float>, ldb: Int32) -> Int32 {
        LAPACKE_spotrs_work(LAPACK_COL_MAJOR, _char("L"), n, nrhs, l, ldl, b, ldb)
    }

    /// LAPACK `spotri`; see `MatrixScalar.potri`.
    public static func potri(n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32) -> Int32 {
        LAPACKE_spotri_work(LAPACK_COL_MAJOR, _char("L"), n, a, lda)
    }

    /// LAPACK `spotri` on the upper triangle; see `MatrixScalar.potriUpper`.
    public static func potriUpper(n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32) -> Int32 {
        LAPACKE_spotri_work(LAPACK_COL_MAJOR, _char("U"), n, a, lda)
    }

    /// LAPACK `sgesv`; see `MatrixScalar.gesv`.
    public static func gesv(n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
                            pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>, ldb: Int32) -> Int32 {
        LAPACKE_sgesv_work(LAPACK_COL_MAJOR, n, nrhs, a, lda, pivots, b, ldb)
    }

    /// LAPACK `ssyevr`; see `MatrixScalar.syevr`.
    public static func syevr(all: Bool, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
                             lowerIndex: Int32, upperIndex: Int32, found: UnsafeMutablePointer<Int32>,
                             values: UnsafeMutablePointer<Float>, vectors: UnsafeMutablePointer<Float>, ldz: Int32,
                             support: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_ssyevr(LAPACK_COL_MAJOR, _char("V"), _char(all ? "A" : "I"), _char("L"), n, a, lda, 0, 0,
                       lowerIndex, upperIndex, 0, found, values, vectors, ldz, support)
    }

    /// ARPACK `ssaupd`; see `MatrixScalar.saupd`.
    public static func saupd(request: inout Int32, n: Int32, nev: Int32, tolerance: Float,
                             residual: UnsafeMutablePointer<Float>, ncv: Int32, v: UnsafeMutablePointer<Float>, ldv: Int32,
                             parameters: UnsafeMutablePointer<Int32>, pointers: UnsafeMutablePointer<Int32>,
                             workd: UnsafeMutablePointer<Float>, workl: UnsafeMutablePointer<Float>, lworkl: Int32,
                             info: inout Int32) {
        ssaupd_c(&request, "I", n, "LA", nev, tolerance, residual, ncv, v, ldv, parameters, pointers,
                 workd, workl, lworkl, &info)
    }

    /// ARPACK `sseupd`; see `MatrixScalar.seupd`.
    public static func seupd(values: UnsafeMutablePointer<Float>, vectors: UnsafeMutablePointer<Float>, ldz: Int32,
                             selection: UnsafeMutablePointer<Int32>, n: Int32, nev: Int32, tolerance: Float,
                             residual: UnsafeMutablePointer<Float>, ncv: Int32, v: UnsafeMutablePointer<Float>, ldv: Int32,
                             parameters: UnsafeMutablePointer<Int32>, pointers: UnsafeMutablePointer<Int32>,
                             workd: UnsafeMutablePointer<Float>, workl: UnsafeMutablePointer<Float>, lworkl: Int32) -> Int32 {
        var info: Int32 = 0
        sseupd_c(1, "A", selection, values, vectors, ldz, 0, "I", n, "LA", nev, tolerance, residual, ncv, v, ldv,
                 parameters, pointers, workd, workl, lworkl, &info)
        return info
    }
}

extension Double: MatrixScalar {
    /// BLAS `dgemm`; see `MatrixScalar.gemm`.
    public static func gemm(transposingA: Bool, transposingB: Bool, m: Int32, n: Int32, k: Int32, alpha: Double,
                                       a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
                                       beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32) {
        cblas_dgemm(CblasColMajor, transposingA ? CblasTrans : CblasNoTrans, transposingB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// BLAS `dgemv`; see `MatrixScalar.gemv`.
    public static func gemv(transposing: Bool, m: Int32, n: Int32, alpha: Double, a: UnsafePointer<Double>,
                                       lda: Int32, x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasColMajor, transposing ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1)
    }

    /// BLAS `dsymv`; see `MatrixScalar.symv`.
    public static func symv(n: Int32, alpha: Double, a: UnsafePointer<Double>, lda: Int32,
                                       x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dsymv(CblasColMajor, CblasLower, n, alpha, a, lda, x, 1, beta, y, 1)
    }

    /// BLAS `dsyrk`; see `MatrixScalar.syrk`.
    public static func syrk(transposing: Bool, n: Int32, k: Int32, alpha: Double, a: UnsafePointer<Double>,
                                       lda: Int32, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32) {
        cblas_dsyrk(CblasColMajor, CblasLower, transposing ? CblasTrans : CblasNoTrans, n, k, alpha, a, lda, beta, c, ldc)
    }

    /// BLAS `dtrsm`; see `MatrixScalar.trsmOnTheRight`.
    public static func trsmOnTheRight(transposing: Bool, m: Int32, n: Int32, alpha: Double,
                                                 l: UnsafePointer<Double>, ldl: Int32,
                                                 b: UnsafeMutablePointer<Double>, ldb: Int32) {
        cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, transposing ? CblasTrans : CblasNoTrans, CblasNonUnit,
                    m, n, alpha, l, ldl, b, ldb)
    }

    /// BLAS `daxpy`; see `MatrixScalar.axpy`.
    public static func axpy(n: Int32, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(n, alpha, x, 1, y, 1)
    }

    /// BLAS `ddot`; see `MatrixScalar.dot`.
    public static func dot(n: Int32, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
        cblas_ddot(n, x, 1, y, 1)
    }

    /// LAPACK `dpotrf`; see `MatrixScalar.potrf`.
    public static func potrf(n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32) -> Int32 {
        LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, _char("L"), n, a, lda)
    }

    /// LAPACK `dpotrs`; see `MatrixScalar.potrs`.
    public static func potrs(n: Int32, nrhs: Int32, l: UnsafePointer<Double>, ldl: Int32,
                             b: UnsafeMutablePointer<Double>, ldb: Int32) -> Int32 {
        LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, _char("L"), n, nrhs, l, ldl, b, ldb)
    }

    /// LAPACK `dpotri`; see `MatrixScalar.potri`.
    public static func potri(n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32) -> Int32 {
        LAPACKE_dpotri_work(LAPACK_COL_MAJOR, _char("L"), n, a, lda)
    }

    /// LAPACK `dpotri` on the upper triangle; see `MatrixScalar.potriUpper`.
    public static func potriUpper(n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32) -> Int32 {
        LAPACKE_dpotri_work(LAPACK_COL_MAJOR, _char("U"), n, a, lda)
    }

    /// LAPACK `dgesv`; see `MatrixScalar.gesv`.
    public static func gesv(n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
                            pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int32) -> Int32 {
        LAPACKE_dgesv_work(LAPACK_COL_MAJOR, n, nrhs, a, lda, pivots, b, ldb)
    }

    /// LAPACK `dsyevr`; see `MatrixScalar.syevr`.
    public static func syevr(all: Bool, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
                             lowerIndex: Int32, upperIndex: Int32, found: UnsafeMutablePointer<Int32>,
                             values: UnsafeMutablePointer<Double>, vectors: UnsafeMutablePointer<Double>, ldz: Int32,
                             support: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_dsyevr(LAPACK_COL_MAJOR, _char("V"), _char(all ? "A" : "I"), _char("L"), n, a, lda, 0, 0,
                       lowerIndex, upperIndex, 0, found, values, vectors, ldz, support)
    }

    /// ARPACK `dsaupd`; see `MatrixScalar.saupd`.
    public static func saupd(request: inout Int32, n: Int32, nev: Int32, tolerance: Double,
                             residual: UnsafeMutablePointer<Double>, ncv: Int32, v: UnsafeMutablePointer<Double>, ldv: Int32,
                             parameters: UnsafeMutablePointer<Int32>, pointers: UnsafeMutablePointer<Int32>,
                             workd: UnsafeMutablePointer<Double>, workl: UnsafeMutablePointer<Double>, lworkl: Int32,
                             info: inout Int32) {
        dsaupd_c(&request, "I", n, "LA", nev, tolerance, residual, ncv, v, ldv, parameters, pointers,
                 workd, workl, lworkl, &info)
    }

    /// ARPACK `dseupd`; see `MatrixScalar.seupd`.
    public static func seupd(values: UnsafeMutablePointer<Double>, vectors: UnsafeMutablePointer<Double>, ldz: Int32,
                             selection: UnsafeMutablePointer<Int32>, n: Int32, nev: Int32, tolerance: Double,
                             residual: UnsafeMutablePointer<Double>, ncv: Int32, v: UnsafeMutablePointer<Double>, ldv: Int32,
                             parameters: UnsafeMutablePointer<Int32>, pointers: UnsafeMutablePointer<Int32>,
                             workd: UnsafeMutablePointer<Double>, workl: UnsafeMutablePointer<Double>, lworkl: Int32) -> Int32 {
        var info: Int32 = 0
        dseupd_c(1, "A", selection, values, vectors, ldz, 0, "I", n, "LA", nev, tolerance, residual, ncv, v, ldv,
                 parameters, pointers, workd, workl, lworkl, &info)
        return info
    }
}
