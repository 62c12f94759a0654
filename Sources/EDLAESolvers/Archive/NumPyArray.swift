import EDLAECore
import Foundation

/// Reading and writing two-dimensional float64 arrays in the NumPy `.npy` format, version 1.0, so
/// that `numpy.load("B.npy")` returns the model's matrix directly.
///
/// Layout of a file written here: the magic string `\x93NUMPY`, the version bytes `1 0`, a
/// little-endian `UInt16` header length, and an ASCII header such as
/// `{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }` padded with spaces and ended by
/// `\n` so that the data start at a multiple of 64 bytes; then the `rows * columns` values as
/// little-endian IEEE-754 doubles in column-major (Fortran) order — the storage order of
/// ``/EDLAECore/Matrix``, so writing needs no transposition.
///
/// The reader accepts versions 1.0 and 2.0 (`UInt32` header length), C or Fortran order, and only
/// the `'<f8'` data type with a 2-D shape; anything else, a truncated file or trailing bytes give a
/// ``NumPyArrayError``.
public enum NumPyArray {
    /// The file contents for `matrix` (version 1.0, `'<f8'`, Fortran order).
    /// - Complexity: O(rows * columns).
    public static func encode(_ matrix: Matrix<Double>) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': True, 'shape': (\(matrix.rows), \(matrix.columns)), }"
        let unpadded = 6 + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.reserveCapacity(data.count + matrix.count * 8)
        matrix.withUnsafeBufferPointer { values in
            var bytes = [UInt8](repeating: 0, count: values.count * 8)
            for (index, value) in values.enumerated() {
                var bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { raw in
                    for b in 0..<8 { bytes[index * 8 + b] = raw[b] }
                }
            }
            data.append(contentsOf: bytes)
        }
        return data
    }

    /// Parses the contents of a `.npy` file; `path` is only used in error messages.
    /// - Throws: ``NumPyArrayError``.
    /// - Complexity: O(rows * columns).
    public static func decode(_ data: Data, path: String = "<data>") throws(NumPyArrayError) -> Matrix<Double> {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw .notNumPy(path: path)
        }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2:
            guard bytes.count >= 12 else { throw .truncated(path: path, expectedBytes: 12, foundBytes: bytes.count) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw .unsupportedVersion(path: path, major: Int(major), minor: Int(minor))
        }
        let dataStart = headerStart + headerLength
        guard bytes.count >= dataStart else {
            throw .truncated(path: path, expectedBytes: dataStart, foundBytes: bytes.count)
        }
        guard let header = String(bytes: bytes[headerStart..<dataStart], encoding: .ascii) else {
            throw .malformedHeader(path: path, reason: "the header is not ASCII")
        }
        let (descr, fortranOrder, shape) = try parseHeader(header, path: path)
        guard descr == "<f8" else { throw .unsupportedDataType(path: path, descr: descr) }
        guard shape.count == 2 else { throw .unsupportedShape(path: path, shape: shape) }
        let rows = shape[0], columns = shape[1]
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        // Each dimension must fit BLAS's 32-bit integers (a matrix of 0 x 8e18 holds no value but
        // is no matrix this library can build).
        guard !overflow, count <= (Int.max - dataStart) / 8, rows <= Int(Int32.max), columns <= Int(Int32.max) else {
            throw .unsupportedShape(path: path, shape: shape)
        }
        let expected = dataStart + count * 8
        guard bytes.count >= expected else { throw .truncated(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        guard bytes.count == expected else { throw .trailingBytes(path: path, count: bytes.count - expected) }
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: dataStart + i * 8, as: UInt64.self)
                values[i] = Double(bitPattern: UInt64(littleEndian: bits))
            }
        }
        if fortranOrder {
            return Matrix(rows: rows, columns: columns, columnMajor: values)
        }
        // C order: values[i * columns + j] is element (i, j).
        return Matrix(rows: rows, columns: columns) { i, j in values[i * columns + j] }
    }

    /// Parses the Python dict literal of the header: `'descr'`, `'fortran_order'`, `'shape'`.
    static func parseHeader(_ header: String, path: String) throws(NumPyArrayError) -> (String, Bool, [Int]) {
        let text = header.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), text.hasSuffix("}") else {
            throw .malformedHeader(path: path, reason: "the header is not a dict literal")
        }
        func value(after key: String) -> Substring? {
            guard let range = text.range(of: "'\(key)'") else { return nil }
            var rest = text[range.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        guard let descrText = value(after: "descr"), let quote = descrText.first, quote == "'" || quote == "\"",
              let close = descrText.dropFirst().firstIndex(of: quote) else {
            throw .malformedHeader(path: path, reason: "no 'descr' string")
        }
        let descr = String(descrText[descrText.index(after: descrText.startIndex)..<close])
        guard let orderText = value(after: "fortran_order") else {
            throw .malformedHeader(path: path, reason: "no 'fortran_order'")
        }
        let fortran: Bool
        if orderText.hasPrefix("True") { fortran = true }
        else if orderText.hasPrefix("False") { fortran = false }
        else { throw .malformedHeader(path: path, reason: "'fortran_order' is neither True nor False") }
        guard let shapeText = value(after: "shape"), shapeText.first == "(",
              let end = shapeText.firstIndex(of: ")") else {
            throw .malformedHeader(path: path, reason: "no 'shape' tuple")
        }
        var shape = [Int]()
        for part in shapeText[shapeText.index(after: shapeText.startIndex)..<end].split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let n = Int(trimmed), n >= 0 else {
                throw .malformedHeader(path: path, reason: "shape entry '\(trimmed)' is not a non-negative integer")
            }
            shape.append(n)
        }
        return (descr, fortran, shape)
    }
}
