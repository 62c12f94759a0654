import ArgumentParser
import EDLAECore
import EDLAEMetrics
import EDLAESolvers
import Foundation

/// Errors of the command line itself (the library's typed errors are reported as they are).
enum ToolError: Error, CustomStringConvertible {
    case unknownSolver(String)
    case invalidOption(String)

    var description: String {
        switch self {
        case .unknownSolver(let name):
            return "unknown solver '\(name)'; solvers: \(SolverKind.allCases.map(\.name).joined(separator: ", "))"
        case .invalidOption(let message): return message
        }
    }
}

/// Turns any error into the one-line message the command line prints.
enum ToolFailure {
    /// The error's description (the library's typed errors describe themselves), on one line.
    static func message(for error: any Error) -> String {
        let text: String
        switch error {
        case let error as ToolError: text = error.description
        case let error as SolverError: text = error.description
        case let error as LinearAlgebraError: text = error.description
        case is CancellationError: text = "cancelled"
        case let error as CocoaError:
            let path = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
            text = path + (error.userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? "cannot write or read the file (\(error.code.rawValue))")
        case let error as CustomStringConvertible: text = error.description
        default: text = String(describing: error)
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A library or tool error, re-thrown with the one-line message ArgumentParser prints.
struct ToolMessage: Error, CustomStringConvertible {
    var description: String
}

/// Progress messages go to standard error, so standard output stays machine-readable.
func progress(_ message: String) {
    if ProgressOutput.isQuiet { return }
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Seconds elapsed while running `body`, with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    let elapsed = clock.now - start
    return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

/// The largest count an option may give where the library passes it on to LAPACK or to 32-bit
/// indices (ranks, batch sizes, folds, item and user counts): `Int32.max`.
let largestCount = Int(Int32.max)

/// The most epochs (or sweeps) an option may ask for: ten million (more would run for years).
let largestEpochCount = 10_000_000

/// Throws a `ValidationError` (printed with the usage line, exit status 64) unless `value` lies in
/// `range`: `--rank must be in 1...2147483647, got 0`.
func require(_ value: Int, in range: ClosedRange<Int>, option: String, _ note: String = "") throws {
    guard range.contains(value) else {
        throw ValidationError("\(option) must be in \(range.lowerBound)...\(range.upperBound)\(note), got \(value)")
    }
}

/// Parses `1,2.5,10` into numbers.
func parseList<T: LosslessStringConvertible>(_ text: String, option: String) throws -> [T] {
    try text.split(separator: ",").map { part in
        guard let value = T(part.trimmingCharacters(in: .whitespaces)) else {
            throw ToolError.invalidOption("\(option): '\(part)' is not a valid value")
        }
        return value
    }
}

/// `0.3521 ± 0.0041`.
func formatSummary(_ mean: Double, _ standardError: Double) -> String {
    String(format: "%.4f ± %.4f", mean, standardError)
}

/// Left-aligns `text` in `width` columns (counting characters, not bytes).
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
