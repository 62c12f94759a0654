import EDLAECore

extension LinearAutoencoder {
    /// Returns `self` when its weights can rank items: every weight finite and at least one
    /// nonzero (unless `G` itself is zero, when nothing can be learnt).
    ///
    /// An all-zero model scores every item 0 and a recommendation from it is the item order, not
    /// a ranking; a non-finite weight makes every score NaN. Both are reported as
    /// ``SolverError/unusableModel(solver:reason:)`` with the likely cause instead of returned.
    /// - Parameters:
    ///   - solver: the solver's name, for the message.
    ///   - largestItemCount: the largest diagonal entry of `G` (the most popular item's count).
    ///   - regularization: the fit's `p` and `lambda`, for the hint (nil: no hint about them).
    /// - Complexity: O(m^2) full-rank, O(m k) factored.
    func requireUsable(solver: String, largestItemCount: Double,
                       regularization: Regularization?) throws(SolverError) -> LinearAutoencoder {
        // Each part: (every element finite, every element zero).
        func scan<Scalar: MatrixScalar>(_ part: Matrix<Scalar>) -> (finite: Bool, zero: Bool) {
            part.withUnsafeBufferPointer { ($0.allSatisfy(\.isFinite), $0.allSatisfy { $0 == 0 }) }
        }
        let parts: [(finite: Bool, zero: Bool)]
        switch weights {
        case .full(let b): parts = [scan(b)]
        case .fullSingle(let b): parts = [scan(b)]
        case .factored(let u, let v): parts = [scan(u), scan(v)]
        case .factoredSingle(let u, let v): parts = [scan(u), scan(v)]
        }
        guard parts.allSatisfy(\.finite) else {
            throw .unusableModel(solver: solver, reason: "a weight is NaN or infinite (the fit diverged or overflowed): "
                                 + "lower the learning rate or raise lambda")
        }
        let allZero = parts.contains(where: \.zero)
        let largestCount = largestItemCount
        guard allZero, largestCount > 0 else { return self }
        var reason = "every weight is zero, so every item scores 0"
        if let regularization {
            let p = regularization.dropout, lambda = regularization.l2
            if lambda > 1e6 * largestCount {
                reason += ": lambda = \(lambda) is more than a million times the largest item count "
                    + "(\(largestCount), the largest diagonal entry of G) and shrinks every weight to zero; "
                    + "choose lambda of the order of the item counts"
            } else if p / (1 - p) > 1e6 {
                reason += ": dropout p = \(p) makes p/(1-p) = \(p / (1 - p)), which shrinks every weight to zero; choose a smaller p"
            } else {
                reason += " (p = \(p), lambda = \(lambda), largest item count \(largestCount)): lower lambda or p"
            }
        }
        throw .unusableModel(solver: solver, reason: reason)
    }
}
