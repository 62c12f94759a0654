import EDLAECore
import Foundation
import Testing
@testable import EDLAESolvers

/// Errors name what was wrong and what to change.
@Suite struct ActionableMessageTests {
    /// Items 0 and 1 always occur together: G is singular although every item has interactions.
    @Test func coOccurringItemsAreNotBlamedForHavingNoInteractions() throws {
        var triplets = [(user: Int, item: Int, value: Double)]()
        for user in 0..<40 {
            if user % 2 == 0 { triplets += [(user, 0, 1), (user, 1, 1)] }
            triplets.append((user, 2 + user % 3, 1))
        }
        let data = try TrainingData(InteractionMatrix(users: 40, items: 5, triplets: triplets))
        let none = try Regularization(dropout: 0, l2: 0)
        for solver in [DLAE(regularization: none), EDLAE(regularization: none)] as [any AutoencoderSolver] {
            let error = #expect(throws: SolverError.self) { try solver.fit(data) }
            guard case .notPositiveDefinite(let item, let hint)? = error else {
                Issue.record("expected notPositiveDefinite, got \(String(describing: error))"); continue
            }
            #expect(item == 1)
            #expect(!hint.contains("no interactions"), "\(hint)")
            #expect(hint.contains("always occur together") && hint.contains("lambda > 0 or p > 0"), "\(hint)")
        }
    }

    @Test func rankMessagesNeverPrintAnEmptyRange() {
        #expect(SolverError.rankOutOfRange(rank: 0, itemCount: 0).description
                == "rank 0 is out of range: the rank must be at least 1 (and at most the number of items)")
        #expect(SolverError.rankOutOfRange(rank: 7, itemCount: 5).description.contains("valid range is 1...5"))
    }

    /// A factor update whose k x k system is singular names the rank and what to change.
    @Test func rankDeficientFactorsSuggestASmallerRank() {
        let error = #expect(throws: SolverError.self) {
            try explainingRankDeficiency(factor: "V", rank: 700, itemCount: 936, iteration: 2) { () throws -> Matrix<Double> in
                throw SolverError.linearAlgebra(.notPositiveDefinite(column: 75))
            }
        }
        #expect(error?.description.contains("rank 700") == true && error?.description.contains("choose a smaller rank") == true,
                "\(String(describing: error))")
    }
}
