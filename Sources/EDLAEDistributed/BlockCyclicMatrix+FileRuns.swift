import EDLAECore
import EDLAEMetrics
import EDLAESolvers

/// A run of consecutive local entries that are also consecutive in a column-major file of the
/// global matrix: `count` doubles from local offset `localOffset` go to byte `fileOffset`.
public struct FileRun: Sendable, Equatable {
    /// The byte offset in the file.
    public let fileOffset: Int
    /// The index of the first value in the local array.
    public let localOffset: Int
    /// The number of doubles.
    public let count: Int
}

extension BlockCyclicMatrix {
    /// Where this process's entries go in a column-major file of the global `m x m` matrix whose
    /// values start at byte `dataStart` (entry `(i, j)` at `dataStart + 8 (j m + i)`): one run per
    /// local column and row block, merged when consecutive (a whole local column when `P_r = 1`).
    /// Every process writes its runs (e.g. with `pwrite`); together they cover the file exactly once.
    /// - Complexity: O(m^2 / (P nb)) runs.
    public func fileRuns(dataStart: Int) -> [FileRun] {
        let m = layout.order, nb = layout.blockSize, lld = layout.leadingDimension
        let rows = layout.localRowCount
        var runs = [FileRun]()
        for lc in 0..<layout.localColumnCount {
            let j = layout.globalColumn(ofLocal: lc)
            var lr = 0
            while lr < rows {
                let i = layout.globalRow(ofLocal: lr)
                let count = Swift.min(nb - lr % nb, rows - lr)
                let offset = dataStart + 8 * (j * m + i)
                if let last = runs.last, last.fileOffset + 8 * last.count == offset,
                   last.localOffset + last.count == lr + lc * lld {
                    runs[runs.count - 1] = FileRun(fileOffset: last.fileOffset, localOffset: last.localOffset,
                                                   count: last.count + count)
                } else {
                    runs.append(FileRun(fileOffset: offset, localOffset: lr + lc * lld, count: count))
                }
                lr += count
            }
        }
        return runs
    }
}
