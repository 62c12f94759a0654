import Foundation

/// Finds the `edlae` executable built next to the test bundle (`.build/<config>/edlae`).
enum ToolLocation {
    static var executable: URL? {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("edlae")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}
