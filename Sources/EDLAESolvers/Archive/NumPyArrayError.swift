import EDLAECore

/// Why a `.npy` file could not be read or written.
public enum NumPyArrayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not start with the `.npy` magic string.
    case notNumPy(path: String)
    /// A format version other than 1.x or 2.x.
    case unsupportedVersion(path: String, major: Int, minor: Int)
    /// The header dict could not be parsed.
    case malformedHeader(path: String, reason: String)
    /// A data type other than little-endian float64 (`'<f8'`).
    case unsupportedDataType(path: String, descr: String)
    /// A shape that is not two-dimensional, or too large.
    case unsupportedShape(path: String, shape: [Int])
    /// The file ends before the header or the data do.
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    /// Bytes follow the data.
    case trailingBytes(path: String, count: Int)
    /// The file system refused a read or write.
    case io(path: String, reason: String)

    /// A one-line message naming the case's values.
    public var description: String {
        switch self {
        case .notNumPy(let path): return "\(path): not a NumPy .npy file"
        case .unsupportedVersion(let path, let major, let minor): return "\(path): unsupported .npy version \(major).\(minor)"
        case .malformedHeader(let path, let reason): return "\(path): malformed .npy header: \(reason)"
        case .unsupportedDataType(let path, let descr): return "\(path): data type '\(descr)' is not little-endian float64 '<f8'"
        case .unsupportedShape(let path, let shape): return "\(path): shape \(shape) is not a supported 2-D shape"
        case .truncated(let path, let expected, let found): return "\(path): truncated: \(found) bytes, expected \(expected)"
        case .trailingBytes(let path, let count): return "\(path): \(count) unexpected bytes after the data"
        case .io(let path, let reason): return "\(path): \(reason)"
        }
    }
}
