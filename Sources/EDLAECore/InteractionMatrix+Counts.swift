extension InteractionMatrix {
    /// How many stored entries each item column has (its interactions).
    /// - Complexity: O(nnz).
    public var itemInteractionCounts: [Int] {
        var counts = [Int](repeating: 0, count: itemCount)
        for column in columnIndices { counts[Int(column)] += 1 }
        return counts
    }
}
