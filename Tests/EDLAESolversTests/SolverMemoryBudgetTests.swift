import EDLAECore
import EDLAESolvers
import Testing

@Suite("Solvers check the memory budget before allocating")
struct SolverMemoryBudgetTests {
    let data: TrainingData = try! {
        let triplets = (0..<40).map { (user: $0 % 10, item: ($0 * 7) % 30, value: 1.0) }
        return try TrainingData(InteractionMatrix(users: 10, items: 30, triplets: triplets))
    }()

    @Test func fullRankFitFailsCleanlyWhenOneBufferExceedsTheBudget() throws {
        let solver = DLAE(regularization: try Regularization(dropout: 0.5, l2: 1))
        // G and one 30 x 30 buffer need 2 x 7200 bytes; a budget one byte short must refuse them.
        #expect(throws: SolverError.linearAlgebra(.exceedsMemoryBudget(needed: 14400, available: 14399,
                                                                     purpose: "double-precision fit with 30 items (G and 1 dense 30 x 30 buffer)"))) {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: 14399)) { try solver.fit(data) }
        }
        let model = try MemoryBudget.$current.withValue(MemoryBudget(limit: 14400)) { try solver.fit(data) }
        #expect(model.itemCount == 30)
    }

    @Test func twoBufferSolversAskForTwoBuffers() throws {
        let solver = try TeacherStudent(regularization: try Regularization(dropout: 0.5, l2: 1), rank: 3)
        #expect(throws: SolverError.self) {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: 3 * 7200 - 1)) { try solver.fit(data) }
        }
        _ = try MemoryBudget.$current.withValue(MemoryBudget(limit: 3 * 7200)) { try solver.fit(data) }
    }
}
