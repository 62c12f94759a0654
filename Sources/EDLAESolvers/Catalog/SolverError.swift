import EDLAECore

/// Why a solver refused its input or could not finish.
public enum SolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hyperparameter is outside its valid range, e.g. `dropout 1.2 is outside [0, 1)`.
    case invalidHyperparameter(name: String, value: String, validRange: String)
    /// The rank `k` is outside `1...m`.
    case rankOutOfRange(rank: Int, itemCount: Int)
    /// `G + Lambda` is not positive definite; `item` is the first failing item. Happens when an item
    /// has no interactions and `lambda = 0`: choose `lambda > 0`.
    case notPositiveDefinite(item: Int, hint: String)
    /// A factorisation or allocation failed below the solver.
    case linearAlgebra(LinearAlgebraError)
    /// The solver needs the interactions `X`, but only a Gram matrix was given.
    case needsInteractions(solver: String)
    /// An iteration produced a non-finite value (reported instead of returning NaN weights), or
    /// an objective more than 100 times that of the all-zero model.
    case diverged(iteration: Int, reason: String)
    /// The fit ended with weights that cannot rank items: all zero, or not finite; `reason` says
    /// which and the likely cause.
    case unusableModel(solver: String, reason: String)

    /// A one-line message naming the case's values.
    public var description: String {
        switch self {
        case .invalidHyperparameter(let name, let value, let range):
            return "invalid \(name) \(value): valid range is \(range)"
        case .rankOutOfRange(let rank, let m):
            if m < 1 { return "rank \(rank) is out of range: the rank must be at least 1 (and at most the number of items)" }
            return "rank \(rank) is out of range: valid range is 1...\(m) (the number of items)"
        case .notPositiveDefinite(let item, let hint):
            return "G + Lambda is not positive definite at item \(item); \(hint)"
        case .linearAlgebra(let error):
            return error.description
        case .needsInteractions(let solver):
            return "\(solver) trains on the interactions X; a Gram matrix alone is not enough"
        case .diverged(let iteration, let reason):
            return "diverged at iteration \(iteration): \(reason)"
        case .unusableModel(let solver, let reason):
            return "\(solver) produced no usable model: \(reason)"
        }
    }
}
