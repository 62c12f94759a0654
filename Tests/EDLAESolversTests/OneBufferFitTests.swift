import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// DLAE and EDLAE fitted from the interactions alone build `G + Lambda` in the one m x m buffer they
/// invert and turn into `B`: no second m x m buffer, the same model as from a shared ``TrainingData``.
@Suite("Full-rank fits in one m x m buffer")
struct OneBufferFitTests {
    static let x = TestInteractions.random(users: 300, items: 200, density: 0.02, seed: 77, everyItemSeen: true)
    static let regularization = try! Regularization(dropout: 0.3, l2: 4)

    @Test(arguments: [SolverKind.dlae, .edlae])
    func sameModelAsFromTrainingData(kind: SolverKind) throws {
        let solver = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 4).makeSolver()
        let shared = try solver.fit(TrainingData(Self.x)).denseWeights()
        let (oneBuffer, copies) = try MatrixCopyTracking.countingCopies { try solver.fit(Self.x).denseWeights() }
        #expect(copies == 0, "\(kind): \(copies) matrix copies")
        // Two computation paths over the same G + Lambda: within the backward-error scale of the
        // inverse, m u kappa(G + Lambda) |B|, bounded by m u (max |B|) times the condition estimate
        // lambda_max / lambda_min of G + Lambda (its diagonal dominance here keeps it below 1e3).
        let gram = try TrainingData(Self.x).gram
        var regularized = gram
        regularized.addToDiagonal(Self.regularization.weights(itemCounts: try TrainingData(Self.x).itemCounts))
        let eigenvalues = try regularized.symmetricEigendecomposition().values
        let condition = eigenvalues.max()! / eigenvalues.min()!
        let scale = shared.withUnsafeBufferPointer { $0.map(abs).max()! }
        let bound = 4 * Double(gram.rows) * Double.ulpOfOne / 2 * condition * Swift.max(scale, 1)
        let difference = zip(shared.withUnsafeBufferPointer(Array.init), oneBuffer.withUnsafeBufferPointer(Array.init))
            .map { abs($0 - $1) }.max()!
        #expect(difference <= bound, "\(kind): \(difference) > \(bound)")
    }

    @Test(arguments: [SolverKind.dlae, .edlae])
    func budgetOfOneBufferSuffices(kind: SolverKind) throws {
        let solver = try SolverConfiguration(kind: kind, dropout: 0.3, l2: 4).makeSolver()
        let m = Self.x.itemCount
        // One buffer and its build index (gramBytes) plus a quarter buffer: enough for the one-buffer
        // path, not for a resident G plus its inverse.
        let budget = MemoryBudget(limit: Self.x.gramBytes + m * m * MemoryLayout<Double>.stride / 4)
        let model = try MemoryBudget.$current.withValue(budget) { try solver.fit(Self.x) }
        #expect(model.itemCount == m)
        #expect(throws: SolverError.self) {
            try MemoryBudget.$current.withValue(budget) { try solver.fit(TrainingData(gram: TrainingData(Self.x).gram)) }
        }
    }
}
