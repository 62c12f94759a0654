import Dispatch
import Foundation

extension InteractionMatrix {
    /// The product `X[range] B` of the sparse rows `range` of `X` with a dense `B` (m x n), as a
    /// dense `range.count` x n matrix in `Double`, without densifying `X`:
    ///
    ///     (X B)_uj = sum over items i of user u of x_ui B_ij
    ///
    /// Column `j` of `B` is read once for all the users of `range` (it stays in cache while they
    /// gather from it), and columns are computed in parallel chunks across the cores. Each entry is
    /// accumulated in `Double` in the order of the user's row (ascending items), so the result does
    /// not depend on the number of threads. Standard BLAS has no sparse-times-dense product; the
    /// dense alternative, `dgemm` on ``denseRows(_:)``, costs `2 b m n` flops whatever the sparsity,
    /// against `nnz(X[range]) n` multiply-adds here: a factor of about `2 / density` more work (see
    /// ``prefersSparseProduct(rows:)``).
    /// - Precondition: `B.rows == itemCount`; `range` lies in `0..<userCount`.
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` when the
    ///   `range.count` x n result does not fit ``MemoryBudget/current``.
    /// - Complexity: O(nnz(X[range]) n + range.count n); memory: the result.
    public func product<Scalar: MatrixScalar>(rows range: Range<Int>, times b: Matrix<Scalar>)
        throws(LinearAlgebraError) -> Matrix<Double>
    {
        precondition(b.rows == itemCount, "Product of rows over \(itemCount) items with a \(b.rows)x\(b.columns) matrix")
        precondition(range.lowerBound >= 0 && range.upperBound <= userCount,
                     "Rows \(range) of a matrix of \(userCount) users")
        let users = range.count, n = b.columns, m = b.rows
        try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forMatrices: 1, rows: users, columns: n),
                                       purpose: "product of \(users) sparse rows with a \(m) x \(n) matrix")
        var result = try Matrix<Double>(zeroedRows: users, columns: n)
        if users == 0 || n == 0 { return result }
        // Concrete types, so that the gather loop is specialised (a generic conversion per entry
        // would cost more than the arithmetic).
        if let b = b as? Matrix<Double> {
            _gatherProduct(rows: range, times: b, into: &result)
        } else if let b = b as? Matrix<Float> {
            _gatherProduct(rows: range, times: b, into: &result)
        } else {
            _gatherProduct(rows: range, times: b, into: &result)
        }
        return result
    }

    private func _gatherProduct<Scalar: MatrixScalar>(rows range: Range<Int>, times b: Matrix<Scalar>,
                                                     into result: inout Matrix<Double>) {
        let users = range.count, n = b.columns, m = b.rows
        let starts = Array(rowStarts[range.lowerBound...range.upperBound])
        let threads = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = Swift.min(n, threads == 1 ? 1 : 8 * threads)
        result.withUnsafeMutableBufferPointer { out in
            let target = _ProductPointer(base: out.baseAddress!)
            b.withUnsafeBufferPointer { dense in
                let source = _ProductSource(dense: dense.baseAddress!)
                columnIndices.withUnsafeBufferPointer { items in
                    values.withUnsafeBufferPointer { vals in
                        let rows = _ProductRows(items: items.baseAddress!, values: vals.baseAddress!)
                        let gather: @Sendable (Int) -> Void = { chunk in
                            for j in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                                let column = source.dense + j * m
                                let output = target.base + j * users
                                for u in 0..<users {
                                    var sum = 0.0
                                    for position in starts[u]..<starts[u + 1] {
                                        sum += rows.values[position] * Double(column[Int(rows.items[position])])
                                    }
                                    output[u] = sum
                                }
                            }
                        }
                        if chunks == 1 { gather(0) } else { DispatchQueue.concurrentPerform(iterations: chunks) { gather($0) } }
                    }
                }
            }
        }
    }

    /// Whether ``product(rows:times:)`` is expected to beat `dgemm` on ``denseRows(_:)`` for the rows
    /// `range` with an m x n dense factor: when the rows hold on average at most `m / 32` items.
    ///
    /// `dgemm` spends `2 m` flops per output entry, the sparse product one gathered multiply-add per
    /// item of the row. Measured at m = 4000, 512 users, 2 threads, OpenBLAS's fastest kernel here
    /// (`SkylakeX`; `edlae-bench-cli sparse-scores`, Docs/Performance.md "Sparse scoring"): a gathered
    /// multiply-add costs as much as 30 to 80 `dgemm` flops, and the sparse product is 6.3x faster at
    /// `m / 256` items per user, 2.7x at `m / 64`, 1.7x at `m / 32` and 1.1x at `m / 16`; slower kernels
    /// only move the crossover further in its favour.
    /// - Complexity: O(1).
    public func prefersSparseProduct(rows range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        let stored = rowStarts[range.upperBound] - rowStarts[range.lowerBound]
        return stored * 32 <= range.count * itemCount
    }
}

private struct _ProductPointer: @unchecked Sendable { let base: UnsafeMutablePointer<Double> }
private struct _ProductSource<Scalar>: @unchecked Sendable { let dense: UnsafePointer<Scalar> }
private struct _ProductRows: @unchecked Sendable {
    let items: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
}
