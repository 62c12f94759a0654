/// The `(user, item[, value])` of every data line while a file is read, and their assembly into
/// an ``InteractionMatrix`` without a copy of the data.
///
/// Memory, per data line: 4 bytes of user index and 4 of item index while reading (plus 8 of
/// value once a line has a third field). Assembly groups the lines by user **in place** (a
/// counting sort that swaps entries into their rows), drops the user column, sorts each row by
/// item, combines repeated pairs and writes the CSR arrays over the item column, so the peak is
/// 12 bytes per line for `user,item` files (item column, then the 8-byte values of the matrix) and
/// 16 for files with values. The one exception is a file with values read with
/// ``InteractionMatrix/DuplicatePolicy/keepLast``, which needs input order within each row: it is
/// grouped by a stable copy (28 bytes per line at the peak).
///
/// The arrays are reserved up front for the most lines the text can hold (`(bytes + 1) / 4`,
/// capped by ``MemoryBudget/current``); only the pages that lines fill become resident.
struct InteractionLines {
    private(set) var users: [Int32] = []
    private(set) var items: [Int32] = []
    private var values: [Double] = []
    private(set) var hasValues = false
    private var reserved: Int
    private let maximumLines: Int
    private let budget: Int
    private let duplicates: InteractionMatrix.DuplicatePolicy

    /// Storage for the lines of `byteCount` bytes of text, to be combined by `duplicates`.
    init(byteCount: Int, duplicates: InteractionMatrix.DuplicatePolicy) {
        self.duplicates = duplicates
        budget = MemoryBudget.current.limit
        maximumLines = byteCount / 4 + 1
        reserved = Swift.min(maximumLines, Swift.max(1024, budget / 12))
        users.reserveCapacity(reserved)
        items.reserveCapacity(reserved)
    }

    var count: Int { users.count }

    /// Appends one data line (`value` `nil`: no third field, the value is 1).
    /// - Throws: ``InteractionReadError/Reason/exceedsMemoryBudget(users:items:needed:available:)``
    ///   at the scanner's line when the lines read so far would need more than the memory budget at
    ///   the peak of ``takeMatrix(userCount:itemCount:)`` (12, 16 or 28 bytes per line).
    @inline(__always)
    mutating func append(user: Int32, item: Int32, value: Double?, userCount: Int, itemCount: Int,
                         scanner: InteractionTextScanner) throws(InteractionReadError) {
        if users.count == reserved { try grow(userCount: userCount, itemCount: itemCount, scanner: scanner) }
        if let value {
            if !hasValues { startValues() }
            values.append(value)
        } else if hasValues {
            values.append(1)
        }
        users.append(user)
        items.append(item)
    }

    /// The peak bytes per line of ``takeMatrix(userCount:itemCount:)``: the item column and the
    /// values (12), or with a value column the three columns (16) or, for `.keepLast`, those and
    /// their stable copy (28).
    private var peakBytesPerLine: Int { hasValues ? (duplicates == .keepLast ? 28 : 16) : 12 }

    private mutating func startValues() {
        hasValues = true
        reserved = Swift.max(users.count + 1, Swift.min(reserved, budget / peakBytesPerLine))
        values.reserveCapacity(reserved)
        values.append(contentsOf: repeatElement(1, count: users.count))
    }

    /// Reserves room for more lines, or throws when one more line would pass the budget.
    private mutating func grow(userCount: Int, itemCount: Int, scanner: InteractionTextScanner) throws(InteractionReadError) {
        let perLine = peakBytesPerLine
        let (needed, overflow) = (users.count + 1).multipliedReportingOverflow(by: perLine)
        if overflow || needed > budget {
            throw scanner.error(.exceedsMemoryBudget(users: userCount, items: itemCount,
                                                     needed: overflow ? Int.max : needed, available: budget))
        }
        reserved = Swift.min(2 * reserved, budget / perLine)
        users.reserveCapacity(reserved)
        items.reserveCapacity(reserved)
        if hasValues { values.reserveCapacity(reserved) }
    }

    /// Renumbers the user and item indices of every line (see ``IdentifierColumn/finish(remapping:)``)
    /// and returns the two identifier maps.
    mutating func finish(users userColumn: inout IdentifierColumn,
                         items itemColumn: inout IdentifierColumn) -> (users: IdentifierMap, items: IdentifierMap) {
        let userMap = users.withUnsafeMutableBufferPointer { userColumn.finish(remapping: $0) }
        let itemMap = items.withUnsafeMutableBufferPointer { itemColumn.finish(remapping: $0) }
        return (userMap, itemMap)
    }

    /// The CSR matrix of the lines, taking their storage (the lines are empty afterwards): rows
    /// sorted by item, repeated pairs combined by the policy given at initialisation, pairs whose
    /// combined value is 0 not stored.
    /// - Precondition: every user index is in `0 ..< userCount`, every item index in `0 ..< itemCount`.
    /// - Complexity: O(lines + users + sum over rows of r log r) for rows of r lines (rows already
    ///   ascending are not sorted).
    mutating func takeMatrix(userCount: Int, itemCount: Int) -> InteractionMatrix {
        let lineCount = users.count
        var starts = [Int](repeating: 0, count: userCount + 1)
        users.withUnsafeBufferPointer { users in
            for user in users { starts[Int(user) + 1] += 1 }
        }
        for user in 0..<userCount { starts[user + 1] += starts[user] }

        var columns = items
        items = []
        var stored: [Double]
        if hasValues && duplicates == .keepLast {
            // Stable grouping (rows keep input order), so the last value of a pair is known.
            (columns, stored) = Self.groupedStably(users: users, columns: columns, values: values, starts: starts)
            users = []
            values = []
            let nonzeros = Self.combineRows(columns: &columns, values: &stored, starts: &starts, duplicates: duplicates,
                                            inputOrder: true)
            columns.removeLast(columns.count - nonzeros)
            stored.removeLast(stored.count - nonzeros)
        } else if hasValues {
            stored = values
            values = []
            Self.groupInPlace(users: &users, columns: &columns, values: &stored, starts: starts)
            users = []
            let nonzeros = Self.combineRows(columns: &columns, values: &stored, starts: &starts, duplicates: duplicates,
                                            inputOrder: false)
            columns.removeLast(columns.count - nonzeros)
            stored.removeLast(stored.count - nonzeros)
        } else {
            var none = [Double]()
            Self.groupInPlace(users: &users, columns: &columns, values: &none, starts: starts)
            users = []
            stored = [Double](unsafeUninitializedCapacity: lineCount) { buffer, initialized in
                initialized = Self.combineBinaryRows(columns: &columns, values: buffer, starts: &starts,
                                                     itemCount: itemCount, countsRepeats: duplicates == .sum)
            }
            columns.removeLast(columns.count - stored.count)
        }
        hasValues = false
        return InteractionMatrix(userCount: userCount, itemCount: itemCount, rowStarts: starts,
                                 columnIndices: columns, values: stored)
    }

    /// Groups the entries by user in place (no copy of the arrays; the order within a row is not
    /// kept): an American-flag sort in two levels, first by blocks of `2^shift` consecutive users
    /// (at most 512 blocks, so the moves go to few places at a time and stay in cache), then by user
    /// within each block. `values` is empty or as long as `users`. Entries already in their place
    /// (a file sorted by user) are not moved.
    private static func groupInPlace(users: inout [Int32], columns: inout [Int32], values: inout [Double], starts: [Int]) {
        let userCount = starts.count - 1
        let shift = Swift.max(0, (Int.bitWidth - userCount.leadingZeroBitCount) - 9)
        let blockCount = ((userCount - 1) >> shift) + 1
        let blockStarts = (0...blockCount).map { starts[Swift.min($0 << shift, userCount)] }
        let withValues = !values.isEmpty
        users.withUnsafeMutableBufferPointer { users in
            columns.withUnsafeMutableBufferPointer { columns in
                values.withUnsafeMutableBufferPointer { values in
                    let values = withValues ? values : nil
                    if shift > 0 {
                        permute(users: users, columns: columns, values: values, buckets: blockCount,
                                starts: blockStarts, bucket: { Int($0) >> shift })
                    }
                    permute(users: users, columns: columns, values: values, buckets: userCount,
                            starts: starts, bucket: { Int($0) })
                }
            }
        }
    }

    /// Moves every entry into the range `starts[b] ..< starts[b + 1]` of its bucket `b = bucket(user)`
    /// by cycles of swaps. Entries of a bucket must fill exactly its range.
    @inline(__always)
    private static func permute(users: UnsafeMutableBufferPointer<Int32>, columns: UnsafeMutableBufferPointer<Int32>,
                                values: UnsafeMutableBufferPointer<Double>?, buckets: Int, starts: [Int],
                                bucket: (Int32) -> Int) {
        var next = starts
        for current in 0..<buckets {
            let end = starts[current + 1]
            var position = next[current]
            while position < end {
                var user = users[position]
                var owner = bucket(user)
                if owner == current { position += 1; continue }
                // Carry the entry to its bucket, picking up the entry it displaces, until an entry
                // of this bucket comes back to fill `position`.
                var column = columns[position]
                var value = values?[position] ?? 0
                repeat {
                    let target = next[owner]
                    next[owner] = target + 1
                    swap(&user, &users[target])
                    swap(&column, &columns[target])
                    if let values { swap(&value, &values[target]) }
                    owner = bucket(user)
                } while owner != current
                users[position] = user
                columns[position] = column
                if let values { values[position] = value }
                position += 1
            }
            next[current] = end
        }
    }

    /// The entries grouped by user into new arrays, keeping input order within each row.
    private static func groupedStably(users: [Int32], columns: [Int32], values: [Double],
                                      starts: [Int]) -> (columns: [Int32], values: [Double]) {
        var next = starts
        let count = users.count
        var groupedValues: [Double] = []
        let groupedColumns = [Int32](unsafeUninitializedCapacity: count) { groupedColumns, initialized in
            groupedValues = [Double](unsafeUninitializedCapacity: count) { groupedValues, initializedValues in
                for line in 0..<count {
                    let user = Int(users[line]), target = next[user]
                    next[user] = target + 1
                    groupedColumns[target] = columns[line]
                    groupedValues[target] = values[line]
                }
                initializedValues = count
            }
            initialized = count
        }
        return (groupedColumns, groupedValues)
    }

    /// Sorts each row of grouped binary entries by item, writes every distinct item once (moving
    /// rows down over the removed repeats) with value 1 (or its number of repeats when
    /// `countsRepeats`), updates `starts`, and returns the number of entries kept.
    private static func combineBinaryRows(columns: inout [Int32], values: UnsafeMutableBufferPointer<Double>,
                                          starts: inout [Int], itemCount: Int, countsRepeats: Bool) -> Int {
        let userCount = starts.count - 1
        var written = 0
        let longestRow = (0..<userCount).reduce(0) { Swift.max($0, starts[$1 + 1] - starts[$1]) }
        let sorter = RowSorter(longestRow: longestRow, itemCount: itemCount)
        defer { sorter.deallocate() }
        columns.withUnsafeMutableBufferPointer { columns in
            var start = 0
            for user in 0..<userCount {
                let end = starts[user + 1]
                starts[user] = written
                var ascending = true
                if end - start > 1 {
                    for position in (start + 1)..<end where columns[position - 1] >= columns[position] {
                        ascending = false
                        break
                    }
                }
                if !ascending { sorter.sort(UnsafeMutableBufferPointer(rebasing: columns[start..<end])) }
                let rowStart = written
                for position in start..<end {
                    let item = columns[position]
                    if written > rowStart && columns[written - 1] == item {
                        if countsRepeats { values[written - 1] += 1 }
                    } else {
                        columns[written] = item
                        values[written] = 1
                        written += 1
                    }
                }
                start = end
            }
            starts[userCount] = written
        }
        return written
    }

    /// Sorts each row of grouped entries by item (ties by value, or kept in input order when
    /// `inputOrder`), combines repeated items by `duplicates`, drops combined values of 0, moves
    /// rows down over what was removed, updates `starts`, and returns the number of entries kept.
    private static func combineRows(columns: inout [Int32], values: inout [Double], starts: inout [Int],
                                    duplicates: InteractionMatrix.DuplicatePolicy, inputOrder: Bool) -> Int {
        let userCount = starts.count - 1
        var written = 0
        var row: [(item: Int32, value: Double, position: Int)] = []
        columns.withUnsafeMutableBufferPointer { columns in
            values.withUnsafeMutableBufferPointer { values in
                var start = 0
                for user in 0..<userCount {
                    let end = starts[user + 1]
                    starts[user] = written
                    var ascending = true
                    if end - start > 1 {
                        for position in (start + 1)..<end where columns[position - 1] >= columns[position] {
                            ascending = false
                            break
                        }
                    }
                    if ascending {
                        // No repeated item: move the row down, dropping zero values.
                        for position in start..<end where values[position] != 0 {
                            columns[written] = columns[position]
                            values[written] = values[position]
                            written += 1
                        }
                        start = end
                        continue
                    }
                    row.removeAll(keepingCapacity: true)
                    for position in start..<end { row.append((columns[position], values[position], position)) }
                    if inputOrder {
                        row.sort { $0.item != $1.item ? $0.item < $1.item : $0.position < $1.position }
                    } else {
                        row.sort { $0.item != $1.item ? $0.item < $1.item : $0.value < $1.value }
                    }
                    var index = 0
                    while index < row.count {
                        let item = row[index].item
                        var combined = row[index].value
                        index += 1
                        while index < row.count && row[index].item == item {
                            switch duplicates {
                            case .keepMaximum: combined = Swift.max(combined, row[index].value)
                            case .sum: combined += row[index].value
                            case .keepLast: combined = row[index].value
                            }
                            index += 1
                        }
                        if combined != 0 {
                            columns[written] = item
                            values[written] = combined
                            written += 1
                        }
                    }
                    start = end
                }
                starts[userCount] = written
            }
        }
        return written
    }
}

/// Sorts rows of item indices in place without allocating per row: insertion sort for short rows,
/// a least-significant-digit radix sort (8-bit digits, as many passes as the item indices need)
/// through one scratch buffer for longer ones.
struct RowSorter {
    private let scratch: UnsafeMutableBufferPointer<Int32>
    private let counts: UnsafeMutableBufferPointer<Int>
    private let passes: Int

    /// A sorter for rows of at most `longestRow` indices in `0 ..< itemCount`.
    init(longestRow: Int, itemCount: Int) {
        scratch = .allocate(capacity: Swift.max(longestRow, 1))
        counts = .allocate(capacity: 256)
        passes = (Int.bitWidth - Swift.max(itemCount - 1, 1).leadingZeroBitCount + 7) / 8
    }

    func deallocate() {
        scratch.deallocate()
        counts.deallocate()
    }

    /// Sorts `row` ascending.
    /// - Complexity: O(r^2) for r <= 32, else O(passes (r + 256)).
    func sort(_ row: UnsafeMutableBufferPointer<Int32>) {
        let count = row.count
        if count <= 32 {
            for next in 1..<Swift.max(count, 1) {
                let item = row[next]
                var position = next
                while position > 0 && row[position - 1] > item {
                    row[position] = row[position - 1]
                    position -= 1
                }
                row[position] = item
            }
            return
        }
        var source = row, target = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
        for pass in 0..<passes {
            let shift = UInt32(8 * pass)
            counts.update(repeating: 0)
            for item in source { counts[Int((UInt32(bitPattern: item) >> shift) & 255)] += 1 }
            if counts.contains(count) { continue }   // one digit for all: this pass moves nothing
            var offset = 0
            for digit in 0..<256 {
                let size = counts[digit]
                counts[digit] = offset
                offset += size
            }
            for item in source {
                let digit = Int((UInt32(bitPattern: item) >> shift) & 255)
                target[counts[digit]] = item
                counts[digit] += 1
            }
            swap(&source, &target)
        }
        if source.baseAddress != row.baseAddress { _ = row.update(fromContentsOf: source) }
    }
}
