import EDLAECore

/// The benchmark data: `users = 5 m` users over `m` items at about 1% density, with a skewed item
/// popularity like real implicit-feedback data.
public enum SyntheticData {
    /// Seeded binary interactions.
    ///
    /// Each user draws a count uniformly from `1 ... 2 m / 100 - 1` (mean `m / 100`) and then that
    /// many items with `item = floor(m u^2)`, `u` uniform, so low item indices are popular
    /// (P(item < j) = sqrt(j / m)). Repeated draws of an item count once, so the density ends a
    /// little below 1%.
    /// - Complexity: O(nnz log(nnz / users)).
    public static func interactions(items m: Int, seed: UInt64 = 20_200_707) -> InteractionMatrix {
        precondition(m >= 100, "The synthetic data needs at least 100 items, got \(m)")
        let users = 5 * m
        var generator = SeededGenerator(seed: seed &+ UInt64(m))
        let maximumCount = max(1, 2 * m / 100 - 1)
        var triplets: [(user: Int, item: Int, value: Double)] = []
        triplets.reserveCapacity(users * (m / 100 + 1))
        for user in 0..<users {
            let count = 1 + Int(generator.nextUnit() * Double(maximumCount))
            for _ in 0..<count {
                let u = generator.nextUnit()
                triplets.append((user, min(m - 1, Int(Double(m) * u * u)), 1))
            }
        }
        return InteractionMatrix(users: users, items: m, triplets: triplets)
    }
}
