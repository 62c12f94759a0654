import Foundation

extension InteractionMatrix {
    /// The Gram matrix `G = X^T X` (items x items, symmetric), accumulated directly from the
    /// sparse rows without densifying `X`: `G[b, a] = sum over users u of x_ua x_ub`.
    ///
    /// The lower triangle is built column by column. For item `a`, every user `u` who holds `a`
    /// adds its entries `b >= a` (the rest of its sorted row) to column `a`, so the writes stay in
    /// one column of `m` doubles (cache resident) and the reads run along contiguous row suffixes.
    /// Columns are independent, so they are computed in parallel in chunks of about equal work;
    /// each column sums its users in ascending order, so the result is bit-identical for any number
    /// of threads. The upper triangle is then mirrored.
    ///
    /// Why not a blocked `dsyrk` on dense row blocks? Its cost is `users * m^2 / 2` multiply-adds
    /// whatever the sparsity, against `sum_u n_u (n_u + 1) / 2` here (`n_u` items of user `u`), a
    /// factor of about `1 / density^2` fewer operations for implicit-feedback data (`n_u` is about
    /// `density * m`), which outweighs the higher speed of each blocked BLAS operation. Measured in
    /// a release build on 20,000 users x 2,000 items at 1% density (2 cores,
    /// `OPENBLAS_NUM_THREADS=2`): 0.08 to 0.12 s here against 2.2 to 3.9 s for `dsyrk` over
    /// 2,048-user dense blocks, with equal results. For 136,000 users x 20,000 items at 0.7%
    /// density (19 million interactions) it takes about 24 s on two busy cores. A blocked `dsyrk`
    /// only wins when rows hold a sizeable fraction of all items.
    ///
    /// Before allocating, the `8 m^2` bytes of `G` plus the `16 nnz + 16 m` bytes of the index are
    /// checked against ``MemoryBudget/current``.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` (e.g. for
    ///   integer ids with large gaps, which create that many columns), or
    ///   ``LinearAlgebraError/outOfMemory(bytes:)``.
    /// - Complexity: O(sum over users of (items per user)^2) multiply-adds, plus O(nnz) for the
    ///   item-to-user index, plus O(m^2) to allocate and mirror `G`; O(nnz) extra memory.
    public func gram() throws(LinearAlgebraError) -> Matrix<Double> {
        let m = itemCount
        try checkGramMemory()
        var g = try Matrix<Double>(zeroedRows: m, columns: m)
        guard m > 0, nonzeroCount > 0 else { return g }

        // Item -> (user, position) index: the column-wise (CSC) view of X, users ascending per item.
        var columnStarts = [Int](repeating: 0, count: m + 1)
        for item in columnIndices { columnStarts[Int(item) + 1] += 1 }
        for a in 0..<m { columnStarts[a + 1] += columnStarts[a] }
        var positions = [Int](repeating: 0, count: nonzeroCount)
        var rowEnds = [Int](repeating: 0, count: nonzeroCount)
        var work = [Int](repeating: 0, count: m)
        do {
            var next = columnStarts
            for user in 0..<userCount {
                let end = rowStarts[user + 1]
                for position in rowStarts[user]..<end {
                    let a = Int(columnIndices[position])
                    positions[next[a]] = position
                    rowEnds[next[a]] = end
                    next[a] += 1
                    work[a] += end - position
                }
            }
        }

        // Chunks of consecutive columns with about equal work.
        let threads = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let totalWork = work.reduce(0, +)
        let chunkCount = Swift.min(m, threads == 1 ? 1 : 8 * threads)
        var chunkStarts = [0]
        var accumulated = 0
        for a in 0..<m {
            accumulated += work[a]
            if chunkStarts.count < chunkCount, accumulated * chunkCount >= totalWork * chunkStarts.count {
                chunkStarts.append(a + 1)
            }
        }
        if chunkStarts.last != m { chunkStarts.append(m) }
        let chunkBounds = chunkStarts, columnBounds = columnStarts

        g.withUnsafeMutableBufferPointer { out in
            let target = _SendablePointer(base: out.baseAddress!)
            columnIndices.withUnsafeBufferPointer { items in
                values.withUnsafeBufferPointer { vals in
                    let source = _SendableCSR(items: items.baseAddress!, values: vals.baseAddress!)
                    positions.withUnsafeBufferPointer { positions in
                        rowEnds.withUnsafeBufferPointer { rowEnds in
                            let index = _SendableCSC(positions: positions.baseAddress!, rowEnds: rowEnds.baseAddress!)
                            let accumulate: @Sendable (Int) -> Void = { chunk in
                                for a in chunkBounds[chunk]..<chunkBounds[chunk + 1] {
                                    let column = target.base + a * m
                                    for entry in columnBounds[a]..<columnBounds[a + 1] {
                                        let start = index.positions[entry], end = index.rowEnds[entry]
                                        let va = source.values[start]
                                        // Items ascend within a row: entries start ..< end are rows b >= a.
                                        for position in start..<end {
                                            column[Int(source.items[position])] += va * source.values[position]
                                        }
                                    }
                                }
                            }
                            let chunks = chunkBounds.count - 1
                            if chunks == 1 {
                                accumulate(0)
                            } else {
                                DispatchQueue.concurrentPerform(iterations: chunks) { accumulate($0) }
                            }
                        }
                    }
                }
            }
        }
        g.symmetrizeFromLowerTriangle()
        return g
    }
}

extension InteractionMatrix {
    /// The bytes ``gram()`` allocates: `8 m^2` for `G` plus `16 nnz + 32 m` for its index
    /// (saturating at `Int.max`).
    /// - Complexity: O(1).
    public var gramBytes: Int {
        MemoryBudget.sum([MemoryBudget.bytes(forSquareMatrices: 1, order: itemCount),
                          MemoryBudget.product([nonzeroCount, 16]), MemoryBudget.product([itemCount, 32])])
    }

    /// Throws when ``gram()`` would exceed ``MemoryBudget/current``: call it right after reading
    /// data, before work that is proportional to the users, to fail early.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``.
    /// - Complexity: O(1) (reads `/proc` for the automatic budget).
    public func checkGramMemory() throws(LinearAlgebraError) {
        try MemoryBudget.current.check(
            bytes: gramBytes, purpose: "the Gram matrix of \(itemCount) items (\(itemCount) x \(itemCount) doubles)")
    }
}

/// Raw buffers shared read-only (or written at disjoint places) by the parallel Gram accumulation.
private struct _SendablePointer: @unchecked Sendable { let base: UnsafeMutablePointer<Double> }
private struct _SendableCSR: @unchecked Sendable {
    let items: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
}
private struct _SendableCSC: @unchecked Sendable {
    let positions: UnsafePointer<Int>
    let rowEnds: UnsafePointer<Int>
}
