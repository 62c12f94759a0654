import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// Where the entries of a square `m x m` matrix live in ScaLAPACK's two-dimensional block-cyclic
/// distribution, seen from one process: square blocks of `nb x nb` are dealt round-robin over a
/// `P_r x P_c` grid, so global row `i` belongs to process row `(i / nb) mod P_r` (columns
/// likewise), the first block on process `(0, 0)`.
///
/// The process at `(r, c)` stores its entries as one column-major local array of
/// ``localRowCount`` x ``localColumnCount`` with leading dimension ``leadingDimension``; its local
/// row `li` is global row `(li / nb * P_r + r) * nb + li mod nb` (``globalRow(ofLocal:)``), and
/// global rows increase with local rows. The counts are ScaLAPACK's `NUMROC`.
public struct BlockCyclicLayout: Sendable, Equatable, Hashable {
    /// `m`, the order of the matrix.
    public let order: Int
    /// `nb`, the side of the square blocks.
    public let blockSize: Int
    /// The process grid.
    public let grid: ProcessGridShape
    /// This process's grid row `r`.
    public let row: Int
    /// This process's grid column `c`.
    public let column: Int

    /// The layout of an `order x order` matrix in `blockSize` blocks, seen from grid position `(row, column)`.
    /// - Precondition: `order >= 0`, `blockSize >= 1`, and `(row, column)` lies in `grid`.
    /// - Complexity: O(1).
    public init(order: Int, blockSize: Int, grid: ProcessGridShape, row: Int, column: Int) {
        precondition(order >= 0 && blockSize >= 1, "Block-cyclic layout of order \(order) in blocks of \(blockSize)")
        precondition(row >= 0 && row < grid.rows && column >= 0 && column < grid.columns,
                     "Position (\(row), \(column)) outside a \(grid) grid")
        self.order = order
        self.blockSize = blockSize
        self.grid = grid
        self.row = row
        self.column = column
    }

    /// How many of `n` indices dealt in blocks of `nb` over `processes` processes (first block on
    /// process 0) land on process `coordinate` (ScaLAPACK's `NUMROC`).
    /// - Complexity: O(1).
    public static func localCount(of n: Int, blockSize nb: Int, coordinate: Int, processes: Int) -> Int {
        let blocks = n / nb
        var count = (blocks / processes) * nb
        let extra = blocks % processes
        if coordinate < extra { count += nb } else if coordinate == extra { count += n % nb }
        return count
    }

    /// The process coordinate (row or column) that owns global index `index`: `(index / nb) mod P`.
    /// - Complexity: O(1).
    public static func owner(of index: Int, blockSize nb: Int, processes: Int) -> Int { (index / nb) % processes }

    /// The local index of global `index` on its owner: `index / (nb P) * nb + index mod nb`.
    /// - Complexity: O(1).
    public static func localIndex(of index: Int, blockSize nb: Int, processes: Int) -> Int {
        index / (nb * processes) * nb + index % nb
    }

    /// The global index of local index `local` on process coordinate `coordinate`.
    /// - Complexity: O(1).
    public static func globalIndex(ofLocal local: Int, blockSize nb: Int, coordinate: Int, processes: Int) -> Int {
        (local / nb * processes + coordinate) * nb + local % nb
    }

    /// The rows this process stores.
    public var localRowCount: Int { Self.localCount(of: order, blockSize: blockSize, coordinate: row, processes: grid.rows) }
    /// The columns this process stores.
    public var localColumnCount: Int { Self.localCount(of: order, blockSize: blockSize, coordinate: column, processes: grid.columns) }
    /// The leading dimension of the local array, `max(1, localRowCount)` (ScaLAPACK wants at least 1).
    public var leadingDimension: Int { Swift.max(1, localRowCount) }

    /// The global row of local row `local`.
    public func globalRow(ofLocal local: Int) -> Int {
        Self.globalIndex(ofLocal: local, blockSize: blockSize, coordinate: row, processes: grid.rows)
    }

    /// The global column of local column `local`.
    public func globalColumn(ofLocal local: Int) -> Int {
        Self.globalIndex(ofLocal: local, blockSize: blockSize, coordinate: column, processes: grid.columns)
    }

    /// The local row of global row `index`, or `nil` when another process row owns it.
    public func localRow(ofGlobal index: Int) -> Int? {
        Self.owner(of: index, blockSize: blockSize, processes: grid.rows) == row
            ? Self.localIndex(of: index, blockSize: blockSize, processes: grid.rows) : nil
    }

    /// The local column of global column `index`, or `nil` when another process column owns it.
    public func localColumn(ofGlobal index: Int) -> Int? {
        Self.owner(of: index, blockSize: blockSize, processes: grid.columns) == column
            ? Self.localIndex(of: index, blockSize: blockSize, processes: grid.columns) : nil
    }

    /// For each global index `0..<m`, its local row here or -1 (a lookup table for the hot loops).
    /// - Complexity: O(m).
    public var localRowTable: [Int] { (0..<order).map { localRow(ofGlobal: $0) ?? -1 } }

    /// For each global index `0..<m`, its local column here or -1.
    /// - Complexity: O(m).
    public var localColumnTable: [Int] { (0..<order).map { localColumn(ofGlobal: $0) ?? -1 } }

    /// The same matrix seen from another grid position (used to simulate every process in one).
    public func seen(fromRow row: Int, column: Int) -> BlockCyclicLayout {
        BlockCyclicLayout(order: order, blockSize: blockSize, grid: grid, row: row, column: column)
    }
}
