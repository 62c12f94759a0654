import EDLAECore
import EDLAESolvers

/// Why a grid search produced no result.
public enum GridSearchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The split has no validation users to score the points on.
    case noValidationUsers
    /// No point could be fitted; the first failure is given.
    case noSuccessfulTrial(String)

    /// A one-line message naming the case's values.
    public var description: String {
        switch self {
        case .noValidationUsers: return "the split has no validation users: hold some out to tune"
        case .noSuccessfulTrial(let reason): return "no grid point could be fitted (first failure: \(reason))"
        }
    }
}
