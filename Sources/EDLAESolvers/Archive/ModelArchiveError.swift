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
    /// Saving would overwrite a folder that is not a model folder of this library (no
    /// `model.json`, or one this library did not write), or a file.
    case destinationNotAModel(path: String)
    /// Saving would replace a model folder that also holds `files` the model does not list.
    case destinationHoldsOtherFiles(path: String, files: [String])
    /// The save was abandoned because the process received a signal; the temporary folder was removed.
    case interrupted(path: String)
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
        case .destinationNotAModel(let path):
            return "\(path) exists and is not a model folder written by edlae; refusing to replace it (choose a new folder)"
        case .destinationHoldsOtherFiles(let path, let files):
            let shown = files.prefix(5).joined(separator: ", ") + (files.count > 5 ? ", ..." : "")
            return "\(path) holds files that are not part of the model (\(shown)); refusing to replace the folder "
                + "(move them away, choose a new folder, or use --force to overwrite only the model's own files)"
        case .interrupted(let path): return "\(path): save interrupted; the temporary folder was removed"
        case .io(let path, let reason): return "\(path): \(reason)"
        }
    }
}
