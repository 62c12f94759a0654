import EDLAECore
import Foundation
import _EDLAETestSupport

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

    /// A random sparse matrix (``TestInteractions/random(users:items:density:seed:everyItemSeen:value:)``).
    static func randomSparse(users: Int, items: Int, density: Double, seed: UInt64,
                             value: (inout SplitMix64) -> Double = { _ in 1 }) -> InteractionMatrix {
        TestInteractions.random(users: users, items: items, density: density, seed: seed, value: value)
    }
}
