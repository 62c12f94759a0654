import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// Every solver of the catalog passes the same checks (``SolverConformance``).
@Suite("Every catalog solver conforms")
struct SolverConformanceTests {
    @Test("Bad ranks are refused with the valid range", arguments: SolverKind.allCases)
    func badRank(kind: SolverKind) throws { try SolverConformance.checkBadRank(kind) }

    @Test("An item without interactions at lambda = 0: a typed error naming it, or a finite model",
          arguments: SolverKind.allCases)
    func emptyItemWithoutL2(kind: SolverKind) throws { try SolverConformance.checkEmptyItemWithoutL2(kind) }

    @Test("A non-finite Gram matrix is a typed error", arguments: SolverKind.allCases)
    func nonFiniteInput(kind: SolverKind) throws { try SolverConformance.checkNonFiniteInput(kind) }

    @Test("Two fits agree bit for bit; the seed is used", arguments: SolverKind.allCases)
    func determinism(kind: SolverKind) throws { try SolverConformance.checkDeterminism(kind) }

    @Test("A cancelled iterative fit throws CancellationError", arguments: SolverKind.allCases)
    func cancellation(kind: SolverKind) async throws { try await SolverConformance.checkCancellation(kind) }

    @Test("The memory budget is checked before allocating", arguments: SolverKind.allCases)
    func memoryBudget(kind: SolverKind) throws { try SolverConformance.checkMemoryBudget(kind) }

    @Test("A saved model loads back with its solver and configuration", arguments: SolverKind.allCases)
    func archiveRoundTrip(kind: SolverKind) throws { try SolverConformance.checkArchiveRoundTrip(kind) }
}
