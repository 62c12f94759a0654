import Foundation

extension NumPyArray {
    /// The bytes that precede the values in the file ``encode(_:)`` writes for a `rows` x `columns`
    /// matrix (magic, version 1.0, header length, header padded to a multiple of 64 bytes), so that
    /// writers that place the values themselves (several processes writing their parts of one
    /// file at their offsets) produce the same file: value `(i, j)` starts at byte
    /// `header.count + 8 * (j * rows + i)`.
    /// - Complexity: O(1).
    public static func header(rows: Int, columns: Int) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': True, 'shape': (\(rows), \(columns)), }"
        let unpadded = 6 + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        return data
    }
}
