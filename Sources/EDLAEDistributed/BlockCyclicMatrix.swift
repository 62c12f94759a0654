import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// One process's part of a square matrix in the block-cyclic distribution of ``layout``: a
/// column-major array of `leadingDimension x localColumnCount` doubles (ScaLAPACK's local array).
///
/// No process ever holds the whole matrix: the local array has about `m^2 / P` entries.
public struct BlockCyclicMatrix: Sendable {
    /// Where the local entries sit in the global matrix.
    public let layout: BlockCyclicLayout
    /// The local array, column-major, leading dimension `layout.leadingDimension`.
    public var local: [Double]

    /// A local array of zeros.
    ///
    /// Checks the memory budget first (``MemoryBudget/current``): the local array needs
    /// `8 * leadingDimension * localColumnCount` bytes.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``.
    /// - Complexity: O(m^2 / P) time and memory.
    public init(zeros layout: BlockCyclicLayout) throws(LinearAlgebraError) {
        let bytes = MemoryBudget.bytes(forMatrices: 1, rows: layout.leadingDimension, columns: layout.localColumnCount)
        try MemoryBudget.current.check(
            bytes: bytes,
            purpose: "local block-cyclic part of \(layout.order) x \(layout.order) (\(layout.leadingDimension) x \(layout.localColumnCount))")
        self.layout = layout
        self.local = [Double](repeating: 0, count: layout.leadingDimension * layout.localColumnCount)
    }

    /// The local part of a full matrix (for tests and small problems).
    /// - Precondition: `full` is `layout.order` square.
    /// - Complexity: O(m^2 / P).
    public init(distributing full: Matrix<Double>, layout: BlockCyclicLayout) {
        precondition(full.rows == layout.order && full.columns == layout.order, "Matrix is not of order \(layout.order)")
        self.layout = layout
        let lld = layout.leadingDimension
        var local = [Double](repeating: 0, count: lld * layout.localColumnCount)
        for lc in 0..<layout.localColumnCount {
            let j = layout.globalColumn(ofLocal: lc)
            for lr in 0..<layout.localRowCount { local[lr + lc * lld] = full[layout.globalRow(ofLocal: lr), j] }
        }
        self.local = local
    }

    /// The entry at local row `localRow`, local column `localColumn`.
    public subscript(localRow localRow: Int, localColumn localColumn: Int) -> Double {
        get { local[localRow + localColumn * layout.leadingDimension] }
        set { local[localRow + localColumn * layout.leadingDimension] = newValue }
    }

    /// A length-`m` vector holding this process's diagonal entries at their global indices and 0
    /// elsewhere; the sum over all processes (an all-reduce) is the whole diagonal.
    /// - Complexity: O(m).
    public var diagonalContribution: [Double] {
        var diagonal = [Double](repeating: 0, count: layout.order)
        for lc in 0..<layout.localColumnCount {
            let j = layout.globalColumn(ofLocal: lc)
            if let lr = layout.localRow(ofGlobal: j) { diagonal[j] = self[localRow: lr, localColumn: lc] }
        }
        return diagonal
    }

    /// Copies the lower triangle of the diagonal blocks this process owns onto their upper
    /// triangle. Diagonal blocks are never split between processes (rows and columns use the
    /// same block size), so this part of mirroring a triangle needs no communication.
    /// - Complexity: O(m nb / P).
    public mutating func mirrorLowerTriangleOfDiagonalBlocks() {
        let nb = layout.blockSize
        for lc in 0..<layout.localColumnCount {
            let j = layout.globalColumn(ofLocal: lc)
            guard let lrj = layout.localRow(ofGlobal: j) else { continue }
            // Rows of the same block above the diagonal: global j - (j mod nb) ..< j.
            let first = j - j % nb
            for i in first..<j {
                let lri = lrj - (j - i)
                let lci = lc - (j - i)
                self[localRow: lri, localColumn: lc] = self[localRow: lrj, localColumn: lci]
            }
        }
    }
}
