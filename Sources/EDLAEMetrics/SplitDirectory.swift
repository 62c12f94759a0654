import Foundation

/// Reads a published strong-generalisation split in the layout written by the VAE-CF
/// preprocessing code (Liang et al. 2018), so published experiments reproduce exactly:
///
///     train.csv            uid,sid   training interactions
///     validation_tr.csv    uid,sid   fold-in items of the validation users
///     validation_te.csv    uid,sid   targets of the validation users
///     test_tr.csv          uid,sid   fold-in items of the test users
///     test_te.csv          uid,sid   targets of the test users
///     unique_sid.txt       optional; its line count is the number of items
///
/// Ids are 0-based integers. As in the VAE-CF loader, the training matrix has `max uid + 1` rows
/// and the item count is the line count of `unique_sid.txt`, or else `max sid + 1` over all five
/// files. Held-out users are the distinct `uid`s of a `_tr`/`_te` pair in ascending order; a user
/// with no target row or no fold-in row cannot be scored and is dropped (counted in
/// ``SplitStatistics/heldOutUsersWithoutTargets``). Repeated pairs count once.
public enum SplitDirectory {
    /// The five file names, in reading order.
    public static let fileNames = ["train.csv", "validation_tr.csv", "validation_te.csv", "test_tr.csv", "test_te.csv"]

    /// Reads the split in `directory`.
    /// - Throws: ``EvaluationDataError`` naming the file (and line) of any problem.
    /// - Complexity: O(total lines).
    public static func read(_ directory: String) throws(EvaluationDataError) -> EvaluationSplit {
        let base = URL(fileURLWithPath: directory)
        var pairs = [[(Int, Int)]]()
        for name in fileNames {
            pairs.append(try IDPairFile.read(base.appendingPathComponent(name).path, header: ["uid", "sid"]))
        }
        var itemCount = pairs.joined().map(\.1).max().map { $0 + 1 } ?? 0
        let uniquePath = base.appendingPathComponent("unique_sid.txt").path
        if FileManager.default.fileExists(atPath: uniquePath) {
            guard let text = try? String(contentsOfFile: uniquePath, encoding: .utf8) else {
                throw .unreadableFile(path: uniquePath, reason: "not UTF-8 text")
            }
            let listed = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.count
            guard listed >= itemCount else {
                throw .inconsistent(path: uniquePath,
                                    reason: "lists \(listed) items but the split uses sid \(itemCount - 1)")
            }
            itemCount = listed
        }
        let trainUsers = pairs[0].map(\.0).max().map { $0 + 1 } ?? 0
        guard trainUsers > 0 else { throw .inconsistent(path: base.appendingPathComponent("train.csv").path, reason: "no training interactions") }
        let training = InteractionMatrix(users: trainUsers, items: itemCount,
                                         triplets: pairs[0].map { (user: $0.0, item: $0.1, value: 1.0) })
        var statistics = SplitStatistics()
        statistics.inputItems = itemCount
        statistics.trainingUsers = trainUsers
        statistics.binarizedInteractions = training.nonzeroCount
        let validation = try heldOut(foldIn: pairs[1], targets: pairs[2], itemCount: itemCount,
                                     trainingUsers: trainUsers, file: base.appendingPathComponent(fileNames[1]).path,
                                     statistics: &statistics)
        let test = try heldOut(foldIn: pairs[3], targets: pairs[4], itemCount: itemCount,
                               trainingUsers: trainUsers, file: base.appendingPathComponent(fileNames[3]).path,
                               statistics: &statistics)
        statistics.validationUsers = validation.count
        statistics.testUsers = test.count
        statistics.inputUsers = trainUsers + Set(pairs[1...].joined().map(\.0)).count
        return EvaluationSplit(training: training, validation: validation, test: test,
                               itemIDs: Array(0..<itemCount), trainingUserIDs: Array(0..<trainUsers),
                               statistics: statistics)
    }

    private static func heldOut(foldIn: [(Int, Int)], targets: [(Int, Int)], itemCount: Int, trainingUsers: Int,
                                file: String, statistics: inout SplitStatistics) throws(EvaluationDataError) -> HeldOutUsers {
        if let overlap = (foldIn + targets).first(where: { $0.0 < trainingUsers }) {
            throw .inconsistent(path: file, reason: "held-out uid \(overlap.0) is also a training uid (0..<\(trainingUsers))")
        }
        var foldItems = [Int: [Int]](), targetItems = [Int: [Int]]()
        for (u, i) in foldIn { foldItems[u, default: []].append(i) }
        for (u, i) in targets { targetItems[u, default: []].append(i) }
        let users = Set(foldItems.keys).union(targetItems.keys).sorted()
        var kept = [Int](), foldTriplets = [(user: Int, item: Int, value: Double)](), targetTriplets = [(user: Int, item: Int, value: Double)]()
        for user in users {
            guard let f = foldItems[user], let t = targetItems[user] else {
                statistics.heldOutUsersWithoutTargets += 1
                continue
            }
            let row = kept.count
            kept.append(user)
            foldTriplets += f.map { (user: row, item: $0, value: 1.0) }
            targetTriplets += t.map { (user: row, item: $0, value: 1.0) }
        }
        return HeldOutUsers(foldIn: InteractionMatrix(users: kept.count, items: itemCount, triplets: foldTriplets),
                            targets: InteractionMatrix(users: kept.count, items: itemCount, triplets: targetTriplets),
                            userIDs: kept)
    }
}

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

/// Why a split directory (or another evaluation data file) could not be read.
public enum EvaluationDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist.
    case missingFile(path: String)
    /// The file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The first line is not the expected header.
    case badHeader(path: String, expected: String, found: String)
    /// A data line is malformed (1-based line number).
    case malformedLine(path: String, line: Int, content: String, reason: String)
    /// The files contradict each other.
    case inconsistent(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path): return "\(path): no such file"
        case .unreadableFile(let path, let reason): return "\(path): cannot read: \(reason)"
        case .badHeader(let path, let expected, let found):
            return "\(path):1: expected header '\(expected)', found '\(found)'"
        case .malformedLine(let path, let line, let content, let reason):
            return "\(path):\(line): \(reason): '\(content)'"
        case .inconsistent(let path, let reason): return "\(path): \(reason)"
        }
    }
}
