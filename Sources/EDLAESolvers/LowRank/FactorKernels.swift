import EDLAECore

// O(m k) kernels on m x k factors shared by the low-rank solvers (Eqs. 10-11 of Steck 2020): row
// scalings, axpy and right-division by a small symmetric positive definite k x k matrix (row-wise
// dots and Frobenius inner products are EDLAECore's `rowwiseDots` and `frobeniusInner`).

extension Matrix {
    /// `dMat(factors) * self` as a new matrix.
    func rowsScaled(by factors: [Scalar]) -> Matrix {
        var result = self
        result.scaleRows(by: factors)
        return result
    }

    /// `self <- self + dMat(factors) * other`, in place. - Precondition: equal shapes.
    mutating func addRows(of other: Matrix, scaledBy factors: [Scalar]) {
        precondition(rows == other.rows && columns == other.columns && factors.count == rows,
                     "Adding scaled rows of \(other.rows)x\(other.columns) to \(rows)x\(columns) with \(factors.count) factors")
        let m = rows, k = columns
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                for j in 0..<k {
                    let offset = j * m
                    for i in 0..<m { a[offset + i] += factors[i] * b[offset + i] }
                }
            }
        }
    }

    /// `self * spd^-1` for a symmetric positive definite k x k `spd` (Cholesky), computed as
    /// `X L^-T L^-1` with `spd = L L^T` (two `dtrsm` on the right, no transposed copies).
    /// - Throws: ``SolverError/linearAlgebra(_:)`` when `spd` is not positive definite.
    /// - Complexity: O(k^3 + rows k^2).
    func dividedOnTheRight(bySymmetric spd: Matrix) throws(SolverError) -> Matrix {
        precondition(spd.rows == columns && spd.columns == columns,
                     "Right division of \(rows)x\(columns) by \(spd.rows)x\(spd.columns)")
        do {
            return try spd.choleskyFactorization().solveOnTheRight(self)
        } catch {
            throw .linearAlgebra(error)
        }
    }

    /// Whether every element is finite.
    var allFinite: Bool { withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) } }
}

/// Runs a factor update `body` whose k x k system must be positive definite; when it is not, the
/// factor has fewer than k independent columns (the data do not support the rank), and the error
/// says so and what to change instead of only naming the failing minor.
func explainingRankDeficiency<Scalar: MatrixScalar>(factor: String, rank: Int, itemCount m: Int, iteration: Int,
                                                   _ body: () throws -> Matrix<Scalar>) throws -> Matrix<Scalar> {
    do {
        return try body()
    } catch {
        guard case SolverError.linearAlgebra(.notPositiveDefinite(let column))? = error as? SolverError else { throw error }
        throw SolverError.diverged(iteration: iteration, reason: "a \(rank) x \(rank) system of the factor update (\(factor)^T \(factor) or "
                        + "\(factor)^T K \(factor)) is not positive definite (leading minor of order \(column + 1) fails): "
                        + "\(factor) has only about \(column) independent columns, fewer than rank \(rank) (of \(m) items); "
                        + "choose a smaller rank (at most about \(column)), or a larger lambda")
    }
}

extension Matrix {
    /// `self[i] <- Scalar(Double(self[i]) + other[i])` for every element: a `Double` matrix (e.g.
    /// the shared `G`) added in `Double` and rounded once, whatever the precision of `self`.
    /// - Precondition: equal shapes.
    /// - Complexity: O(rows columns), one pass, no temporary.
    mutating func add(converting other: Matrix<Double>) {
        precondition(rows == other.rows && columns == other.columns,
                     "Adding \(other.rows)x\(other.columns) to \(rows)x\(columns)")
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                for index in 0..<a.count { a[index] = Scalar(Double(a[index]) + b[index]) }
            }
        }
    }
}

extension Array where Element == Double {
    /// The elements rounded to `Scalar` (no copy for `Double`).
    func converted<Scalar: MatrixScalar>(to _: Scalar.Type) -> [Scalar] {
        if let same = self as? [Scalar] { return same }
        return map { Scalar($0) }
    }
}

extension Array where Element: MatrixScalar {
    /// The elements as `Double` (exact), for sums accumulated in `Double`.
    var asDoubles: [Double] {
        if let same = self as? [Double] { return same }
        return map { Double($0) }
    }
}
