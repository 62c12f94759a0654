import EDLAECore
import Foundation

extension NumPyArray {
    /// The bytes that precede the values in the file ``encode(_:)`` writes for a `rows` x `columns`
    /// matrix (magic, version 1.0, header length, header padded to a multiple of 64 bytes), so that
    /// writers that place the values themselves (several processes writing their parts of one
    /// file at their offsets) produce the same file: value `(i, j)` starts at byte
    /// `header.count + 8 * (j * rows + i)`.
    /// - Complexity: O(1).
    public static func header(rows: Int, columns: Int) -> Data {
        Data(header(for: Double.self, rows: rows, columns: columns))
    }
}
