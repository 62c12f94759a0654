import EDLAECore

/// `C = (X^T X + dMat(lambda))^-1` in one m x m buffer, with `lambda` from the regularisation and
/// `diag(X^T X)`: `G + Lambda` is built from the sparse rows straight into the buffer that is then
/// factorised and inverted (``/EDLAECore/InteractionMatrix/regularizedGramInverse(as:addingToDiagonal:)``). The
/// memory budget is checked first for that one buffer.
/// - Returns: `C` and the diagonal of `Lambda`.
/// - Throws: ``SolverError/notPositiveDefinite(item:hint:)``, ``SolverError/linearAlgebra(_:)``.
/// - Complexity: O(sum of squared user lengths) for `G`, O(m^3) for the inverse.
func invertedRegularizedGram<Scalar: MatrixScalar>(of x: InteractionMatrix, regularization: Regularization,
                                                   as _: Scalar.Type = Double.self)
    throws(SolverError) -> (inverse: Matrix<Scalar>, lambda: [Double]) {
    // The buffer and the index that builds G into it are checked against the budget by
    // regularizedGramInverse (InteractionMatrix.gramBytes(scalarBytes:)).
    let diagonal = x.gramDiagonal
    let lambda = regularization.weights(itemCounts: diagonal)
    do {
        return (try x.regularizedGramInverse(as: Scalar.self, addingToDiagonal: lambda.map { Scalar($0) }), lambda)
    } catch .notPositiveDefinite(let column) {
        throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
            column: column, lambda: lambda[column], gramDiagonalEntry: diagonal[column]))
    } catch {
        throw .linearAlgebra(error)
    }
}

/// `C = (G + Lambda)^-1` in single precision for a fit on ``TrainingData``: from the interactions
/// when the data hold them (one m x m `Float` buffer), else from a `Float` copy of the shared `G`.
/// - Throws: as ``invertedRegularizedGram(of:regularization:as:)``.
func singlePrecisionInverse(_ data: TrainingData, regularization: Regularization) throws(SolverError) -> Matrix<Float> {
    if let x = data.interactions {
        return try invertedRegularizedGram(of: x, regularization: regularization, as: Float.self).inverse
    }
    let m = data.itemCount
    do {
        try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forSquareMatrices: 1, order: m) / 2,
                                       resident: MemoryBudget.bytes(forSquareMatrices: 1, order: m),
                                       purpose: "single-precision fit with \(m) items (a Float copy of G)")
    } catch { throw .linearAlgebra(error) }
    let lambda = regularization.weights(itemCounts: data.itemCounts)
    let gram = data.gram
    var c = Matrix<Float>(rows: m, columns: m) { i, j in Float(gram[i, j] + (i == j ? lambda[i] : 0)) }
    do {
        try c.invertPositiveDefinite()
    } catch .notPositiveDefinite(let column) {
        throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
            column: column, lambda: lambda[column], gramDiagonalEntry: gram[column, column]))
    } catch {
        throw .linearAlgebra(error)
    }
    return c
}
