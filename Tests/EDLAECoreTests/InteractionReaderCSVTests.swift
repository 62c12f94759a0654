import EDLAECore
import Foundation
import Testing
import _EDLAETestSupport

/// One malformed CSV file and the error it must produce.
struct MalformedCSVCase: Sendable, CustomTestStringConvertible {
    let name: String
    let contents: String
    let identifiers: CSVReadingOptions.IdentifierMode
    let line: Int?
    let reason: InteractionReadError.Reason
    var testDescription: String { name }

    init(_ name: String, _ contents: String, identifiers: CSVReadingOptions.IdentifierMode = .mapped,
         line: Int?, _ reason: InteractionReadError.Reason) {
        self.name = name
        self.contents = contents
        self.identifiers = identifiers
        self.line = line
        self.reason = reason
    }
}

@Suite("CSV interaction reader")
struct InteractionReaderCSVTests {
    @Test func readsHeaderAndMapsIdsInFirstSeenOrder() throws {
        let path = try InteractionTestSupport.temporaryFile(named: "baskets.csv", contents: """
            user,item
            alice,milk
            bob,bread
            alice,bread
            carol,eggs

            """)
        let data = try InteractionDataset(contentsOfCSVFile: path)
        #expect(data.users.identifiers == ["alice", "bob", "carol"])
        #expect(data.items.identifiers == ["milk", "bread", "eggs"])
        #expect(data.interactions.userCount == 3 && data.interactions.itemCount == 3)
        #expect(Array(data.interactions.items(ofUser: 0)) == [0, 1])
        #expect(Array(data.interactions.items(ofUser: 1)) == [1])
        #expect(Array(data.interactions.items(ofUser: 2)) == [2])
        #expect(data.interactions.values.allSatisfy { $0 == 1 })
    }

    @Test func readsValuesWithoutHeaderAndToleratesCRLFBlanksAndQuotes() throws {
        let text = "1, 10 ,2.5\r\n\r\n2,20\r\n\"a,b\",\"say \"\"hi\"\"\",3\r\n   \r\n1,20,0.5\r\n"
        let data = try InteractionDataset(csvText: text)
        #expect(data.users.identifiers == ["1", "2", "a,b"])
        #expect(data.items.identifiers == ["10", "20", "say \"hi\""])
        #expect(Array(data.interactions.values(ofUser: 0)) == [2.5, 0.5])
        #expect(Array(data.interactions.values(ofUser: 1)) == [1])
        #expect(Array(data.interactions.values(ofUser: 2)) == [3])
    }

    @Test func detectsHeaderOnlyWhenNoFieldIsNumeric() throws {
        // A value column makes the first line data even with string ids.
        let data = try InteractionDataset(csvText: "alice,milk,2\nbob,milk,1\n")
        #expect(data.interactions.nonzeroCount == 2)
        // Explicit options override the detection.
        let absent = try InteractionDataset(csvText: "alice,milk\nbob,milk\n", options: .init(header: .absent))
        #expect(absent.users.identifiers == ["alice", "bob"])
        let automatic = try InteractionDataset(csvText: "alice,milk\nbob,milk\n")
        #expect(automatic.users.identifiers == ["bob"])
        let present = try InteractionDataset(csvText: "0,1\n2,3\n", options: .init(header: .present, identifiers: .indices))
        #expect(present.interactions.userCount == 3 && present.interactions.nonzeroCount == 1)
    }

    @Test func otherDelimiters() throws {
        let tabs = try InteractionDataset(csvText: "user\titem\n0\t2\n1\t0\n",
                                          options: .init(identifiers: .indices, delimiter: "\t"))
        #expect(tabs.interactions.itemCount == 3 && tabs.interactions.nonzeroCount == 2)
        let semicolons = try InteractionDataset(csvText: "a;x;2\nb;y\n", options: .init(delimiter: ";"))
        #expect(semicolons.interactions.values == [2, 1])
    }

    @Test func integerIdsAsIndicesKeepTheirPositions() throws {
        let data = try InteractionDataset(csvText: "user,item\n3,7\n0,2\n3,0\n", options: .init(identifiers: .indices))
        #expect(data.interactions.userCount == 4)   // largest user id + 1
        #expect(data.interactions.itemCount == 8)   // largest item id + 1
        #expect(data.users == .integers(count: 4) && data.items == .integers(count: 8))
        #expect(Array(data.interactions.items(ofUser: 3)) == [0, 7])
        #expect(data.interactions.items(ofUser: 1).isEmpty)
    }

    @Test(arguments: [
        (InteractionMatrix.DuplicatePolicy.keepMaximum, 3.0),
        (.sum, 6.0),
        (.keepLast, 2.0),
    ])
    func duplicatePairsAreCombinedByPolicy(policy: InteractionMatrix.DuplicatePolicy, expected: Double) throws {
        let data = try InteractionDataset(csvText: "u,x,1\nv,x,1\nu,x,3\nu,x,2\n", options: .init(duplicates: policy))
        #expect(data.interactions.nonzeroCount == 2)
        #expect(Array(data.interactions.values(ofUser: 0)) == [expected])
    }

    @Test func zeroValuesAreNotStored() throws {
        let data = try InteractionDataset(csvText: "u,x,0\nu,y,1\nv,x,0\n")
        #expect(data.interactions.nonzeroCount == 1)
        #expect(data.users.count == 2)   // v is known but holds no interaction
        #expect(data.interactions.items(ofUser: 1).isEmpty)
    }

    static let malformed: [MalformedCSVCase] = [
        .init("four columns", "user,item\n0,1\n0,1,1,1\n", line: 3, .wrongColumnCount(expected: 2...3, found: 4)),
        .init("one column", "0,1\n5\n", line: 2, .wrongColumnCount(expected: 2...3, found: 1)),
        .init("empty user", "0,1\n,2\n", line: 2, .emptyField(column: 1)),
        .init("empty value", "0,1\n\n1,2,\n", line: 3, .emptyField(column: 3)),
        .init("negative value", "user,item,value\n0,1,2\n0,2,-1\n", line: 3, .negativeValue(field: "value", text: "-1")),
        .init("NaN value", "0,1,2\n0,2,nan\n", line: 2, .nonFiniteValue(field: "value", text: "nan")),
        .init("infinite value", "0,1,inf\n", line: 1, .nonFiniteValue(field: "value", text: "inf")),
        .init("non-numeric value", "0,1,1\n0,2,lots\n", line: 2, .invalidNumber(field: "value", text: "lots")),
        .init("unbalanced quote", "a,b\n\"c,d\n", line: 2, .malformedQuotedField(column: 1)),
        .init("text after quote", "a,b\n\"c\"x,d\n", line: 2, .malformedQuotedField(column: 1)),
        .init("empty file", "", line: nil, .empty),
        .init("blank lines only", "\n  \r\n\n", line: nil, .empty),
        .init("header only", "user,item\n", line: nil, .noInteractions),
        .init("non-integer user index", "user,item\n0,1\nx,2\n", identifiers: .indices, line: 3,
              .invalidIdentifier(field: "user", text: "x")),
        .init("negative item index", "user,item\n0,-1\n", identifiers: .indices, line: 2,
              .invalidIdentifier(field: "item", text: "-1")),
        .init("fractional item index", "0,1\n0,1.5\n", identifiers: .indices, line: 2,
              .invalidIdentifier(field: "item", text: "1.5")),
        .init("index too large", "0,1\n1,3000000000\n", identifiers: .indices, line: 2,
              .identifierTooLarge(field: "item", text: "3000000000")),
    ]

    @Test(arguments: malformed)
    func malformedFileReportsReasonAndLine(_ testCase: MalformedCSVCase) throws {
        let path = try InteractionTestSupport.temporaryFile(named: "bad.csv", contents: testCase.contents)
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: testCase.identifiers))
        }
        #expect(error?.path == path)
        #expect(error?.line == testCase.line)
        #expect(error?.reason == testCase.reason)
    }

    @Test func errorDescriptionNamesFileLineAndReason() throws {
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(csvText: "user,item\n0,1\n0,1,1,1\n", sourceName: "groceries.csv")
        }
        #expect(error?.description == "groceries.csv:3: expected 2 or 3 columns, found 4")
        let whole = InteractionReadError(path: "x.csv", line: nil, reason: .noInteractions)
        #expect(whole.description.hasPrefix("x.csv: no interactions"))
    }

    @Test func missingFileIsUnreadable() {
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(contentsOfCSVFile: "/nonexistent/edlae/none.csv")
        }
        #expect(error?.line == nil)
        if case .unreadable = error?.reason {} else { Issue.record("expected .unreadable, got \(String(describing: error))") }
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func readsGroceries() throws {
        let directory = try #require(SharedData.directory)
        let data = try InteractionDataset(contentsOfCSVFile: directory + "/groceries.csv",
                                          options: .init(identifiers: .indices))
        #expect(data.interactions.userCount == 9835)
        #expect(data.interactions.itemCount == 169)
        #expect(data.interactions.nonzeroCount == 43367)
        #expect(data.interactions.values.allSatisfy { $0 == 1 })
        // The first data line is `0,13`: item index 13 is item id 13, and names line up.
        #expect(data.interactions.items(ofUser: 0).contains(13))
        let names = try String(contentsOfFile: directory + "/groceries_items.txt", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(names.count == data.interactions.itemCount)
        // Mapping ids as strings finds the same numbers of users, items and pairs.
        let mapped = try InteractionDataset(contentsOfCSVFile: directory + "/groceries.csv")
        #expect(mapped.interactions.userCount == 9835 && mapped.interactions.itemCount == 169)
        #expect(mapped.interactions.nonzeroCount == 43367)
        #expect(mapped.interactions.itemCounts.sorted() == data.interactions.itemCounts.sorted())
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func readsEpub() throws {
        let directory = try #require(SharedData.directory)
        let data = try InteractionDataset(contentsOfCSVFile: directory + "/epub.csv",
                                          options: .init(identifiers: .indices))
        #expect(data.interactions.userCount == 15729)
        #expect(data.interactions.itemCount == 936)
        #expect(data.interactions.nonzeroCount == 25893)
        #expect(data.interactions.itemCounts.reduce(0, +) == 25893)
        #expect(data.interactions.items(ofUser: 0).contains(7))
    }
}
