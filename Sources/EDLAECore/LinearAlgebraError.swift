import Foundation

/// Why a factorisation, solve or allocation failed.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cholesky (`spotrf`/`dpotrf`) found a non-positive pivot: the leading minor of order `column + 1`
    /// (0-based `column`) is not positive definite.
    case notPositiveDefinite(column: Int)
    /// LU (`sgesv`/`dgesv`) found an exactly zero pivot in 0-based `column`: the matrix is singular.
    case singular(column: Int)
    /// The eigen-solver (`ssyevr`/`dsyevr`) did not converge; `info` is LAPACK's code.
    case eigenSolverFailed(info: Int)
    /// A dimension (or a workspace size derived from one) exceeds the 32-bit integer range of
    /// BLAS, LAPACK and ARPACK.
    case dimensionTooLarge(Int)
    /// The system could not provide `bytes` bytes for a matrix buffer.
    case outOfMemory(bytes: Int)
    /// An input of a factorisation or solve holds a NaN or an infinity at (`row`, `column`)
    /// (0-based; the first one found, scanning column by column the part the routine reads).
    case nonFiniteEntry(row: Int, column: Int)
    /// A computation would need `needed` bytes, more than the `available` bytes of its
    /// ``MemoryBudget``; `purpose` says what the memory was for.
    case exceedsMemoryBudget(needed: Int, available: Int, purpose: String)
    /// The implicitly restarted Lanczos method (ARPACK `ssaupd`/`sseupd` or `dsaupd`/`dseupd`) stopped with only
    /// `converged` of the `requested` Ritz pairs converged (`info` 1 of `saupd`: the restart limit
    /// was reached), or failed with another nonzero ARPACK code `info` (then `converged` is 0).
    case lanczosFailed(info: Int, converged: Int, requested: Int)

    /// A one-line explanation naming the failing column, code or sizes.
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
            return "could not allocate \(bytes) bytes (\(LinearAlgebraError.gibibytes(bytes)) GiB) for a matrix"
        case .nonFiniteEntry(let row, let column):
            return "matrix entry (\(row), \(column)) is NaN or infinite"
        case .exceedsMemoryBudget(let needed, let available, let purpose):
            return "\(purpose) needs \(LinearAlgebraError.byteSize(needed)) but only "
                + "\(LinearAlgebraError.byteSize(available)) are available (memory budget; "
                + "set EDLAE_MEMORY_BUDGET, e.g. 8G, to change it, or use less data)"
        case .lanczosFailed(let info, let converged, let requested):
            return "Lanczos eigen-solver (ARPACK) stopped with \(converged) of \(requested) eigenpairs converged (ARPACK info \(info))"
        }
    }

    /// `bytes` in the largest binary unit that keeps it at least 1, with two decimals
    /// (`22.89 MiB`, `1.00 GiB`, `512 bytes`); `Int.max` reads "more than 8 EiB".
    static func byteSize(_ bytes: Int) -> String {
        if bytes == Int.max { return "more than 8 EiB" }
        if bytes < 1024 { return "\(bytes) bytes" }
        var value = Double(bytes), unit = 0
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return String(format: "%.2f ", value) + units[unit]
    }

    /// `bytes` in GiB with two decimals.
    static func gibibytes(_ bytes: Int) -> String {
        String(format: "%.2f", Double(bytes) / 1_073_741_824)
    }
}
