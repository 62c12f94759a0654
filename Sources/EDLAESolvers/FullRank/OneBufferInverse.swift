import EDLAECore

/// `C = (X^T X + dMat(lambda))^-1` in one m x m buffer, with `lambda` from the regularisation and
/// `diag(X^T X)`: `G + Lambda` is built from the sparse rows straight into the buffer that is then
/// factorised and inverted (``InteractionMatrix/regularizedGramInverse(as:addingToDiagonal:)``). The
/// memory budget is checked first for that one buffer.
/// - Returns: `C` and the diagonal of `Lambda`.
/// - Throws: ``SolverError/notPositiveDefinite(item:hint:)``, ``SolverError/linearAlgebra(_:)``.
/// - Complexity: O(sum of squared user lengths) for `G`, O(m^3) for the inverse.
func invertedRegularizedGram(of x: InteractionMatrix, regularization: Regularization)
    throws(SolverError) -> (inverse: Matrix<Double>, lambda: [Double]) {
    let m = x.itemCount
    do {
        try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forSquareMatrices: 1, order: m),
                                       purpose: "fit with \(m) items (one dense \(m) x \(m) buffer)")
    } catch { throw .linearAlgebra(error) }
    let lambda = regularization.weights(itemCounts: x.gramDiagonal)
    do {
        return (try x.regularizedGramInverse(as: Double.self, addingToDiagonal: lambda), lambda)
    } catch .notPositiveDefinite(let column) {
        throw .notPositiveDefinite(
            item: column,
            hint: lambda[column] == 0
                ? "item \(column) has no interactions and lambda = 0: choose lambda > 0"
                : "choose a larger lambda")
    } catch {
        throw .linearAlgebra(error)
    }
}
