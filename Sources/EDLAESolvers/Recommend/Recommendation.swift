/// One recommended item: its external id, its column in the model, its score `(x B)_j`, and its
/// display name when the model has names.
public struct Recommendation: Sendable, Hashable, Codable {
    /// The item's external id (as in the training file).
    public let item: String
    /// The item's column `0..<m` in the model.
    public let index: Int
    /// The score `(x B)_j` of the user's history `x`.
    public let score: Double
    /// The item's display name, when the model has names.
    public let name: String?

    /// A recommendation with every field given.
    /// - Complexity: O(1).
    public init(item: String, index: Int, score: Double, name: String? = nil) {
        self.item = item
        self.index = index
        self.score = score
        self.name = name
    }
}
