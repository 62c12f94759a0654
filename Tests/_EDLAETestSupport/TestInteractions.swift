import EDLAECore

/// The seeded interaction data of the tests (not API): every test that needs random users x items
/// data draws it here, from ``SplitMix64``, so the same seed gives the same matrix everywhere.
public enum TestInteractions {
    /// Each cell holds an entry with probability `density` (cells visited user by user, item by
    /// item), valued by `value` (1 by default). With `everyItemSeen`, user `i mod users` also holds
    /// item `i`, so every item has an interaction and `G + Lambda` is positive definite for `p > 0`
    /// even at `lambda = 0`.
    /// - Complexity: O(users items).
    public static func random(users: Int, items: Int, density: Double, seed: UInt64, everyItemSeen: Bool = false,
                              value: (inout SplitMix64) -> Double = { _ in 1 }) -> InteractionMatrix {
        var generator = SplitMix64(seed: seed)
        var triplets: [(user: Int, item: Int, value: Double)] = []
        for user in 0..<users {
            for item in 0..<items where generator.nextUnitDouble() < density {
                triplets.append((user, item, value(&generator)))
            }
        }
        if everyItemSeen {
            for item in 0..<items { triplets.append((item % users, item, 1)) }
        }
        return InteractionMatrix(users: users, items: items, triplets: triplets)
    }

    /// Baskets: user `u` holds between `minimum` and `maximum` distinct items, popular low-index
    /// items more often (the index is `items * r^2` for a uniform `r`).
    /// - Complexity: O(users maximum) expected.
    public static func baskets(users: Int, items: Int, minimum: Int = 1, maximum: Int = 12,
                               seed: UInt64 = 7) -> InteractionMatrix {
        var rng = SplitMix64(seed: seed)
        var triplets = [(user: Int, item: Int, value: Double)]()
        for u in 0..<users {
            let count = minimum + rng.nextInt(below: min(maximum, items) - minimum + 1)
            var chosen = Set<Int>()
            while chosen.count < count {
                let r = rng.nextUnitDouble()
                chosen.insert(min(items - 1, Int(r * r * Double(items))))
            }
            for i in chosen { triplets.append((u, i, 1)) }
        }
        return InteractionMatrix(users: users, items: items, triplets: triplets)
    }
}
