import EDLAECore
import _CLinearAlgebra

/// Full-rank DLAE (Eq. 5 of Steck 2020) and EDLAE (Eq. 8) with every O(m^2) pass specialised for
/// `Double` in this module: one `memcpy` of `G`, `dpotrf` + `dpotri`, then one blocked pass that
/// mirrors the lower triangle and applies the column scaling together. It shows what the library's
/// full-rank fits cost when nothing but LAPACK is left (compare.sh prints it as "lean").
public enum LeanFullRank {
    public enum Model: Sendable { case dlae, edlae }

    /// `B` of the model, in one m x m buffer besides `G`.
    /// - Complexity: `m^3` flops (the Cholesky inverse) plus two O(m^2) passes.
    public static func fit(_ model: Model, gram: Matrix<Double>, lambda: [Double]) -> Matrix<Double> {
        let m = gram.rows
        var b = Matrix<Double>(rows: m, columns: m)       // @inlinable initialiser: a specialised fill
        b.withUnsafeMutableBufferPointer { target in
            gram.withUnsafeBufferPointer { source in
                target.baseAddress!.update(from: source.baseAddress!, count: m * m)
            }
            for i in 0..<m { target[i + i * m] += lambda[i] }
        }
        Kernels.choleskyInverseFloor(&b)                  // lower triangle of P = (G + Lambda)^-1
        b.withUnsafeMutableBufferPointer { a in
            let p = a.baseAddress!
            // Column factors: EDLAE B = I - P dMat(1 / diag P) (Eq. 8); DLAE B = I - P Lambda (Eq. 5).
            let factor: [Double] = model == .edlae ? (0..<m).map { -1 / p[$0 + $0 * m] } : lambda.map { -$0 }
            let block = 64
            for jb in stride(from: 0, to: m, by: block) {
                let jEnd = min(jb + block, m)
                for ib in stride(from: jb, to: m, by: block) {
                    let iEnd = min(ib + block, m)
                    for j in jb..<jEnd {
                        let fj = factor[j]
                        for i in max(ib, j + 1)..<iEnd {
                            let value = p[i + j * m]
                            p[i + j * m] = value * fj
                            p[j + i * m] = value * factor[i]
                        }
                    }
                }
            }
            for j in 0..<m { p[j + j * m] = model == .edlae ? 0 : 1 + p[j + j * m] * factor[j] }
        }
        return b
    }
}
