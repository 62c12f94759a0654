import EDLAECore
import _CLinearAlgebra

/// The bare BLAS/LAPACK calls the models are measured against.
public enum Kernels {
    /// The LAPACK floor of a full-rank fit: `dpotrf` + `dpotri` in place on the lower triangle,
    /// nothing else (no copy, no mirroring, no scaling).
    /// - Complexity: `m^3` flops.
    public static func choleskyInverseFloor(_ a: inout Matrix<Double>) {
        let n = Int32(a.rows)
        let info = a.withUnsafeMutableBufferPointer { p -> Int32 in
            let f = LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, p.baseAddress, n)
            if f != 0 { return f }
            return LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, p.baseAddress, n)
        }
        precondition(info == 0, "Cholesky inverse failed (info \(info))")
    }

    /// `c <- a b` with `dgemm` (the baseline whose GFLOP/s the others are read against).
    public static func gemm(_ c: inout Matrix<Double>, _ a: Matrix<Double>, _ b: Matrix<Double>) {
        c.addProduct(a, b, scalingSelfBy: 0)
    }

    /// A seeded matrix with standard-normal-like entries (sum of uniforms), scaled by `scale`.
    public static func randomMatrix(rows: Int, columns: Int, seed: UInt64, scale: Double = 1) -> Matrix<Double> {
        var generator = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns) { _, _ in
            (generator.nextUnit() + generator.nextUnit() + generator.nextUnit() - 1.5) * 2 * scale
        }
    }

    /// `x <- x + d_i * y` row-wise for m x k matrices: `x[i, j] += d[i] * y[i, j]`.
    static func addRowScaled(_ x: inout Matrix<Double>, _ y: Matrix<Double>, _ d: [Double]) {
        let m = x.rows, k = x.columns
        x.withUnsafeMutableBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                for j in 0..<k {
                    let column = j * m
                    for i in 0..<m { px[column + i] += d[i] * py[column + i] }
                }
            }
        }
    }

    /// `sum_j x[i, j] y[i, j]` for every row `i`: `diag(x y^T)` in O(m k).
    static func rowDots(_ x: Matrix<Double>, _ y: Matrix<Double>) -> [Double] {
        let m = x.rows, k = x.columns
        var out = [Double](repeating: 0, count: m)
        x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                for j in 0..<k {
                    let column = j * m
                    for i in 0..<m { out[i] += px[column + i] * py[column + i] }
                }
            }
        }
        return out
    }

    /// `(H^-1 T^T)^T = T H^-1` for a symmetric positive definite k x k `H` and an m x k `T`.
    static func rightSolve(_ t: Matrix<Double>, _ h: Matrix<Double>) -> Matrix<Double> {
        try! h.solvingPositiveDefinite(t.transposed).transposed
    }
}
