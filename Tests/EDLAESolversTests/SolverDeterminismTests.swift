import Foundation
import Testing
import EDLAESolvers

/// The same seed gives the same model bit for bit. The suite runs with one BLAS thread
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
    static func bits(_ model: LinearAutoencoder) -> [UInt64] {
        let parts = [model.encoder, model.decoder].compactMap { $0 }
        let matrices = parts.isEmpty ? [model.denseWeights()] : parts
        return matrices.flatMap { matrix in matrix.withUnsafeBufferPointer { $0.map(\.bitPattern) } }
    }

    /// Fits `make(seed)` twice with `seed` and once with `seed + 1`: the first two must agree bit
    /// for bit, and the third must differ (otherwise the seed would not be used and the first
    /// check would prove nothing).
    static func check(_ name: String, _ make: (UInt64) throws -> any AutoencoderSolver) throws {
        let first = bits(try make(5).fit(data))
        let second = bits(try make(5).fit(data))
        let other = bits(try make(6).fit(data))
        #expect(first == second, "\(name): two fits with the same seed differ")
        #expect(first != other, "\(name): a different seed gave the same model")
        #expect(first.allSatisfy { Double(bitPattern: $0).isFinite }, "\(name)")
    }

    @Test func admmIsBitwiseReproducible() throws {
        try Self.check("admm") {
            try ADMMLowRankEDLAE(regularization: Self.regularization, rank: 4, omega: 10,
                                 stoppingRule: StoppingRule(maxIterations: 5), seed: $0)
        }
    }

    @Test func alternatingLeastSquaresIsBitwiseReproducible() throws {
        try Self.check("als") {
            try NearOrthogonalALS(regularization: Self.regularization, rank: 4,
                                  stoppingRule: StoppingRule(maxIterations: 5), seed: $0)
        }
    }

    @Test func sampledTrainerIsBitwiseReproducible() throws {
        try Self.check("sampled full rank") {
            try SampledDenoisingTrainer(dropout: 0.4, epochs: 3, batchSize: 32, seed: $0)
        }
        try Self.check("sampled low rank") {
            try SampledDenoisingTrainer(model: .lowRank(rank: 4), dropout: 0.4, epochs: 3, batchSize: 32, seed: $0)
        }
    }

    @Test func closedFormFitsAreBitwiseReproducible() throws {
        // No seed: two fits of the same data must simply agree.
        let solvers: [any AutoencoderSolver] = [
            DLAE(regularization: Self.regularization), EDLAE(regularization: Self.regularization),
            try ExactLowRankEDLAE(regularization: Self.regularization, rank: 4, stoppingRule: StoppingRule(maxIterations: 5)),
        ]
        for solver in solvers {
            #expect(Self.bits(try solver.fit(Self.data)) == Self.bits(try solver.fit(Self.data)), "\(solver.name)")
        }
    }

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
