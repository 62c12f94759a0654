import EDLAECore
import Testing

/// The synthetic generator is a pure function of its parameters and seed.
@Suite("Seeded generation is deterministic")
struct GeneratorDeterminismTests {
    @Test func sameSeedGivesTheSameMatrix() throws {
        func make(_ seed: UInt64) throws -> InteractionMatrix {
            try SyntheticInteractions(users: 300, items: 40, density: 0.1, seed: seed, topics: 4).generate()
        }
        let first = try make(21), second = try make(21), other = try make(22)
        #expect(first == second)
        #expect(first.values.map(\.bitPattern) == second.values.map(\.bitPattern))
        #expect(first != other, "a different seed gave the same matrix, so the seed is not used")
    }

    @Test func generationDoesNotDependOnOtherGenerators() async throws {
        // Generators running concurrently share no state.
        let reference = try SyntheticInteractions(users: 200, items: 30, density: 0.1, seed: 5).generate()
        let results = try await withThrowingTaskGroup(of: InteractionMatrix.self) { group in
            for _ in 0..<4 {
                group.addTask { try SyntheticInteractions(users: 200, items: 30, density: 0.1, seed: 5).generate() }
            }
            return try await group.reduce(into: [InteractionMatrix]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == reference })
    }
}
