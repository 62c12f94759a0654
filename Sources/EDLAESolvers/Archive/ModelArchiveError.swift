import EDLAECore

/// Why a model folder could not be saved or loaded.
public enum ModelArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required file is missing.
    case missingFile(path: String)
    /// `model.json` is not valid JSON of the expected shape.
    case malformedManifest(path: String, reason: String)
    /// `model.json` has a format version this library does not read.
    case unsupportedFormatVersion(path: String, version: Int)
    /// The manifest contradicts itself or the files.
    case inconsistent(path: String, reason: String)
    /// An array's shape differs from the manifest's.
    case shapeMismatch(path: String, expected: [Int], found: [Int])
    /// An array holds NaN or infinity.
    case nonFiniteWeights(path: String)
    /// An array file is not a valid `.npy` file.
    case array(NumPyArrayError)
    /// Saving would overwrite a folder that is not a model folder.
    case destinationNotAModel(path: String)
    /// The file system refused an operation.
    case io(path: String, reason: String)

    /// A one-line message naming the case's values.
    public var description: String {
        switch self {
        case .missingFile(let path): return "\(path): missing"
        case .malformedManifest(let path, let reason): return "\(path): malformed manifest: \(reason)"
        case .unsupportedFormatVersion(let path, let version): return "\(path): unsupported model format version \(version)"
        case .inconsistent(let path, let reason): return "\(path): \(reason)"
        case .shapeMismatch(let path, let expected, let found): return "\(path): shape \(found), expected \(expected)"
        case .nonFiniteWeights(let path): return "\(path): weights contain NaN or infinity"
        case .array(let error): return error.description
        case .destinationNotAModel(let path): return "\(path) exists and is not a model folder; refusing to replace it"
        case .io(let path, let reason): return "\(path): \(reason)"
        }
    }
}
