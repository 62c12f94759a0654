import EDLAECore
import EDLAESolvers

/// Why a split directory (or another evaluation data file) could not be read.
public enum EvaluationDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist.
    case missingFile(path: String)
    /// The file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The first line is not the expected header.
    case badHeader(path: String, expected: String, found: String)
    /// A data line is malformed (1-based line number).
    case malformedLine(path: String, line: Int, content: String, reason: String)
    /// The files contradict each other.
    case inconsistent(path: String, reason: String)

    /// A one-line message naming the case's values.
    public var description: String {
        switch self {
        case .missingFile(let path): return "\(path): no such file"
        case .unreadableFile(let path, let reason): return "\(path): cannot read: \(reason)"
        case .badHeader(let path, let expected, let found):
            return "\(path):1: expected header '\(expected)', found '\(found)'"
        case .malformedLine(let path, let line, let content, let reason):
            return "\(path):\(line): \(reason): '\(content)'"
        case .inconsistent(let path, let reason): return "\(path): \(reason)"
        }
    }
}
