import EDLAECore
import EDLAESolvers

/// Why the evaluation protocol refused its settings or data.
public enum EvaluationProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting is outside its valid range.
    case invalidSetting(name: String, value: String, validRange: String)
    /// Holding out `heldOut` of `available` users leaves no training user (or fewer users than folds).
    case notEnoughUsers(available: Int, heldOut: Int)

    /// A one-line message naming the case's values.
    public var description: String {
        switch self {
        case .invalidSetting(let name, let value, let range):
            return "invalid \(name) \(value): valid range is \(range)"
        case .notEnoughUsers(let available, let heldOut):
            return "not enough users: \(available) users with enough interactions, \(heldOut) to hold out"
        }
    }
}
