import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// The shape `P_r x P_c` of a two-dimensional process grid (BLACS, row-major ranks: the process at
/// grid coordinates `(r, c)` has rank `r * P_c + c`).
public struct ProcessGridShape: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `P_r`, the number of process rows.
    public let rows: Int
    /// `P_c`, the number of process columns.
    public let columns: Int

    /// A `rows x columns` grid.
    /// - Precondition: both are at least 1.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 1 && columns >= 1, "A process grid needs at least one row and one column, got \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
    }

    /// The squarest grid of `processCount` processes with `P_r <= P_c`: `P_r` is the largest divisor
    /// of `processCount` not above its square root (1 -> 1x1, 2 -> 1x2, 4 -> 2x2, 6 -> 2x3,
    /// 16 -> 4x4). Square grids minimise the communication of `pdpotrf` / `pdpotri`.
    /// - Precondition: `processCount >= 1`.
    /// - Complexity: O(sqrt(processCount)).
    public init(processCount: Int) {
        precondition(processCount >= 1, "A process grid needs at least one process, got \(processCount)")
        var rows = 1
        var candidate = 1
        while candidate * candidate <= processCount {
            if processCount % candidate == 0 { rows = candidate }
            candidate += 1
        }
        self.init(rows: rows, columns: processCount / rows)
    }

    /// `P_r * P_c`.
    public var processCount: Int { rows * columns }

    /// `2x2`.
    public var description: String { "\(rows)x\(columns)" }

    /// The grid coordinates `(r, c)` of `rank` (row-major).
    /// - Precondition: `0 <= rank < processCount`.
    public func coordinates(ofRank rank: Int) -> (row: Int, column: Int) {
        precondition(rank >= 0 && rank < processCount, "Rank \(rank) outside a \(self) grid")
        return (rank / columns, rank % columns)
    }
}
