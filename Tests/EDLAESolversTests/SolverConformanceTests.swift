import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// Every solver of the catalog passes the same checks (``SolverConformance``), in both precisions.
@Suite("Every catalog solver conforms")
struct SolverConformanceTests {
    @Test("Bad ranks are refused with the valid range", arguments: SolverKind.allCases, Precision.allCases)
    func badRank(kind: SolverKind, precision: Precision) throws { try SolverConformance.checkBadRank(kind, precision) }

    @Test("An item without interactions at lambda = 0: a typed error naming it, or a finite model",
          arguments: SolverKind.allCases, Precision.allCases)
    func emptyItemWithoutL2(kind: SolverKind, precision: Precision) throws { try SolverConformance.checkEmptyItemWithoutL2(kind, precision) }

    @Test("A non-finite Gram matrix is a typed error", arguments: SolverKind.allCases, Precision.allCases)
    func nonFiniteInput(kind: SolverKind, precision: Precision) throws { try SolverConformance.checkNonFiniteInput(kind, precision) }

    @Test("Two fits agree bit for bit; the seed is used", arguments: SolverKind.allCases, Precision.allCases)
    func determinism(kind: SolverKind, precision: Precision) throws { try SolverConformance.checkDeterminism(kind, precision) }

    @Test("A cancelled iterative fit throws CancellationError", arguments: SolverKind.allCases, Precision.allCases)
    func cancellation(kind: SolverKind, precision: Precision) async throws { try await SolverConformance.checkCancellation(kind, precision) }

    @Test("The memory budget is checked before allocating", arguments: SolverKind.allCases, Precision.allCases)
    func memoryBudget(kind: SolverKind, precision: Precision) throws { try SolverConformance.checkMemoryBudget(kind, precision) }

    @Test("A saved model loads back with its solver and configuration", arguments: SolverKind.allCases, Precision.allCases)
    func archiveRoundTrip(kind: SolverKind, precision: Precision) throws { try SolverConformance.checkArchiveRoundTrip(kind, precision) }
}
