import EDLAESolvers

extension BlockCyclicMatrix {
    /// This process's part of `G + dMat(lambda)`, `G = X^T X`, built from the sparse rows of `X`
    /// without forming `G`: for each user, every pair `(a, b)` of its items with `a` in this
    /// process's rows and `b` in its columns adds `x_ua x_ub` to entry `(a, b)`; `lambda` is added
    /// on the diagonal entries held here. Users are summed in ascending order, as in
    /// ``InteractionMatrix/gram()``, so the entries equal the single-process `G` bit for bit.
    ///
    /// - Precondition: `lambda.count == x.itemCount == layout.order`.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)``.
    /// - Complexity: O(sum over users of n_u^2 / P + nnz) time (`n_u` items of user `u`), O(m^2 / P)
    ///   memory for the local array.
    public static func regularizedGram(of x: InteractionMatrix, lambda: [Double],
                                       layout: BlockCyclicLayout) throws(LinearAlgebraError) -> BlockCyclicMatrix {
        precondition(x.itemCount == layout.order && lambda.count == layout.order,
                     "\(x.itemCount) items and \(lambda.count) weights for a layout of order \(layout.order)")
        var matrix = try BlockCyclicMatrix(zeros: layout)
        let rowTable = layout.localRowTable, columnTable = layout.localColumnTable
        let lld = layout.leadingDimension
        var rows = [(Int, Double)](), columns = [(Int, Double)]()
        matrix.local.withUnsafeMutableBufferPointer { local in
            for user in 0..<x.userCount {
                rows.removeAll(keepingCapacity: true)
                columns.removeAll(keepingCapacity: true)
                for (item, value) in zip(x.items(ofUser: user), x.values(ofUser: user)) {
                    let lr = rowTable[Int(item)], lc = columnTable[Int(item)]
                    if lr >= 0 { rows.append((lr, value)) }
                    if lc >= 0 { columns.append((lc * lld, value)) }
                }
                for (offset, vb) in columns {
                    for (lr, va) in rows { local[offset + lr] += va * vb }
                }
            }
        }
        for lc in 0..<layout.localColumnCount {
            let j = layout.globalColumn(ofLocal: lc)
            if let lr = layout.localRow(ofGlobal: j) { matrix[localRow: lr, localColumn: lc] += lambda[j] }
        }
        return matrix
    }
}

extension InteractionMatrix {
    /// `diag(X^T X)`: `sum over users of x_ui^2` for each item, summed in ascending user order
    /// (bit for bit the diagonal of ``gram()``, the item counts of ``TrainingData``).
    /// - Complexity: O(nnz).
    public var gramDiagonal: [Double] {
        var diagonal = [Double](repeating: 0, count: itemCount)
        for user in 0..<userCount {
            for (item, value) in zip(items(ofUser: user), values(ofUser: user)) { diagonal[Int(item)] += value * value }
        }
        return diagonal
    }
}
