import EDLAECore
import EDLAESolvers
import Foundation

/// A strict reader of two-column CSV files of non-negative integer ids (`uid,sid`; `user,item`).
enum IDPairFile {
    /// Reads `path`, whose first line must be `header` (e.g. `uid,sid`), then one `a,b` pair per
    /// line (`\n` or `\r\n`; blank lines, such as a final newline, are skipped).
    /// - Complexity: O(bytes).
    static func read(_ path: String, header: [String]) throws(EvaluationDataError) -> [(Int, Int)] {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) }
        catch { throw .unreadableFile(path: path, reason: error.localizedDescription) }
        var pairs = [(Int, Int)]()
        var lineNumber = 0
        var failure: EvaluationDataError?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count, failure == nil {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                var lineEnd = end
                if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
                if lineNumber == 1 {
                    let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    let fields = text.split(separator: ",", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                    if fields != header {
                        failure = .badHeader(path: path, expected: header.joined(separator: ","), found: text)
                    }
                } else if !line.isEmpty {
                    switch parsePair(line) {
                    case .success(let pair): pairs.append(pair)
                    case .failure(let reason):
                        failure = .malformedLine(path: path, line: lineNumber,
                                                 content: String(decoding: line.prefix(80), as: UTF8.self), reason: reason)
                    }
                }
                start = end + 1
            }
        }
        if let failure { throw failure }
        if lineNumber == 0 { throw .badHeader(path: path, expected: header.joined(separator: ","), found: "") }
        return pairs
    }

    private enum ParseResult { case success((Int, Int)), failure(String) }

    private static func parsePair(_ line: UnsafeBufferPointer<UInt8>) -> ParseResult {
        var fields = [Int]()
        var value = 0, digits = 0
        for byte in line {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                if o1 || o2 { return .failure("id out of range") }
                value = next
                digits += 1
            case UInt8(ascii: ","):
                guard digits > 0 else { return .failure("empty or non-numeric field") }
                fields.append(value); value = 0; digits = 0
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "-"):
                return .failure("negative id")
            default:
                return .failure("not a non-negative integer")
            }
        }
        guard digits > 0 else { return .failure("empty or non-numeric field") }
        fields.append(value)
        guard fields.count == 2 else { return .failure("expected 2 fields, found \(fields.count)") }
        guard fields[0] <= Int(Int32.max), fields[1] <= Int(Int32.max) else { return .failure("id out of range") }
        return .success((fields[0], fields[1]))
    }
}
