import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// Why a distributed fit or evaluation stopped. Every process ends with the same error (failures
/// are agreed on collectively), so no process waits for another that has given up.
public enum DistributedError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The process count does not fit the requested grid.
    case gridMismatch(processes: Int, grid: String)
    /// A step failed on process `rank` (the lowest failing rank): its message.
    case failed(rank: Int, message: String)
    /// The problem does not fit ScaLAPACK's limits on this grid (e.g. a local array of 2^31 entries or more).
    case unsupportedSize(String)
    /// MPI or BLACS could not start, or an MPI call failed.
    case mpi(String)

    /// A one-line message.
    public var description: String {
        switch self {
        case .gridMismatch(let processes, let grid): return "\(processes) processes cannot form a \(grid) grid"
        case .failed(let rank, let message): return rank == 0 ? message : "rank \(rank): \(message)"
        case .unsupportedSize(let message): return message
        case .mpi(let message): return "MPI: \(message)"
        }
    }
}
