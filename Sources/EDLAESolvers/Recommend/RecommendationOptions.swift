/// What a ``Recommender`` returns: how many items, which may appear, and what to do with unknown ids.
public struct RecommendationOptions: Sendable, Hashable {
    /// What to do with item ids the model does not know.
    public enum UnknownItems: Sendable, Hashable {
        /// Throw ``RecommenderError/unknownItems(_:count:)`` listing them (the default).
        case fail
        /// Leave them out of the history, the exclusions and the candidates.
        case ignore
    }

    /// How many items to return per user; more than the eligible items gives them all.
    public var count: Int
    /// Whether items of the user's own history may be recommended (dropped by default).
    public var keepsHistory: Bool
    /// Further item ids never to recommend.
    public var excluded: [String]
    /// When given, only these item ids may be recommended.
    public var candidates: [String]?
    /// Whether items without any training interaction may be recommended (never by default; they
    /// are known only when the model records ``ModelArchive/itemInteractionCounts``).
    public var includesItemsWithoutInteractions: Bool
    /// What to do with unknown item ids.
    public var unknownItems: UnknownItems

    /// Options with every value given or defaulted: 10 items, history dropped, nothing else
    /// excluded, every item a candidate, unknown ids an error.
    /// - Complexity: O(1).
    public init(count: Int = 10, keepsHistory: Bool = false, excluded: [String] = [], candidates: [String]? = nil,
                includesItemsWithoutInteractions: Bool = false, unknownItems: UnknownItems = .fail) {
        self.count = count
        self.keepsHistory = keepsHistory
        self.excluded = excluded
        self.candidates = candidates
        self.includesItemsWithoutInteractions = includesItemsWithoutInteractions
        self.unknownItems = unknownItems
    }
}
