import EDLAECore
import Foundation
import Testing

/// Test support shared by every test target (not API): the real data sets of `shared/data` (never copied into the package), found by walking up from
/// this file. Tests on them are skipped with ``skipNote`` when no such directory exists.
public enum SharedData {
    /// The `shared/data` directory that holds `groceries.csv`, or `nil` when no directory above
    /// this file has one.
    public static let directory: String? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("groceries.csv").path) {
                return candidate.path
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// Whether the real data sets are present.
    public static var isAvailable: Bool { directory != nil }

    /// Why a real-data test did not run.
    public static let skipNote: Comment = "skipped: no shared/data/groceries.csv in any directory above the test sources"

    /// Groceries (9835 users x 169 items, binary), read once by the library's CSV reader with item
    /// index = the file's 0-based item id; `nil` when the data are absent.
    public static let groceries: InteractionMatrix? = directory.flatMap { directory in
        try? InteractionDataset(contentsOfCSVFile: directory + "/groceries.csv",
                                options: .init(identifiers: .indices)).interactions
    }

    /// The path of `name` in the shared data directory, or `nil` when the data are absent.
    public static func file(_ name: String) -> String? {
        directory.map { $0 + "/" + name }
    }
}
