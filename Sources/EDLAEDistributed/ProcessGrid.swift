import EDLAECore
import EDLAEMetrics
import EDLAESolvers
#if Distributed
import _CScaLAPACK
import Foundation

/// The MPI processes of this run arranged as a BLACS process grid, with the few collectives the
/// distributed path needs. One per process; ``finish()`` ends MPI.
///
/// Every collective must be called by every process in the same order (MPI's rule); ``agree(_:)``
/// turns a local failure into the same error on every process.
public final class ProcessGrid {
    /// This process's MPI rank in `MPI_COMM_WORLD`.
    public let rank: Int
    /// The number of processes `P`.
    public let processCount: Int
    /// The grid `P_r x P_c`.
    public let shape: ProcessGridShape
    /// This process's grid row.
    public let row: Int
    /// This process's grid column.
    public let column: Int
    /// The BLACS context of the grid.
    let context: Int32
    /// The processes of this grid column, ranked by grid row (grid row 0 is rank 0 there).
    let columnCommunicator: MPI_Comm?
    private var finished = false

    /// Starts MPI (if not started) and BLACS on a `shape` grid (by default the squarest for the
    /// process count, ``ProcessGridShape/init(processCount:)``), ranks in row-major order.
    /// - Throws: ``DistributedError/gridMismatch(processes:grid:)``, ``DistributedError/mpi(_:)``.
    public init(shape requested: ProcessGridShape? = nil) throws(DistributedError) {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            guard MPI_Init(nil, nil) == edlae_mpi_success() else { throw .mpi("MPI_Init failed") }
        }
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(edlae_mpi_comm_world(), &rank)
        MPI_Comm_size(edlae_mpi_comm_world(), &size)
        let shape = requested ?? ProcessGridShape(processCount: Int(size))
        guard shape.processCount == Int(size) else {
            MPI_Finalize()
            throw .gridMismatch(processes: Int(size), grid: shape.description)
        }
        var context: Int32 = 0
        Cblacs_get(-1, 0, &context)
        Cblacs_gridinit(&context, "Row", Int32(shape.rows), Int32(shape.columns))
        var rows: Int32 = 0, columns: Int32 = 0, row: Int32 = 0, column: Int32 = 0
        Cblacs_gridinfo(context, &rows, &columns, &row, &column)
        guard rows == shape.rows, columns == shape.columns, row >= 0, column >= 0 else {
            throw .mpi("BLACS could not form a \(shape) grid (got \(rows)x\(columns), position \(row),\(column))")
        }
        var columnCommunicator = edlae_mpi_comm_null()
        MPI_Comm_split(edlae_mpi_comm_world(), column, row, &columnCommunicator)
        self.rank = Int(rank)
        self.processCount = Int(size)
        self.shape = shape
        self.row = Int(row)
        self.column = Int(column)
        self.context = context
        self.columnCommunicator = columnCommunicator
    }

    /// Releases the grid and ends MPI (every process, once).
    public func finish() {
        guard !finished else { return }
        finished = true
        var communicator = columnCommunicator
        MPI_Comm_free(&communicator)
        Cblacs_gridexit(context)
        MPI_Finalize()
    }

    /// Ends every process at once (for errors that could not be agreed on).
    public func abort(code: Int32 = 1) -> Never {
        MPI_Abort(edlae_mpi_comm_world(), code)
        exit(code)
    }

    /// The layout of an `order x order` matrix in `blockSize` blocks on this grid, seen from here.
    public func layout(order: Int, blockSize: Int) -> BlockCyclicLayout {
        BlockCyclicLayout(order: order, blockSize: blockSize, grid: shape, row: row, column: column)
    }

    // MARK: Collectives

    /// The element-wise sum of `values` over all processes (same length everywhere).
    /// - Complexity: O(n log P) communication.
    public func sum(_ values: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        guard !values.isEmpty else { return result }
        values.withUnsafeBufferPointer { send in
            result.withUnsafeMutableBufferPointer { receive in
                _ = MPI_Allreduce(send.baseAddress, receive.baseAddress, Int32(values.count), edlae_mpi_double(),
                                  edlae_mpi_sum(), edlae_mpi_comm_world())
            }
        }
        return result
    }

    /// The minimum of `value` over all processes.
    public func minimum(_ value: Int32) -> Int32 {
        var send = value, receive: Int32 = 0
        MPI_Allreduce(&send, &receive, 1, edlae_mpi_int(), edlae_mpi_min(), edlae_mpi_comm_world())
        return receive
    }

    /// The bytes of process `root`, on every process.
    public func broadcast(_ bytes: [UInt8], from root: Int) -> [UInt8] {
        var count = Int32(rank == root ? bytes.count : 0)
        MPI_Bcast(&count, 1, edlae_mpi_int(), Int32(root), edlae_mpi_comm_world())
        var buffer = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count))
        if count > 0 {
            buffer.withUnsafeMutableBufferPointer {
                _ = MPI_Bcast($0.baseAddress, count, edlae_mpi_byte(), Int32(root), edlae_mpi_comm_world())
            }
        }
        return buffer
    }

    /// Waits until every process has arrived.
    public func barrier() { MPI_Barrier(edlae_mpi_comm_world()) }

    /// Runs `body` on this process and agrees on the outcome: if it threw on any process, every
    /// process throws ``DistributedError/failed(rank:message:)`` with the message of the lowest
    /// failing rank (a ``DistributedError`` is passed on as it is).
    public func agree<T>(_ body: () throws -> T) throws(DistributedError) -> T {
        var outcome: Result<T, any Error>
        do { outcome = .success(try body()) } catch { outcome = .failure(error) }
        var failed = false
        if case .failure = outcome { failed = true }
        let firstFailure = Int(minimum(failed ? Int32(rank) : Int32.max))
        guard firstFailure != Int(Int32.max) else {
            if case .success(let value) = outcome { return value }
            fatalError("unreachable: no failure agreed but this process failed")
        }
        var message = ""
        if rank == firstFailure, case .failure(let error) = outcome { message = "\(error)" }
        let text = String(decoding: broadcast(Array(message.utf8), from: firstFailure), as: UTF8.self)
        throw .failed(rank: firstFailure, message: text)
    }

    /// Sums `values` (same length on the processes of this grid column) onto grid row 0 of the
    /// column; other rows get `nil`.
    public func sumOntoFirstRow(_ values: [Double]) -> [Double]? {
        guard shape.rows > 1 else { return values }
        var result = [Double](repeating: 0, count: row == 0 ? values.count : 0)
        if !values.isEmpty {
            values.withUnsafeBufferPointer { send in
                result.withUnsafeMutableBufferPointer { receive in
                    _ = MPI_Reduce(send.baseAddress, receive.baseAddress, Int32(values.count), edlae_mpi_double(),
                                   edlae_mpi_sum(), 0, columnCommunicator)
                }
            }
        }
        return row == 0 ? result : nil
    }

    /// Gathers every process's `values` (any lengths) on rank 0, in rank order; `nil` elsewhere.
    public func gather(_ values: [Double]) -> [[Double]]? {
        var count = Int32(values.count)
        var counts = [Int32](repeating: 0, count: rank == 0 ? processCount : 1)
        counts.withUnsafeMutableBufferPointer {
            _ = MPI_Gather(&count, 1, edlae_mpi_int(), $0.baseAddress, 1, edlae_mpi_int(), 0, edlae_mpi_comm_world())
        }
        var displacements = [Int32](repeating: 0, count: counts.count)
        if rank == 0 { for p in 1..<max(processCount, 1) { displacements[p] = displacements[p - 1] + counts[p - 1] } }
        let total = rank == 0 ? Int(counts.reduce(0, +)) : 0
        var all = [Double](repeating: 0, count: max(total, 1))
        values.withUnsafeBufferPointer { send in
            all.withUnsafeMutableBufferPointer { receive in
                counts.withUnsafeBufferPointer { c in
                    displacements.withUnsafeBufferPointer { d in
                        _ = MPI_Gatherv(send.baseAddress, count, edlae_mpi_double(), receive.baseAddress,
                                        c.baseAddress, d.baseAddress, edlae_mpi_double(), 0, edlae_mpi_comm_world())
                    }
                }
            }
        }
        guard rank == 0 else { return nil }
        return (0..<processCount).map { p in
            Array(all[Int(displacements[p])..<Int(displacements[p] + counts[p])])
        }
    }
}
#endif
