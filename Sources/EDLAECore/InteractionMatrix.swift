/// A sparse users x items matrix of implicit feedback in compressed sparse row (CSR) form.
///
/// Row `u` holds the items of user `u` in ascending order with their values (1 for binary data).
/// This is the `X` of the papers; its Gram matrix `G = X^T X` is ``gram()``.
///
/// Build one from `(user, item, value)` triplets with ``init(users:items:triplets:duplicates:)``.
/// The file readers return an ``InteractionDataset`` (this matrix plus the user and item
/// ``IdentifierMap``s); ``SyntheticInteractions`` generates one from a seed.
public struct InteractionMatrix: Sendable, Equatable {
    /// The number of users (rows).
    public let userCount: Int
    /// The number of items (columns), `m` in the papers.
    public let itemCount: Int
    /// Row `u`'s entries are at `rowStarts[u] ..< rowStarts[u + 1]` of ``columnIndices`` and ``values``.
    public let rowStarts: [Int]
    /// The item index of every stored entry, ascending within each row.
    public let columnIndices: [Int32]
    /// The value of every stored entry.
    public let values: [Double]

    /// The number of stored (user, item) entries.
    public var nonzeroCount: Int { columnIndices.count }

    /// The fraction of user-item cells that hold an entry.
    public var density: Double {
        userCount == 0 || itemCount == 0 ? 0 : Double(nonzeroCount) / (Double(userCount) * Double(itemCount))
    }

    /// How repeated `(user, item)` pairs in the input triplets are combined.
    public enum DuplicatePolicy: Sendable {
        /// Keep one entry with the largest value (for binary data: the pair counts once). The default.
        case keepMaximum
        /// Add the values (counts of repeated events).
        case sum
        /// Keep the value of the last occurrence in input order.
        case keepLast
    }

    /// Builds the CSR matrix from `(user, item, value)` triplets with 0-based indices.
    ///
    /// Entries are sorted by item within each user; repeated pairs are combined by `duplicates`.
    /// - Precondition: every index is within `0..<users` and `0..<items` (the readers validate
    ///   external input before calling this).
    /// - Complexity: O(nnz log(nnz / users)).
    public init(users: Int, items: Int, triplets: [(user: Int, item: Int, value: Double)],
                duplicates: DuplicatePolicy = .keepMaximum) {
        precondition(users >= 0 && items >= 0 && items <= Int(Int32.max), "Invalid shape \(users)x\(items)")
        var counts = [Int](repeating: 0, count: users + 1)
        for (position, t) in triplets.enumerated() {
            precondition(t.user >= 0 && t.user < users && t.item >= 0 && t.item < items,
                         "Triplet \(position) (\(t.user), \(t.item)) outside a \(users)x\(items) matrix")
            counts[t.user + 1] += 1
        }
        for u in 0..<users { counts[u + 1] += counts[u] }
        // Bucket by user, keeping input order (so .keepLast is well defined).
        var next = counts
        var bucketItems = [Int32](repeating: 0, count: triplets.count)
        var bucketValues = [Double](repeating: 0, count: triplets.count)
        for t in triplets {
            bucketItems[next[t.user]] = Int32(t.item)
            bucketValues[next[t.user]] = t.value
            next[t.user] += 1
        }
        var starts = [Int](repeating: 0, count: users + 1)
        var columns = [Int32](); columns.reserveCapacity(triplets.count)
        var stored = [Double](); stored.reserveCapacity(triplets.count)
        var order = [Int]()
        for u in 0..<users {
            let range = counts[u]..<counts[u + 1]
            var ascending = true
            for position in range.dropFirst() where bucketItems[position - 1] >= bucketItems[position] {
                ascending = false
                break
            }
            if ascending {
                // Already sorted without repeats (the usual case for files sorted by user).
                columns.append(contentsOf: bucketItems[range])
                stored.append(contentsOf: bucketValues[range])
                starts[u + 1] = columns.count
                continue
            }
            // Sort by item, ties by input position (so .keepLast sees input order).
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: range)
            order.sort { a, b in
                bucketItems[a] != bucketItems[b] ? bucketItems[a] < bucketItems[b] : a < b
            }
            for position in order {
                let item = bucketItems[position], value = bucketValues[position]
                if columns.count > starts[u], columns[columns.count - 1] == item {
                    switch duplicates {
                    case .keepMaximum: stored[stored.count - 1] = Swift.max(stored[stored.count - 1], value)
                    case .sum: stored[stored.count - 1] += value
                    case .keepLast: stored[stored.count - 1] = value
                    }
                } else {
                    columns.append(item)
                    stored.append(value)
                }
            }
            starts[u + 1] = columns.count
        }
        self.init(userCount: users, itemCount: items, rowStarts: starts, columnIndices: columns, values: stored)
    }

    /// The same matrix without the stored entries whose value is 0 (they record no interaction).
    /// - Complexity: O(nnz); returns `self` unchanged when no value is 0.
    public func removingZeroValues() -> InteractionMatrix {
        guard values.contains(0) else { return self }
        var starts = [0], columns = [Int32](), stored = [Double]()
        starts.reserveCapacity(userCount + 1)
        for user in 0..<userCount {
            for position in rowStarts[user]..<rowStarts[user + 1] where values[position] != 0 {
                columns.append(columnIndices[position])
                stored.append(values[position])
            }
            starts.append(columns.count)
        }
        return InteractionMatrix(userCount: userCount, itemCount: itemCount, rowStarts: starts,
                                 columnIndices: columns, values: stored)
    }

    /// Wraps existing CSR arrays.
    /// - Precondition: they form a valid CSR matrix: `userCount + 1` non-decreasing row starts from
    ///   0 to `columnIndices.count`, as many values as indices, and within each row item indices
    ///   strictly ascending in `0 ..< itemCount`.
    /// - Complexity: O(users + nnz) for the validation.
    public init(userCount: Int, itemCount: Int, rowStarts: [Int], columnIndices: [Int32], values: [Double]) {
        precondition(userCount >= 0 && itemCount >= 0 && itemCount <= Int(Int32.max), "Invalid shape \(userCount)x\(itemCount)")
        precondition(rowStarts.count == userCount + 1 && rowStarts.first == 0 && rowStarts.last == columnIndices.count
                     && values.count == columnIndices.count,
                     "Inconsistent CSR arrays: \(rowStarts.count) row starts for \(userCount) users, \(columnIndices.count) indices, \(values.count) values")
        for user in 0..<userCount {
            let start = rowStarts[user], end = rowStarts[user + 1]
            precondition(start <= end, "Row starts decrease at user \(user)")
            var previous: Int32 = -1
            for position in start..<end {
                let item = columnIndices[position]
                precondition(item > previous && Int(item) < itemCount,
                             "Row \(user) has item \(item) after \(previous) (items must ascend within 0..<\(itemCount))")
                previous = item
            }
        }
        self.userCount = userCount
        self.itemCount = itemCount
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The item indices of user `user`, ascending.
    public func items(ofUser user: Int) -> ArraySlice<Int32> {
        columnIndices[rowStarts[user]..<rowStarts[user + 1]]
    }

    /// The values of user `user`'s entries, in the order of ``items(ofUser:)``.
    public func values(ofUser user: Int) -> ArraySlice<Double> {
        values[rowStarts[user]..<rowStarts[user + 1]]
    }

    /// The users `selected` (in that order) as a new matrix with the same items.
    /// - Complexity: O(rows selected + their entries).
    public func rows<S: Sequence>(_ selected: S) -> InteractionMatrix where S.Element == Int {
        var starts = [0], columns = [Int32](), stored = [Double]()
        for user in selected {
            precondition(user >= 0 && user < userCount, "User \(user) out of range 0..<\(userCount)")
            columns.append(contentsOf: items(ofUser: user))
            stored.append(contentsOf: values(ofUser: user))
            starts.append(columns.count)
        }
        return InteractionMatrix(userCount: starts.count - 1, itemCount: itemCount, rowStarts: starts,
                                 columnIndices: columns, values: stored)
    }

    /// The users `range` as a dense `range.count` x `itemCount` matrix (a batch for BLAS products).
    /// - Precondition: `range` lies within `0 ..< userCount`.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` when the
    ///   `8 range.count itemCount` bytes exceed ``MemoryBudget/current``.
    /// - Complexity: O(range.count itemCount).
    public func denseRows(_ range: Range<Int>) throws(LinearAlgebraError) -> Matrix<Double> {
        precondition(range.lowerBound >= 0 && range.upperBound <= userCount, "Users \(range) out of range 0..<\(userCount)")
        var dense = try Matrix<Double>(zeroedRows: range.count, columns: itemCount,
                                       purpose: "a dense batch of \(range.count) users x \(itemCount) items")
        let batch = range.count
        dense.withUnsafeMutableBufferPointer { d in
            for (offset, user) in range.enumerated() {
                for position in rowStarts[user]..<rowStarts[user + 1] {
                    d[offset + Int(columnIndices[position]) * batch] = values[position]
                }
            }
        }
        return dense
    }

    /// The sum of each item's values: `diag(X^T X)` for binary data (the item popularity).
    public var itemCounts: [Double] {
        var counts = [Double](repeating: 0, count: itemCount)
        for (item, value) in zip(columnIndices, values) { counts[Int(item)] += value * value }
        return counts
    }

    /// The number of entries of each user.
    public var userCounts: [Int] { (0..<userCount).map { rowStarts[$0 + 1] - rowStarts[$0] } }
}
