@_spi(FullRankFit) import EDLAECore

/// How a full-rank solver turns `C = (G + Lambda)^-1` into `B = C dMat(f)` with diagonal `d`:
/// `(f, d)` from `diag(Lambda)` and `diag(C)`, applied in the pass that mirrors `potri`'s lower
/// triangle (``/EDLAECore/Matrix/mirrorLowerTriangle(scalingColumnsBy:settingDiagonalTo:)``).
typealias FullRankColumnScaling<Scalar: MatrixScalar> =
    (_ lambda: [Double], _ inverseDiagonal: [Scalar]) -> (factors: [Scalar], diagonal: [Scalar])

/// `B` from the interactions in one m x m buffer: `G + Lambda` built into it (lower triangle,
/// checked for finiteness as it is written), `potrf` + `potri` there, then one pass that mirrors
/// and scales (``/EDLAECore/InteractionMatrix/regularizedGramInverse(as:addingToDiagonal:thenScalingColumns:)``).
/// - Throws: ``SolverError/notPositiveDefinite(item:hint:)``, ``SolverError/linearAlgebra(_:)``
///   (memory budget, a non-finite `G`).
/// - Complexity: O(sum of squared user lengths) for `G`, about m^3 flops, one O(m^2) pass; memory:
///   one m x m buffer, the O(nnz) index that builds `G`, O(m).
func fullRankWeights<Scalar: MatrixScalar>(of x: InteractionMatrix, regularization: Regularization,
                                           as _: Scalar.Type, scaling: FullRankColumnScaling<Scalar>)
    throws(SolverError) -> Matrix<Scalar> {
    let diagonal = x.gramDiagonal
    let lambda = regularization.weights(itemCounts: diagonal)
    do {
        return try x.regularizedGramInverse(as: Scalar.self, addingToDiagonal: lambda.map { Scalar($0) }) { c in
            scaling(lambda, c)
        }
    } catch .notPositiveDefinite(let column) {
        throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
            column: column, lambda: lambda[column], gramDiagonalEntry: diagonal[column]))
    } catch {
        throw .linearAlgebra(error)
    }
}

/// `B` for a fit on ``TrainingData`` in the precision `Scalar`. In single precision, from the
/// interactions when the data hold them (one m x m `Float` buffer,
/// ``fullRankWeights(of:regularization:as:scaling:)``); otherwise from one copy of the shared `G`
/// (rounded once to `Float` in single precision, ``TrainingData/gram(as:addingToDiagonal:)``) plus
/// `Lambda`, scanned for finiteness before `potrf` (a `G` given by the caller may hold anything),
/// inverted in place and turned into `B` in the pass that mirrors `potri`'s triangle.
/// - Throws: as ``fullRankWeights(of:regularization:as:scaling:)``.
/// - Complexity: about m^3 flops plus the copy and one O(m^2) pass; memory: one m x m buffer
///   besides the resident `G` (checked against the budget first).
func fullRankWeights<Scalar: MatrixScalar>(_ data: TrainingData, regularization: Regularization, as _: Scalar.Type,
                                           scaling: FullRankColumnScaling<Scalar>) throws(SolverError) -> Matrix<Scalar> {
    if Scalar.self == Float.self, let x = data.interactions {
        return try fullRankWeights(of: x, regularization: regularization, as: Scalar.self, scaling: scaling)
    }
    try data.checkBudget(squareBuffers: 1, of: Scalar.self)
    let lambda = regularization.weights(itemCounts: data.itemCounts)
    var b = data.gram(as: Scalar.self, addingToDiagonal: lambda)
    do {
        try b.invertPositiveDefinite(checkingFiniteness: true) { c in scaling(lambda, c) }
    } catch .notPositiveDefinite(let column) {
        throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
            column: column, lambda: lambda[column], gramDiagonalEntry: data.itemCounts[column]))
    } catch {
        throw .linearAlgebra(error)
    }
    return b
}
