import EDLAEMetrics
import Foundation

/// Interaction data as loaded from a file or generated: the matrix (values are ratings, or 1 for
/// implicit feedback) and the external ids of its rows and columns.
struct LoadedData: Sendable {
    var interactions: InteractionMatrix
    var userIDs: [String]
    var itemIDs: [String]
}

/// The input formats of `--format`.
enum DataFormat: String, CaseIterable, Sendable {
    case csv, movielens, mtx
}

/// The one place where the command line reads data files and generates synthetic data.
///
/// `csv` is read by the minimal reader below (header `user,item` or `user,item,rating`, 0-based
/// integer ids, which become the row and column indices). `movielens` and `mtx`, and the demo's
/// data generator, are minimal stand-ins isolated here.
enum DataLoading {
    /// Reads `path` in `format`.
    static func load(_ path: String, format: DataFormat) throws -> LoadedData {
        switch format {
        case .csv: return try MinimalCSVReader.read(path)
        case .movielens, .mtx: throw ToolError.formatNotAvailable(format.rawValue)
        }
    }

    /// The demo's synthetic data set: `users` x `items`, deterministic for `seed`.
    static func synthetic(users: Int, items: Int, seed: UInt64) -> LoadedData {
        let matrix = MinimalSyntheticGenerator(users: users, items: items, seed: seed).generate()
        return LoadedData(interactions: matrix, userIDs: (0..<users).map(String.init), itemIDs: (0..<items).map(String.init))
    }
}

/// Reads `user,item[,rating]` CSV files with 0-based integer ids (the format of
/// `shared/data/groceries.csv`). Repeated pairs keep their largest value.
private enum MinimalCSVReader {
    static func read(_ path: String) throws -> LoadedData {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ToolError.unreadable(path: path)
        }
        var triplets = [(user: Int, item: Int, value: Double)]()
        var users = 0, items = 0
        var lineNumber = 0
        var columnCount = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if lineNumber == 1 {
                let header = trimmed.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard header == ["user", "item"] || header == ["user", "item", "rating"] else {
                    throw ToolError.malformed(path: path, line: 1, reason: "expected header 'user,item' or 'user,item,rating', found '\(trimmed)'")
                }
                columnCount = header.count
                continue
            }
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == columnCount, let user = Int(fields[0]), let item = Int(fields[1]),
                  user >= 0, item >= 0, item < Int(Int32.max) else {
                throw ToolError.malformed(path: path, line: lineNumber, reason: "expected \(columnCount) fields with non-negative integer ids, found '\(trimmed)'")
            }
            var value = 1.0
            if columnCount == 3 {
                guard let rating = Double(fields[2]), rating.isFinite else {
                    throw ToolError.malformed(path: path, line: lineNumber, reason: "rating '\(fields[2])' is not a number")
                }
                value = rating
            }
            triplets.append((user, item, value))
            users = max(users, user + 1)
            items = max(items, item + 1)
        }
        guard lineNumber >= 1, columnCount > 0 else { throw ToolError.malformed(path: path, line: 1, reason: "empty file") }
        return LoadedData(interactions: InteractionMatrix(users: users, items: items, triplets: triplets),
                          userIDs: (0..<users).map(String.init), itemIDs: (0..<items).map(String.init))
    }
}

/// A small generator of implicit feedback with structure: items belong to topics and have a
/// Zipf-like popularity; each user prefers one to three topics, has a geometric number of
/// interactions (at least 3, mean about 20), draws 85% of them from the preferred topics and the
/// rest from global popularity, and some items are frequently consumed together (item `i` pulls in
/// its "companion" `i + 1` within a topic half of the time).
private struct MinimalSyntheticGenerator {
    let users: Int, items: Int, seed: UInt64

    func generate() -> InteractionMatrix {
        var rng = DemoGenerator(seed: seed)
        let topics = max(1, min(25, items / 40))
        let topicOf = (0..<items).map { _ in rng.below(topics) }
        var members = [[Int]](repeating: [], count: topics)
        for item in 0..<items { members[topicOf[item]].append(item) }
        // Zipf-like weights by rank inside each topic and globally.
        let weight = (0..<items).map { 1 / pow(Double($0 % 97 + 1), 0.8) }
        func cumulative(_ list: [Int]) -> [Double] {
            var total = 0.0
            return list.map { total += weight[$0]; return total }
        }
        let topicCumulative = members.map(cumulative)
        let allItems = Array(0..<items), globalCumulative = cumulative(allItems)
        func draw(_ list: [Int], _ cum: [Double]) -> Int {
            let u = rng.unit() * cum.last!
            var lo = 0, hi = cum.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cum[mid] < u { lo = mid + 1 } else { hi = mid } }
            return list[lo]
        }
        var triplets = [(user: Int, item: Int, value: Double)]()
        for user in 0..<users {
            let preferred = (0..<(1 + rng.below(3))).map { _ in rng.below(topics) }.filter { !members[$0].isEmpty }
            var count = 3
            while rng.unit() > 0.055, count < items / 2 { count += 1 }
            var chosen = Set<Int>()
            var attempts = 0
            while chosen.count < count, attempts < 20 * count {
                attempts += 1
                let item: Int
                if !preferred.isEmpty, rng.unit() < 0.85 {
                    let t = preferred[rng.below(preferred.count)]
                    item = draw(members[t], topicCumulative[t])
                } else {
                    item = draw(allItems, globalCumulative)
                }
                chosen.insert(item)
                if rng.unit() < 0.5, let companion = members[topicOf[item]].first(where: { $0 > item }) {
                    chosen.insert(companion)
                }
            }
            for item in chosen { triplets.append((user, item, 1)) }
        }
        return InteractionMatrix(users: users, items: items, triplets: triplets)
    }
}

/// SplitMix64 for the demo generator.
private struct DemoGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }
}
