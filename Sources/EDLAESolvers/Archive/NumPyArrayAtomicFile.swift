import EDLAECore
import Foundation

/// Atomic replacement of files: write a temporary sibling, then `rename(2)` it over the target, so a
/// reader sees the old file or the complete new one, never a partial one.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw Failure(description: "cannot create \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot rename into place: \(reason)")
        }
    }
}
