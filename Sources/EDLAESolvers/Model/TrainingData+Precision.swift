import EDLAECore

extension TrainingData {
    /// Checks ``/EDLAECore/MemoryBudget/current`` for `squareBuffers` m x m buffers of `Scalar` (all
    /// that the calling solver allocates), with the resident `Double` `G` counted.
    /// - Throws: ``SolverError/linearAlgebra(_:)`` past the budget.
    /// - Complexity: O(1) (reads `/proc` for the automatic budget).
    func checkBudget<Scalar: MatrixScalar>(squareBuffers: Int, of _: Scalar.Type) throws(SolverError) {
        let m = itemCount
        let bytes = MemoryBudget.bytes(forSquareMatrices: squareBuffers, order: m) / 8 * MemoryLayout<Scalar>.size
        do {
            try MemoryBudget.current.check(
                bytes: bytes, resident: MemoryBudget.bytes(forSquareMatrices: 1, order: m),
                purpose: "\(Scalar.self == Float.self ? "single" : "double")-precision fit with \(m) items "
                    + "(G and \(squareBuffers) dense \(m) x \(m) buffer\(squareBuffers == 1 ? "" : "s"))")
        } catch { throw .linearAlgebra(error) }
    }

    /// `G + dMat(diagonal)` in the precision `Scalar`, in one fresh m x m buffer: a copy of the shared
    /// `G` (`Double`), or its entries rounded once to `Float` (exact for counts up to `2^24`). The
    /// caller has checked the budget (``checkBudget(squareBuffers:of:)``).
    /// - Precondition: `diagonal.count == itemCount`.
    /// - Complexity: O(m^2).
    func gram<Scalar: MatrixScalar>(as _: Scalar.Type, addingToDiagonal diagonal: [Double]) -> Matrix<Scalar> {
        precondition(diagonal.count == itemCount, "A diagonal of \(diagonal.count) for \(itemCount) items")
        if var same = gram as? Matrix<Scalar> {
            same.addToDiagonal(diagonal.map { Scalar($0) })
            return same
        }
        let m = itemCount, g = gram
        return g.withUnsafeBufferPointer { source in
            Matrix<Scalar>(rows: m, columns: m) { i, j in
                Scalar(source[i + j * m] + (i == j ? diagonal[i] : 0))
            }
        }
    }

    /// `C = (G + dMat(lambda))^-1` in the precision `Scalar`, in one fresh m x m buffer (Cholesky
    /// inversion in place, ``/EDLAECore/Matrix/invertPositiveDefinite()``), with the budget checked first
    /// for `squareBuffers` buffers (``checkBudget(squareBuffers:of:)``).
    /// - Throws: ``SolverError/notPositiveDefinite(item:hint:)`` naming the item and what to change;
    ///   ``SolverError/linearAlgebra(_:)``.
    /// - Complexity: O(m^3).
    func regularizedGramInverse<Scalar: MatrixScalar>(as _: Scalar.Type, lambda: [Double],
                                                      squareBuffers: Int = 1) throws(SolverError) -> Matrix<Scalar> {
        try checkBudget(squareBuffers: squareBuffers, of: Scalar.self)
        var c = gram(as: Scalar.self, addingToDiagonal: lambda)
        do {
            try c.invertPositiveDefinite()
        } catch .notPositiveDefinite(let column) {
            throw .notPositiveDefinite(item: column, hint: singularRegularizedGramHint(
                column: column, lambda: lambda[column], gramDiagonalEntry: itemCounts[column]))
        } catch {
            throw .linearAlgebra(error)
        }
        return c
    }
}

extension TrainingData {
    /// `G` in the precision `Scalar`: the shared `G` itself for `Double` (no copy), its entries
    /// rounded once to `Float` in one fresh m x m buffer otherwise (exact for counts up to
    /// `2^24`). Count ``gramCopies(of:)`` buffers for it in the budget.
    /// - Complexity: O(1) for `Double`, O(m^2) for `Float`.
    func gram<Scalar: MatrixScalar>(as _: Scalar.Type) -> Matrix<Scalar> {
        Matrix(converting: gram)
    }

    /// The m x m buffers ``gram(as:)`` allocates: 0 for `Double` (the shared `G`), 1 for `Float`.
    static func gramCopies<Scalar: MatrixScalar>(of _: Scalar.Type) -> Int {
        Scalar.self == Double.self ? 0 : 1
    }
}
