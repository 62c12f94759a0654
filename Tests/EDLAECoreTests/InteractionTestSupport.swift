import Foundation
import EDLAECore

/// Helpers for the interaction, reader and generator tests.
enum InteractionTestSupport {
    /// Writes `contents` to a new file in a fresh temporary directory and returns its path.
    static func temporaryFile(named name: String, contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("edlae-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A random sparse matrix: each cell holds an entry with probability `density`, with values
    /// drawn from `values` (a closure of the generator).
    static func randomSparse(users: Int, items: Int, density: Double, seed: UInt64,
                             value: (inout SplitMix64) -> Double = { _ in 1 }) -> InteractionMatrix {
        var generator = SplitMix64(seed: seed)
        var triplets: [(user: Int, item: Int, value: Double)] = []
        for user in 0..<users {
            for item in 0..<items where generator.nextUnitDouble() < density {
                triplets.append((user, item, value(&generator)))
            }
        }
        return InteractionMatrix(users: users, items: items, triplets: triplets)
    }
}
