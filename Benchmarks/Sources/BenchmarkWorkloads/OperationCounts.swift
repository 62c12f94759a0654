import EDLAECore

/// Standard floating-point operation counts, for GFLOP/s next to the `dgemm` baseline.
public enum OperationCounts {
    /// `2 m n k` for an m x k times k x n product.
    public static func gemm(_ m: Int, _ n: Int, _ k: Int) -> Double { 2 * Double(m) * Double(n) * Double(k) }

    /// `m^3 / 3` (`dpotrf`) plus `2 m^3 / 3` (`dpotri`): `m^3` for a Cholesky inverse.
    public static func choleskyInverse(_ m: Int) -> Double { pow3(m) }

    /// `m^3 / 3` for a Cholesky factorisation.
    public static func cholesky(_ m: Int) -> Double { pow3(m) / 3 }

    /// Tridiagonal reduction `4 m^3 / 3` plus `2 m^2 k` to back-transform k eigenvectors (`dsyevr`
    /// with an index range; the tridiagonal eigensolver itself is O(m k) and not counted).
    public static func partialEigen(_ m: Int, _ k: Int) -> Double {
        4 * pow3(m) / 3 + 2 * Double(m) * Double(m) * Double(k)
    }

    /// `G = X^T X` accumulated from sparse rows: a multiply and an add for each lower-triangle pair
    /// of every user's items, `sum_u c_u (c_u + 1)`.
    public static func sparseGram(_ x: InteractionMatrix) -> Double {
        var total = 0.0
        for user in 0..<x.userCount {
            let c = Double(x.rowStarts[user + 1] - x.rowStarts[user])
            total += c * (c + 1)
        }
        return total
    }

    /// Full-rank DLAE or EDLAE: the Cholesky inverse (the O(m^2) scaling is not counted).
    public static func fullRank(_ m: Int) -> Double { choleskyInverse(m) }

    /// Algorithm 1 of Steck & Liang: inverse, partial eigenproblem, `U = B V`.
    public static func teacherStudent(_ m: Int, _ k: Int) -> Double {
        choleskyInverse(m) + partialEigen(m, k) + gemm(m, k, m)
    }

    /// One ADMM epoch (supplement of Steck 2020, Sec. 3): its three m x m times m x k products.
    public static func admmEpoch(_ m: Int, _ k: Int) -> Double { 3 * gemm(m, k, m) }

    /// One ALS iteration for Eq. 11 (supplement Sec. 4): `K = W V^T` (`m^2 k`, symmetric), the
    /// Cholesky factorisation of `C o K`, and two m x m times m x k products.
    public static func alsIteration(_ m: Int, _ k: Int) -> Double {
        Double(m) * Double(m) * Double(k) + cholesky(m) + 2 * gemm(m, k, m)
    }

    private static func pow3(_ m: Int) -> Double { Double(m) * Double(m) * Double(m) }
}
