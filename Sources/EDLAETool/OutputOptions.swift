import ArgumentParser
import EDLAESolvers
import Foundation

/// `--quiet`, and the progress of long fits on standard error.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print no progress on standard error (results and errors only).")
    var quiet = false

    func validate() throws { ProgressOutput.isQuiet = quiet }

    /// An observer that reports each iteration (objective and residual) once the fit has run for
    /// two seconds: one redrawn line when standard error is a terminal, plain lines otherwise;
    /// `nil` with `--quiet`.
    func iterationObserver(label: String) -> IterationObserver? {
        quiet ? nil : IterationProgress(label: label).observer
    }
}

/// Whether progress messages are suppressed (`--quiet`); set once while the options are parsed.
enum ProgressOutput {
    nonisolated(unsafe) static var isQuiet = false
}

/// Iteration reports of one fit on standard error, after the first two seconds.
final class IterationProgress: @unchecked Sendable {
    private let label: String
    private let start = ContinuousClock.now
    private let redraws = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var drawn = false

    init(label: String) { self.label = label }

    deinit { if drawn && redraws { FileHandle.standardError.write(Data("\n".utf8)) } }

    var observer: IterationObserver {
        { [self] report in self.report(report) }
    }

    private func report(_ report: IterationReport) {
        guard ContinuousClock.now - start >= .seconds(2) else { return }
        let line = "\(label) iteration \(report.iteration): objective \(String(format: "%.8g", report.objective)), "
            + "residual \(String(format: "%.3g", report.constraintResidual))"
        lock.lock()
        defer { lock.unlock() }
        drawn = true
        FileHandle.standardError.write(Data((redraws ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }
}

/// Checks, before any work, that `edlae fit --output` can be written: its parent folder exists and
/// is writable.
enum OutputLocation {
    static func checkWritable(_ path: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError.invalidOption("--output \(path): the folder \(parent) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: parent) else {
            throw ToolError.invalidOption("--output \(path): the folder \(parent) is not writable")
        }
    }
}

/// Item names from a text file, one per line: line `i` (0-based) names the item whose id is `i`.
enum ItemNames {
    static func read(_ path: String) throws -> [String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ToolError.invalidOption("--item-names \(path): cannot read the file as UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The name of each model column: item id `s` is looked up as the integer line number `s`.
    static func align(_ names: [String], to itemIDs: [String]) throws -> [String] {
        try itemIDs.map { id in
            guard let line = Int(id), line >= 0, line < names.count else {
                throw ToolError.invalidOption("--item-names: item id '\(id)' is not a line number of the names file (\(names.count) lines)")
            }
            return names[line]
        }
    }
}
