import EDLAECore
import EDLAESolvers
import Foundation
import Testing
import _EDLAETestSupport

/// Fits running at the same time give the serial result bit for bit (every catalog solver's own
/// determinism is checked by `SolverConformanceTests`). The suite runs with one BLAS thread
/// (`OPENBLAS_NUM_THREADS=1`, as scripts/test.sh sets it); with several threads OpenBLAS may split
/// sums differently, see Docs/Reliability.md for the measured differences.
@Suite("Seeded solvers are deterministic")
struct SolverDeterminismTests {
    static let data: TrainingData = try! {
        let generator = try! SyntheticInteractions(users: 120, items: 24, density: 0.15, seed: 11)
        return try TrainingData(try generator.generate())
    }()
    static let regularization = try! Regularization(dropout: 0.4, l2: 2)

    /// The bit patterns of every weight of `model` (encoder and decoder of a factored one).
    static func bits(_ model: LinearAutoencoder) -> [UInt64] { SolverConformance.bits(model) }

    @Test func concurrentFitsAgreeWithASerialFit() async throws {
        // Fits running at the same time share the read-only Gram matrix (copy-on-write); each must
        // give exactly the serial result.
        @Sendable func make() throws -> ADMMLowRankEDLAE {
            try ADMMLowRankEDLAE(regularization: Self.regularization, rank: 4, omega: 10,
                                 stoppingRule: StoppingRule(maxIterations: 3), seed: 9)
        }
        let serial = Self.bits(try make().fit(Self.data))
        let data = Self.data
        let results = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<4 { group.addTask { Self.bits(try make().fit(data)) } }
            return try await group.reduce(into: [[UInt64]]()) { $0.append($1) }
        }
        #expect(results.count == 4 && results.allSatisfy { $0 == serial })
    }
}
