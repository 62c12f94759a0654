/// Why a factorisation, solve or allocation failed.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cholesky (`dpotrf`) found a non-positive pivot: the leading minor of order `column + 1`
    /// (0-based `column`) is not positive definite.
    case notPositiveDefinite(column: Int)
    /// LU (`dgetrf`/`dgesv`) found an exactly zero pivot in 0-based `column`: the matrix is singular.
    case singular(column: Int)
    /// The eigen-solver (`dsyevr`) did not converge; `info` is LAPACK's code.
    case eigenSolverFailed(info: Int)
    /// A dimension exceeds LAPACK's 32-bit integer range.
    case dimensionTooLarge(Int)
    /// The system could not provide `bytes` bytes for a matrix buffer.
    case outOfMemory(bytes: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let column):
            return "matrix is not positive definite (leading minor of order \(column + 1) fails, column \(column))"
        case .singular(let column):
            return "matrix is singular (zero pivot in column \(column))"
        case .eigenSolverFailed(let info):
            return "symmetric eigen-solver did not converge (LAPACK info \(info))"
        case .dimensionTooLarge(let n):
            return "dimension \(n) exceeds LAPACK's 32-bit integer range"
        case .outOfMemory(let bytes):
            return "could not allocate \(bytes) bytes (\(Double(bytes) / 1_073_741_824) GiB) for a matrix"
        }
    }
}
