import EDLAECore
import Foundation
import Testing
import _EDLAETestSupport

/// How the readers turn ids into indices by default (contiguous, integer ids in ascending order),
/// the explicit `.indices` opt-in, and byte-order marks.
@Suite("Reader identifiers and byte-order marks")
struct InteractionReaderIdentifierTests {
    @Test func integerIdsWithGapsGiveOneIndexPerDistinctIdInAscendingOrder() throws {
        // MovieLens-style gaps: 3 items whose ids reach 193609, 2 users whose ids reach 70000.
        let text = "user,item\n70000,193609\n70000,10\n12,500\n12,193609\n"
        let data = try InteractionDataset(csvText: text)
        #expect(data.interactions.userCount == 2 && data.interactions.itemCount == 3)
        #expect(data.users.identifiers == ["12", "70000"])
        #expect(data.items.identifiers == ["10", "500", "193609"])
        #expect(data.items.index(of: 193609) == 2 && data.items.index(of: "500") == 1 && data.items.index(of: 11) == nil)
        #expect(Array(data.interactions.items(ofUser: 0)) == [1, 2])   // user 12: items 500, 193609
        #expect(Array(data.interactions.items(ofUser: 1)) == [0, 2])   // user 70000: items 10, 193609
        // Every column holds an interaction: no item that does not exist.
        #expect(data.interactions.itemCounts.allSatisfy { $0 > 0 })
        // The same file with `.indices` (the explicit opt-in) keeps the ids as positions.
        let positions = try InteractionDataset(csvText: text, options: .init(identifiers: .indices))
        #expect(positions.interactions.itemCount == 193_610 && positions.interactions.userCount == 70_001)
        #expect(positions.interactions.nonzeroCount == 4)
    }

    @Test func idsAlreadyZeroToNKeepTheirValuesAsIndices() throws {
        let text = "user,item\n2,1\n0,3\n1,0\n0,2\n2,3\n"
        let automatic = try InteractionDataset(csvText: text)
        let indices = try InteractionDataset(csvText: text, options: .init(identifiers: .indices))
        #expect(automatic == indices)
        #expect(automatic.users.isIntegerIdentity && automatic.items.isIntegerIdentity)
    }

    @Test func largeIntegerIdsAreNotIndices() throws {
        let data = try InteractionDataset(csvText: "9000000000000000000,4000000000\n1,4000000000\n9000000000000000000,7\n")
        #expect(data.users.identifiers == ["1", "9000000000000000000"])
        #expect(data.items.identifiers == ["7", "4000000000"])
        #expect(data.interactions.nonzeroCount == 3)
    }

    @Test func idsOfEveryMagnitudeGetTheSameRowsAsTextIds() throws {
        // Small ids are looked up in a direct table that grows with the number of ids, larger ones
        // are hashed, and hashed ids move into the direct table when it grows past them: 70000
        // is hashed first, then 10000 small ids let the direct table grow over it.
        var generator = SplitMix64(seed: 21)
        var lines = ["1,70000"] + (0..<10_000).map { "\($0 % 97),\($0)" } + ["2,75000", "3,70000"]
        for _ in 0..<5_000 {
            let id: UInt64
            switch generator.next() % 4 {
            case 0: id = generator.next() % 3_000
            case 1: id = 60_000 + generator.next() % 140_000
            case 2: id = generator.next() % 1_000_000_000_000_000
            default: id = (1 << 20) + generator.next() % 4_096
            }
            lines.append("\(generator.next() % 500),\(id)")
        }
        let text = lines.joined(separator: "\n")
        let automatic = try InteractionDataset(csvText: text, options: .init(header: .absent))
        let mapped = try InteractionDataset(csvText: text, options: .init(header: .absent, identifiers: .mapped))
        #expect(automatic.items.count == mapped.items.count && automatic.users.count == mapped.users.count)
        let sortedIDs = automatic.items.identifiers
        #expect(zip(sortedIDs, sortedIDs.dropFirst()).allSatisfy { Int($0)! < Int($1)! })
        let automaticCounts = automatic.interactions.itemCounts, mappedCounts = mapped.interactions.itemCounts
        for index in 0..<mapped.items.count {
            let id = mapped.items.identifier(at: index)
            #expect(automaticCounts[try #require(automatic.items.index(of: id))] == mappedCounts[index], "item \(id)")
        }
        #expect(automaticCounts[try #require(automatic.items.index(of: 70_000))] == 2)
    }

    @Test func aColumnWithAnyNonCanonicalIdIsReadAsTextInFirstSeenOrder() throws {
        // "007", "+3" and "-1" are not the decimal text of an integer: the user column becomes text
        // (first-seen order, exactly as `.mapped`), while the item column stays integer (ascending).
        let text = "user,item\n5,30\n2,10\n007,20\n+3,30\n-1,10\n5,20\n"
        let data = try InteractionDataset(csvText: text)
        #expect(data.users.identifiers == ["5", "2", "007", "+3", "-1"])
        #expect(data.items.identifiers == ["10", "20", "30"])
        let mapped = try InteractionDataset(csvText: text, options: .init(identifiers: .mapped))
        #expect(mapped.users == data.users)
        #expect(mapped.items.identifiers == ["30", "10", "20"])
        // Text ids: first-seen order, as before.
        let names = try InteractionDataset(csvText: "bob,milk\nalice,7\nbob,bread\n", options: .init(header: .absent))
        #expect(names.users.identifiers == ["bob", "alice"] && names.items.identifiers == ["milk", "7", "bread"])
    }

    @Test func theSwitchToTextKeepsTheRowsOfEarlierIntegerIds() throws {
        // Many integer ids before the first text one: their rows must follow them into the text map.
        var lines = (0..<500).map { "\(($0 * 7919) % 1000),\($0 % 13)" }
        lines.append("x,1")
        let text = lines.joined(separator: "\n")
        let automatic = try InteractionDataset(csvText: text)
        let mapped = try InteractionDataset(csvText: text, options: .init(identifiers: .mapped))
        #expect(automatic.users == mapped.users)
        // Items stay integers (ascending, here 0 ..< 13); the matrices agree up to that column order.
        #expect(automatic.items.isIntegerIdentity)
        for user in 0..<automatic.interactions.userCount {
            let expected = mapped.interactions.items(ofUser: user).map { mapped.items.identifier(at: Int($0)) }
            let actual = automatic.interactions.items(ofUser: user).map { automatic.items.identifier(at: Int($0)) }
            #expect(Set(expected) == Set(actual))
        }
    }

    @Test func movieLensIdsAreNumberedInAscendingOrder() throws {
        let data = try InteractionDataset(movieLensRatingsText: "9,193609,5,1\n4,10,4,2\n9,10,4.5,3\n4,5000,5,4\n")
        #expect(data.users.identifiers == ["4", "9"])
        #expect(data.items.identifiers == ["10", "5000", "193609"])
        #expect(Array(data.interactions.items(ofUser: 0)) == [0, 1] && Array(data.interactions.items(ofUser: 1)) == [0, 2])
    }

    /// A byte-order mark before the first line must not change what is read, with or without a
    /// header, in every identifier mode, from text and from a file.
    @Test(arguments: ["user,item,value\n", ""], [CSVReadingOptions.IdentifierMode.automatic, .mapped, .indices])
    func byteOrderMarkDoesNotChangeTheCSVData(header: String, identifiers: CSVReadingOptions.IdentifierMode) throws {
        let body = header + "0,13,2\n3,7,1\n0,7,1\n"
        let options = CSVReadingOptions(identifiers: identifiers)
        let plain = try InteractionDataset(csvText: body, options: options)
        let marked = try InteractionDataset(csvText: "\u{FEFF}" + body, options: options)
        #expect(marked == plain)
        #expect(plain.interactions.nonzeroCount == 3 && plain.users.identifier(at: 0) == "0")
        let path = try InteractionTestSupport.temporaryFile(named: "bom.csv", contents: "\u{FEFF}" + body)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(try InteractionDataset(contentsOfCSVFile: path, options: options) == plain)
    }

    @Test func byteOrderMarkDoesNotChangeMovieLensOrMatrixMarketData() throws {
        for body in ["userId,movieId,rating,timestamp\n1,10,4.0,5\n2,10,5,6\n", "1,10,4.0,5\n2,10,5,6\n"] {
            #expect(try InteractionDataset(movieLensRatingsText: "\u{FEFF}" + body) == InteractionDataset(movieLensRatingsText: body))
        }
        let market = "%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n"
        #expect(try InteractionDataset(matrixMarketText: "\u{FEFF}" + market) == InteractionDataset(matrixMarketText: market))
        // A mark anywhere else is data (here an id of the text column).
        let inner = try InteractionDataset(csvText: "a,b\n\u{FEFF}c,d\n", options: .init(header: .absent))
        #expect(inner.users.identifiers == ["a", "\u{FEFF}c"])
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote), arguments: ["groceries.csv", "epub.csv"])
    func sharedDataReadsTheSameByDefaultAsWithIndices(name: String) throws {
        // Their ids are 0 ..< n: the default gives bitwise the same dataset as `.indices`, so
        // every result computed on them is unchanged.
        let path = try #require(SharedData.file(name))
        let automatic = try InteractionDataset(contentsOfCSVFile: path)
        let indices = try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .indices))
        #expect(automatic == indices)
        #expect(automatic.interactions.rowStarts == indices.interactions.rowStarts)
        #expect(automatic.users.isIntegerIdentity && automatic.items.isIntegerIdentity)
    }
}
