import EDLAECore

/// Why a ``Recommender`` could not answer.
public enum RecommenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Item ids the model does not know (at most the first 20 are listed; `count` is the total).
    case unknownItems([String], count: Int)
    /// A history without any (known) item: there is nothing to fold in.
    case emptyHistory
    /// The item ids do not describe the model: `reason` says how.
    case invalidItemIDs(reason: String)
    /// A user matrix over another number of items than the model's.
    case itemCountMismatch(model: Int, users: Int)
    /// `count` below 1.
    case invalidCount(Int)
    /// A block of scores does not fit the memory budget (even one user), or another failure of
    /// the linear algebra.
    case linearAlgebra(LinearAlgebraError)

    /// A one-line message.
    public var description: String {
        switch self {
        case .unknownItems(let ids, let count):
            "unknown item ids (\(count)): \(ids.joined(separator: ", "))\(count > ids.count ? ", ..." : "")"
        case .emptyHistory:
            "the history holds no known item: give at least one item id the model knows"
        case .invalidItemIDs(let reason):
            "invalid item ids: \(reason)"
        case .itemCountMismatch(let model, let users):
            "the users have \(users) item columns, the model \(model)"
        case .invalidCount(let count):
            "invalid count \(count): valid range is 1 or more (a count above the number of items gives them all)"
        case .linearAlgebra(let error):
            error.description
        }
    }
}
