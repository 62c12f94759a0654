import EDLAECore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

// The files hold little-endian values and are streamed from and into the matrices' own buffers.
#if _endian(big)
#error("NumPyArray streams values in the host's byte order, which must be little-endian")
#endif

extension MatrixScalar {
    /// The NumPy type string of the scalar: `<f4` for `Float`, `<f8` for `Double`.
    static var numPyDataType: String { MemoryLayout<Self>.size == 4 ? "<f4" : "<f8" }
}

extension NumPyArray {
    /// The header of a version 1.0, Fortran-order file of `rows x columns` values of `Scalar`,
    /// padded so that the data start at a multiple of 64 bytes.
    static func header<Scalar: MatrixScalar>(for _: Scalar.Type, rows: Int, columns: Int) -> [UInt8] {
        var text = "{'descr': '\(Scalar.numPyDataType)', 'fortran_order': True, 'shape': (\(rows), \(columns)), }"
        let unpadded = 6 + 2 + 2 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(text.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
    }

    /// Writes `matrix` to `path` atomically (a temporary sibling file, then `rename`), streaming
    /// the matrix's own buffer to the file: no copy of the values is made, so saving an m x m model
    /// needs no second m x m buffer. `Float` matrices are stored as `<f4`, `Double` as `<f8`.
    /// - Throws: ``NumPyArrayError/io(path:reason:)``.
    /// - Complexity: O(rows * columns) bytes written.
    public static func write<Scalar: MatrixScalar>(_ matrix: Matrix<Scalar>, to path: String) throws(NumPyArrayError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        let head = header(for: Scalar.self, rows: matrix.rows, columns: matrix.columns)
        failure = head.withUnsafeBytes { writeAll(descriptor, $0) }
        if failure == nil {
            failure = matrix.withUnsafeBufferPointer { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
        }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot rename into place: " + String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .io(path: path, reason: failure)
        }
    }

    /// Reads the `.npy` file at `path` as a matrix of `Scalar` (the file's type must be
    /// `Scalar`'s: `<f4` or `<f8`), streaming the values straight into the matrix's buffer; a
    /// C-order file is transposed afterwards. The allocation is checked against the memory budget.
    /// - Throws: ``NumPyArrayError``, or ``NumPyArrayError/io(path:reason:)`` naming a memory-budget refusal.
    /// - Complexity: O(rows * columns).
    public static func read<Scalar: MatrixScalar>(_ path: String, as _: Scalar.Type = Double.self) throws(NumPyArrayError)
        -> Matrix<Scalar> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .io(path: path, reason: "not a regular file")
        }
        let size = Int(status.st_size)
        let (descr, fortranOrder, shape, dataStart) = try readHeader(descriptor, size: size, path: path)
        guard descr == Scalar.numPyDataType else { throw .unsupportedDataType(path: path, descr: descr) }
        guard shape.count == 2 else { throw .unsupportedShape(path: path, shape: shape) }
        let rows = shape[0], columns = shape[1], width = MemoryLayout<Scalar>.size
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= (Int.max - dataStart) / width, rows <= Int(Int32.max), columns <= Int(Int32.max) else {
            throw .unsupportedShape(path: path, shape: shape)
        }
        let expected = dataStart + count * width
        guard size >= expected else { throw .truncated(path: path, expectedBytes: expected, foundBytes: size) }
        guard size == expected else { throw .trailingBytes(path: path, count: size - expected) }
        let storedRows = fortranOrder ? rows : columns, storedColumns = fortranOrder ? columns : rows
        var matrix: Matrix<Scalar>
        do {
            try MemoryBudget.current.check(bytes: count * width, purpose: "reading \(path) (\(rows) x \(columns))")
            matrix = try Matrix<Scalar>(zeroedRows: storedRows, columns: storedColumns)
        } catch { throw .io(path: path, reason: "\(error)") }
        let failure = matrix.withUnsafeMutableBufferPointer { buffer in
            readAll(descriptor, UnsafeMutableRawBufferPointer(buffer), offset: dataStart)
        }
        if let failure { throw .io(path: path, reason: failure) }
        return fortranOrder ? matrix : matrix.transposed
    }

    /// The type string (`<f4`, `<f8`, ...) of the `.npy` file at `path`.
    /// - Throws: ``NumPyArrayError``.
    public static func dataType(ofFile path: String) throws(NumPyArrayError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        return try readHeader(descriptor, size: Int(status.st_size), path: path).descr
    }

    static func readHeader(_ descriptor: Int32, size: Int, path: String) throws(NumPyArrayError)
        -> (descr: String, fortranOrder: Bool, shape: [Int], dataStart: Int) {
        var prefix = [UInt8](repeating: 0, count: 12)
        let available = Swift.min(12, size)
        if let failure = prefix.withUnsafeMutableBytes({ readAll(descriptor, UnsafeMutableRawBufferPointer(rebasing: $0[0..<available]), offset: 0) }) {
            throw .io(path: path, reason: failure)
        }
        guard available >= 10, prefix[0] == 0x93, Array(prefix[1..<6]) == Array("NUMPY".utf8) else { throw .notNumPy(path: path) }
        let headerLength: Int, headerStart: Int
        switch prefix[6] {
        case 1:
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8
            headerStart = 10
        case 2:
            guard available >= 12 else { throw .truncated(path: path, expectedBytes: 12, foundBytes: size) }
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
            headerStart = 12
        default:
            throw .unsupportedVersion(path: path, major: Int(prefix[6]), minor: Int(prefix[7]))
        }
        let dataStart = headerStart + headerLength
        guard size >= dataStart else { throw .truncated(path: path, expectedBytes: dataStart, foundBytes: size) }
        var headerBytes = [UInt8](repeating: 0, count: headerLength)
        if let failure = headerBytes.withUnsafeMutableBytes({ readAll(descriptor, $0, offset: headerStart) }) {
            throw .io(path: path, reason: failure)
        }
        guard let header = String(bytes: headerBytes, encoding: .ascii) else {
            throw .malformedHeader(path: path, reason: "the header is not ASCII")
        }
        let (descr, fortran, shape) = try parseHeader(header, path: path)
        return (descr, fortran, shape, dataStart)
    }

    /// Writes every byte, in chunks of at most 1 GiB; the failure's description, or `nil`.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset < bytes.count {
            let length = Swift.min(bytes.count - offset, 1 << 30)
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, length)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }

    /// Fills `bytes` from the file at `offset`, in chunks of at most 1 GiB; the failure, or `nil`.
    static func readAll(_ descriptor: Int32, _ bytes: UnsafeMutableRawBufferPointer, offset start: Int) -> String? {
        var offset = 0
        while offset < bytes.count {
            let length = Swift.min(bytes.count - offset, 1 << 30)
            let got = pread(descriptor, bytes.baseAddress! + offset, length, off_t(start + offset))
            if got < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if got == 0 { return "the file ended early" }
            offset += got
        }
        return nil
    }
}
