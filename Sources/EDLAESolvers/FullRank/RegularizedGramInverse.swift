import EDLAECore

/// `P = (G + dMat(lambda))^-1` in one fresh m x m buffer (Cholesky, in place), with typed errors.
///
/// Before allocating, checks that the whole fit fits in ``/EDLAECore/MemoryBudget/current``:
/// `squareBuffers` is the number of m x m buffers the calling solver allocates in total, and the
/// resident `G` counts as one more (it stays alive, shared by the caller's `TrainingData`).
/// Shared by every solver that starts from `(G + Lambda)^-1`.
func invertedRegularizedGram(_ gram: Matrix<Double>, lambda: [Double],
                             squareBuffers: Int = 1) throws(SolverError) -> Matrix<Double> {
    let m = gram.rows
    do {
        try MemoryBudget.current.check(bytes: MemoryBudget.bytes(forSquareMatrices: squareBuffers, order: m),
                                       resident: MemoryBudget.bytes(forSquareMatrices: 1, order: m),
                                       purpose: "fit with \(m) items (G and \(squareBuffers) dense \(m) x \(m) buffer\(squareBuffers == 1 ? "" : "s"))")
    } catch { throw .linearAlgebra(error) }
    // The budget was checked above; copy-on-write makes the one copy of G here (a memcpy).
    var p = gram
    p.addToDiagonal(lambda)
    do {
        try p.invertPositiveDefinite()
    } catch .notPositiveDefinite(let column) {
        throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
            column: column, lambda: lambda[column], gramDiagonalEntry: gram[column, column]))
    } catch {
        throw .linearAlgebra(error)
    }
    return p
}

/// What to change when `G + Lambda` is not positive definite at `column`: a larger `lambda` when
/// the item is regularised; `lambda > 0` when the item has no interactions; otherwise the column
/// depends linearly on earlier ones (e.g. two items that always occur together) and needs `lambda`
/// or `p` above 0.
func singularRegularizedGramHint(column: Int, lambda: Double, gramDiagonalEntry: Double) -> String {
    if lambda > 0 { return "choose a larger lambda" }
    if gramDiagonalEntry == 0 { return "item \(column) has no interactions and lambda = 0: choose lambda > 0" }
    return "item \(column)'s column of G depends linearly on earlier items' (e.g. two items that always "
        + "occur together) and its regularisation is 0 (lambda = 0, p = 0): choose lambda > 0 or p > 0"
}
