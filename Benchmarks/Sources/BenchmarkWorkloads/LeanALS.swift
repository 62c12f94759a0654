import EDLAECore
import _CLinearAlgebra

/// The alternating updates for the near-orthogonal low-rank model (Eq. 11 of Steck 2020;
/// supplement Sec. 4, Eqs. 29-32) with one m x m work buffer reused every iteration: the target
/// the library's ALS solver is measured against.
///
/// U update (Eqs. 31-32): `K = V (V^T V)^-1 V^T`, solve `(C o K) g = diag(K)` (Cholesky: `C o K`
/// is positive definite by the Schur product theorem when `diag K > 0`), `U = W - C dMat(g) W`
/// with `W = V (V^T V)^-1` (`g = eta + diag(Lambda)`, since `C G = I - C Lambda`).
/// V update (Eqs. 29-30): `D = (U^T (G + Lambda) U)^-1`,
/// `eta = diag(U D U^T G) / diag(U D U^T)`, `V = G U D - dMat(eta) U D`.
public struct LeanALS {
    public let gram: Matrix<Double>
    /// `C = (G + Lambda)^-1`, computed once.
    public let c: Matrix<Double>
    public let lambda: [Double]
    public private(set) var u: Matrix<Double>
    public private(set) var v: Matrix<Double>
    private var work: Matrix<Double>

    public init(gram: Matrix<Double>, lambda: [Double], rank k: Int, seed: UInt64 = 11) throws {
        let m = gram.rows
        self.gram = gram
        self.lambda = lambda
        var c = gram
        c.addToDiagonal(lambda)
        try c.invertPositiveDefinite()
        self.c = c
        v = Kernels.randomMatrix(rows: m, columns: k, seed: seed, scale: 0.01)
        u = Matrix(rows: m, columns: k)
        work = try Matrix(zeroedRows: m, columns: m)
    }

    /// One iteration: the U update, then the V update.
    /// - Complexity: `m^2 k` (K, `dsyrk`) + `m^3 / 3` (Cholesky of `C o K`) + two `2 m^2 k` products.
    public mutating func iteration() throws {
        let m = gram.rows, k = v.columns
        // Y = V L^-T with V^T V = L L^T, so K = Y Y^T and W = Y L^-1.
        let l = try v.transposeTimesSelf().choleskyFactorization().lower
        var y = v
        y.withUnsafeMutableBufferPointer { py in
            l.withUnsafeBufferPointer { pl in
                cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            Int32(m), Int32(k), 1, pl.baseAddress, Int32(k), py.baseAddress, Int32(m))
            }
        }
        var w = y
        w.withUnsafeMutableBufferPointer { pw in
            l.withUnsafeBufferPointer { pl in
                cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit,
                            Int32(m), Int32(k), 1, pl.baseAddress, Int32(k), pw.baseAddress, Int32(m))
            }
        }
        let n = Int32(m)
        // work <- lower triangle of K = Y Y^T, then C o K in place; keep diag(K).
        work.withUnsafeMutableBufferPointer { pk in
            y.withUnsafeBufferPointer { py in
                cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, n, Int32(k), 1,
                            py.baseAddress, n, 0, pk.baseAddress, n)
            }
        }
        let diagonalK = work.diagonal
        work.withUnsafeMutableBufferPointer { pk in
            c.withUnsafeBufferPointer { pc in
                for j in 0..<m {
                    let column = j * m
                    for i in j..<m { pk[column + i] *= pc[column + i] }
                }
            }
        }
        var g = diagonalK
        let info = work.withUnsafeMutableBufferPointer { pk in
            LAPACKE_dposv(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, 1, pk.baseAddress, n, &g, n)
        }
        precondition(info == 0, "C o K is not positive definite (info \(info))")
        // U = W - C dMat(g) W.
        var scaledW = w
        scaledW.scaleRows(by: g)
        u = w
        u.addProduct(c, scaledW, scaledBy: -1)
        // V update.
        var gramTimesU = Matrix<Double>(rows: m, columns: k)
        gramTimesU.addProduct(gram, u, scalingSelfBy: 0)
        var h = gramTimesU.transposeTimes(u)
        var scaledU = u
        scaledU.scaleRows(by: lambda)
        h.addProduct(scaledU, u, transposingFirst: true)
        h.symmetrizeFromLowerTriangle()
        let ud = Kernels.rightSolve(u, h)                   // U D
        let up = Kernels.rowDots(ud, gramTimesU), down = Kernels.rowDots(ud, u)
        let eta = zip(up, down).map { $0 / $1 }
        v = Kernels.rightSolve(gramTimesU, h)               // G U D
        Kernels.addRowScaled(&v, ud, eta.map { -$0 })
    }
}
