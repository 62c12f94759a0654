import EDLAECore
import EDLAEMetrics
import EDLAESolvers

extension BlockCyclicMatrix {
    /// This process's part of `G + dMat(lambda)`, `G = X^T X`, built from the sparse rows of `X`
    /// without forming `G`: local column `b` (an item whose column this process owns) receives
    /// `x_ua x_ub` at row `a` for every user `u` holding `b` and every item `a` of `u` whose row this
    /// process owns; `lambda` is added on the diagonal entries held here. As in
    /// ``InteractionMatrix/gram()``, the writes stay in one local column at a time (cache resident)
    /// and each entry sums its users in ascending order, so the entries equal the single-process
    /// `G` bit for bit.
    ///
    /// - Precondition: `lambda.count == x.itemCount == layout.order`.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``.
    /// - Complexity: O(sum over users of n_u^2 / P_c + nnz) time (`n_u` items of user `u`), O(m^2 / P)
    ///   memory for the local array plus O(nnz) for the item-to-user index of the local columns.
    public static func regularizedGram(of x: InteractionMatrix, lambda: [Double],
                                       layout: BlockCyclicLayout) throws(LinearAlgebraError) -> BlockCyclicMatrix {
        precondition(x.itemCount == layout.order && lambda.count == layout.order,
                     "\(x.itemCount) items and \(lambda.count) weights for a layout of order \(layout.order)")
        var matrix = try BlockCyclicMatrix(zeros: layout)
        let rowTable = layout.localRowTable, columnTable = layout.localColumnTable
        let lld = layout.leadingDimension, columns = layout.localColumnCount
        // Local column -> (user, value) of its users, users ascending (a CSC view of X restricted
        // to this process's columns).
        var starts = [Int](repeating: 0, count: columns + 1)
        for item in x.columnIndices where columnTable[Int(item)] >= 0 { starts[columnTable[Int(item)] + 1] += 1 }
        for lc in 0..<columns { starts[lc + 1] += starts[lc] }
        var users = [Int](repeating: 0, count: starts[columns])
        var values = [Double](repeating: 0, count: starts[columns])
        var next = starts
        for user in 0..<x.userCount {
            for position in x.rowStarts[user]..<x.rowStarts[user + 1] {
                let lc = columnTable[Int(x.columnIndices[position])]
                guard lc >= 0 else { continue }
                users[next[lc]] = user
                values[next[lc]] = x.values[position]
                next[lc] += 1
            }
        }
        matrix.local.withUnsafeMutableBufferPointer { local in
            x.columnIndices.withUnsafeBufferPointer { items in
                x.values.withUnsafeBufferPointer { entries in
                    for lc in 0..<columns {
                        let column = local.baseAddress! + lc * lld
                        for entry in starts[lc]..<starts[lc + 1] {
                            let user = users[entry], vb = values[entry]
                            for position in x.rowStarts[user]..<x.rowStarts[user + 1] {
                                let lr = rowTable[Int(items[position])]
                                if lr >= 0 { column[lr] += entries[position] * vb }
                            }
                        }
                    }
                }
            }
        }
        for lc in 0..<columns {
            let j = layout.globalColumn(ofLocal: lc)
            if let lr = layout.localRow(ofGlobal: j) { matrix[localRow: lr, localColumn: lc] += lambda[j] }
        }
        return matrix
    }
}
