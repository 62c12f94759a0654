import EDLAECore
import Foundation
import Testing

/// The CSV reader reads files in chunks of whole lines and assembles the CSR arrays in place:
/// chunk boundaries, long lines, line numbers far into a file, the in-place grouping against
/// the triplet constructor, the memory budget and paths that are not regular files.
@Suite("CSV reader: chunks and in-place assembly")
struct InteractionReaderStreamingTests {
    /// `count` lines `user,item[,value]` in a seeded random order with repeated pairs.
    static func randomLines(count: Int, users: Int, items: Int, values: Bool, seed: UInt64) -> [(Int, Int, Double)] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let user = Int(generator.next() % UInt64(users)) * 3 + 1       // ids with gaps
            let item = Int(generator.next() % UInt64(items)) * 17 + 5
            let value = values ? Double(generator.next() % 5) / 2 : 1      // 0, 0.5, ..., 2: exact sums
            return (user, item, value)
        }
    }

    static func csv(_ lines: [(Int, Int, Double)], values: Bool) -> String {
        "user,item\(values ? ",value" : "")\n" + lines.map { values ? "\($0.0),\($0.1),\($0.2)" : "\($0.0),\($0.1)" }
            .joined(separator: "\n") + "\n"
    }

    /// The matrix the triplet constructor builds from the same lines, with ids numbered ascending.
    static func reference(_ lines: [(Int, Int, Double)], duplicates: InteractionMatrix.DuplicatePolicy) -> InteractionMatrix {
        let userIDs = Array(Set(lines.map(\.0))).sorted(), itemIDs = Array(Set(lines.map(\.1))).sorted()
        let userIndex = Dictionary(uniqueKeysWithValues: userIDs.enumerated().map { ($1, $0) })
        let itemIndex = Dictionary(uniqueKeysWithValues: itemIDs.enumerated().map { ($1, $0) })
        let triplets = lines.map { (user: userIndex[$0.0]!, item: itemIndex[$0.1]!, value: $0.2) }
        return InteractionMatrix(users: userIDs.count, items: itemIDs.count, triplets: triplets, duplicates: duplicates)
            .removingZeroValues()
    }

    @Test(arguments: [false, true], [InteractionMatrix.DuplicatePolicy.keepMaximum, .sum, .keepLast])
    func unsortedLinesWithRepeatsMatchTheTripletConstructor(values: Bool, duplicates: InteractionMatrix.DuplicatePolicy) throws {
        let lines = Self.randomLines(count: 20_000, users: 1_500, items: 200, values: values, seed: values ? 3 : 4)
        let data = try InteractionDataset(csvText: Self.csv(lines, values: values), options: .init(duplicates: duplicates))
        #expect(data.interactions == Self.reference(lines, duplicates: duplicates))
        #expect(data.users.identifiers == Array(Set(lines.map(\.0))).sorted().map(String.init))
    }

    @Test(arguments: [InteractionMatrix.DuplicatePolicy.keepMaximum, .sum])
    func longShuffledRowsAreSortedAndCombined(duplicates: InteractionMatrix.DuplicatePolicy) throws {
        // 12 users with about 2,500 lines each over some 20,000 items: rows long enough for the
        // radix sort, item indices of 15 bits (two passes), and repeated pairs.
        let lines = Self.randomLines(count: 30_000, users: 12, items: 25_000, values: false, seed: 8)
        let data = try InteractionDataset(csvText: Self.csv(lines, values: false), options: .init(duplicates: duplicates))
        #expect(data.interactions.itemCount > 1 << 14)
        #expect(data.interactions.nonzeroCount < lines.count)   // repeats were combined
        #expect(data.interactions == Self.reference(lines, duplicates: duplicates))
        // The same lines with ids as indices (up to 425,000: 19 bits, three passes) give the same pairs.
        let positions = try InteractionDataset(csvText: Self.csv(lines, values: false),
                                               options: .init(identifiers: .indices, duplicates: duplicates))
        #expect(positions.interactions.itemCount > 1 << 18)
        for user in 0..<data.interactions.userCount {
            let id = Int(data.users.identifier(at: user))!
            let expected = data.interactions.items(ofUser: user).map { Int32(data.items.identifier(at: Int($0)))! }
            #expect(Array(positions.interactions.items(ofUser: id)) == expected)
            #expect(Array(positions.interactions.values(ofUser: id)) == Array(data.interactions.values(ofUser: user)))
        }
    }

    @Test func aFileOfSeveralChunksReadsAsItsText() throws {
        // About 2.2 MB (trailing blanks pad the lines): three chunks of 1 MiB, a line cut at each boundary.
        let lines = Self.randomLines(count: 60_000, users: 20_000, items: 3_000, values: true, seed: 5)
        let text = Self.csv(lines, values: true).replacingOccurrences(of: "\n", with: String(repeating: " ", count: 22) + "\n")
        let path = try InteractionTestSupport.temporaryFile(named: "big.csv", contents: text)
        #expect(text.utf8.count > 2 << 20)
        let fromFile = try InteractionDataset(contentsOfCSVFile: path, options: .init(duplicates: .sum))
        #expect(fromFile == (try InteractionDataset(csvText: text, options: .init(duplicates: .sum))))
        #expect(fromFile.interactions == Self.reference(lines, duplicates: .sum))
    }

    @Test func errorsFarIntoAFileNameTheirLine() throws {
        var text = "user,item\n" + String(repeating: "123456,654321\n", count: 150_000)   // 2.1 MB
        text += "1,2,3,4\n"
        let path = try InteractionTestSupport.temporaryFile(named: "late.csv", contents: text)
        let error = #expect(throws: InteractionReadError.self) { try InteractionDataset(contentsOfCSVFile: path) }
        #expect(error?.line == 150_002)
        #expect(error?.reason == .wrongColumnCount(expected: 2...3, found: 4))
    }

    @Test func aLineLongerThanTheChunkBuffer() throws {
        let long = String(repeating: "x", count: 3 << 20)   // a 3 MiB user id
        let path = try InteractionTestSupport.temporaryFile(named: "long.csv", contents: "a,1\n\(long),2\nb,1")
        let data = try InteractionDataset(contentsOfCSVFile: path, options: .init(header: .absent))
        #expect(data.users.count == 3 && data.users.identifier(at: 1) == long)
        #expect(data.items.identifiers == ["1", "2"] && data.interactions.nonzeroCount == 3)
    }

    @Test func linesBeyondTheMemoryBudgetAreRefusedWithTheirLine() {
        // `user,item` lines need 12 bytes each at the peak of the assembly: 2730 lines fit 32 KiB.
        let text = String(repeating: "1,2\n", count: 5_000)
        let error = MemoryBudget.$current.withValue(MemoryBudget(limit: 32_768)) { () -> InteractionReadError? in
            do throws(InteractionReadError) { _ = try InteractionDataset(csvText: text); return nil } catch { return error }
        }
        guard case .exceedsMemoryBudget(_, _, let needed, 32768)? = error?.reason else {
            Issue.record("expected exceedsMemoryBudget, got \(String(describing: error))"); return
        }
        #expect(needed > 32768)
        #expect(needed == 2731 * 12)
        #expect(error?.line == 2731)   // the line that would have needed more
        let fits = MemoryBudget.$current.withValue(MemoryBudget(limit: 32_768)) {
            try? InteractionDataset(csvText: String(repeating: "1,2\n", count: 2_730))
        }
        #expect(fits?.interactions.nonzeroCount == 1)
    }

    @Test func pathsThatAreNotRegularFilesAreUnreadableWithAReason() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edlae-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = [(directory.path, "is a directory; give a data file inside it"),
                     ("/dev/null", "is a device (such as /dev/null), not a data file"),
                     (directory.appendingPathComponent("none.csv").path, "no such file")]
        for (path, reason) in cases {
            let error = #expect(throws: InteractionReadError.self) { try InteractionDataset(contentsOfCSVFile: path) }
            #expect(error?.reason == .unreadable(reason), "\(path)")
            #expect(error?.line == nil)
        }
        // A FIFO is refused without waiting for a writer.
        let fifo = directory.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let error = #expect(throws: InteractionReadError.self) { try InteractionDataset(contentsOfMovieLensRatingsFile: fifo) }
        #expect(error?.reason == .unreadable("is a FIFO (named pipe), not a regular file; write the data to a file first"))
    }
}
