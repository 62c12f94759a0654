import EDLAECore
import Testing

@Suite("Matrix Market reader")
struct InteractionReaderMatrixMarketTests {
    /// A 3 x 4 matrix as scipy.io.mmwrite writes it (real values, a comment line).
    static let general = """
        %%MatrixMarket matrix coordinate real general
        %
        % written by hand
        3 4 5
        1 1 1.0
        1 4 2.5
        2 2 1
        3 1 1e0
        3 3 4.000000000000000e+00

        """

    @Test func readsAGeneralRealFile() throws {
        let path = try InteractionTestSupport.temporaryFile(named: "x.mtx", contents: Self.general)
        let data = try InteractionDataset(contentsOfMatrixMarketFile: path)
        let x = data.interactions
        #expect(x.userCount == 3 && x.itemCount == 4 && x.nonzeroCount == 5)
        #expect(Array(x.items(ofUser: 0)) == [0, 3] && Array(x.values(ofUser: 0)) == [1, 2.5])
        #expect(Array(x.items(ofUser: 1)) == [1])
        #expect(Array(x.items(ofUser: 2)) == [0, 2] && Array(x.values(ofUser: 2)) == [1, 4])
        #expect(data.users == .integers(count: 3) && data.items == .integers(count: 4))
    }

    @Test func roundTripsThroughItsOwnText() throws {
        let original = try InteractionDataset(matrixMarketText: Self.general).interactions
        let text = original.matrixMarketText()
        #expect(text.hasPrefix("%%MatrixMarket matrix coordinate real general\n3 4 5\n"))
        let path = try InteractionTestSupport.temporaryFile(named: "copy.mtx", contents: text)
        #expect(try InteractionDataset(contentsOfMatrixMarketFile: path).interactions == original)

        let binary = InteractionTestSupport.randomSparse(users: 17, items: 9, density: 0.3, seed: 5)
        let binaryText = binary.matrixMarketText()
        #expect(binaryText.hasPrefix("%%MatrixMarket matrix coordinate pattern general\n"))
        #expect(try InteractionDataset(matrixMarketText: binaryText).interactions == binary)

        let weighted = InteractionTestSupport.randomSparse(users: 11, items: 13, density: 0.4, seed: 6) {
            $0.nextUnitDouble() * 3 + 0.1
        }
        #expect(try InteractionDataset(matrixMarketText: weighted.matrixMarketText()).interactions == weighted)
    }

    @Test func readsPatternAndIntegerFiles() throws {
        let pattern = try InteractionDataset(matrixMarketText: "%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n")
        #expect(pattern.interactions.values == [1, 1])
        #expect(Array(pattern.interactions.items(ofUser: 0)) == [2])
        let integer = try InteractionDataset(matrixMarketText: "%%matrixmarket MATRIX Coordinate INTEGER General\n2 2 2\n1 1 3\n2 2 7\n")
        #expect(integer.interactions.values == [3, 7])
    }

    @Test func expandsSymmetricFiles() throws {
        let data = try InteractionDataset(matrixMarketText: """
            %%MatrixMarket matrix coordinate integer symmetric
            3 3 3
            1 1 2
            3 1 5
            3 2 1
            """)
        let x = data.interactions
        #expect(x.nonzeroCount == 5)
        #expect(Array(x.items(ofUser: 0)) == [0, 2] && Array(x.values(ofUser: 0)) == [2, 5])
        #expect(Array(x.items(ofUser: 1)) == [2])
        #expect(Array(x.items(ofUser: 2)) == [0, 1] && Array(x.values(ofUser: 2)) == [5, 1])
    }

    @Test func repeatedEntriesAreSummedByDefault() throws {
        let text = "%%MatrixMarket matrix coordinate real general\n1 2 3\n1 2 1.5\n1 1 1\n1 2 2\n"
        #expect(try InteractionDataset(matrixMarketText: text).interactions.values == [1, 3.5])
        #expect(try InteractionDataset(matrixMarketText: text, duplicates: .keepMaximum).interactions.values == [1, 2])
    }

    @Test(arguments: [
        ("%%MatrixMarket matrix coordinate real\n1 1 1\n1 1 1\n", 1 as Int?,
         InteractionReadError.Reason.invalidMatrixMarketHeader("%%MatrixMarket matrix coordinate real")),
        ("1 1 1\n1 1 1\n", 1, .invalidMatrixMarketHeader("1 1 1")),
        ("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", 1,
         .unsupportedMatrixMarketFormat("dense 'array' format")),
        ("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", 1,
         .unsupportedMatrixMarketFormat("complex values")),
        ("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 1\n", 1,
         .unsupportedMatrixMarketFormat("skew-symmetric matrices")),
        ("%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n2 1 1\n", 2,
         .unsupportedMatrixMarketFormat("a symmetric matrix of 2 x 3")),
        ("%%MatrixMarket matrix coordinate real general\n% c\n3 4\n1 1 1\n", 3, .invalidSizeLine("3 4")),
        ("%%MatrixMarket matrix coordinate real general\n3 4 2\n1 1 1\n4 1 1\n", 4,
         .indexOutOfRange(field: "row", index: 4, valid: 1...3)),
        ("%%MatrixMarket matrix coordinate real general\n3 4 2\n1 0 1\n", 3,
         .indexOutOfRange(field: "column", index: 0, valid: 1...4)),
        ("%%MatrixMarket matrix coordinate real general\n3 4 1\n1 1 1\n2 2 1\n", 4,
         .entryCountMismatch(declared: 1, found: 2)),
        ("%%MatrixMarket matrix coordinate real general\n3 4 3\n1 1 1\n2 2 1\n", nil,
         .entryCountMismatch(declared: 3, found: 2)),
        ("%%MatrixMarket matrix coordinate real general\n3 4 2\n1 1\n", 3,
         .wrongColumnCount(expected: 3...3, found: 2)),
        ("%%MatrixMarket matrix coordinate pattern general\n3 4 2\n1 1\n1 2 1\n", 4,
         .wrongColumnCount(expected: 2...2, found: 3)),
        ("%%MatrixMarket matrix coordinate integer general\n3 4 1\n1 1 1.5\n", 3,
         .invalidNumber(field: "integer value", text: "1.5")),
        ("%%MatrixMarket matrix coordinate real general\n3 4 1\n% comment\n1 1 -2\n", 4,
         .negativeValue(field: "value", text: "-2")),
        ("%%MatrixMarket matrix coordinate real symmetric\n3 3 1\n1 2 1\n", 3,
         .entryAboveDiagonal(row: 1, column: 2)),
        ("%%MatrixMarket matrix coordinate real general\n3 4 0\n", 2, .noInteractions),
        ("", nil, .empty),
    ] as [(String, Int?, InteractionReadError.Reason)])
    func malformedFileReportsReasonAndLine(contents: String, line: Int?, reason: InteractionReadError.Reason) throws {
        let path = try InteractionTestSupport.temporaryFile(named: "bad.mtx", contents: contents)
        let error = #expect(throws: InteractionReadError.self) {
            try InteractionDataset(contentsOfMatrixMarketFile: path)
        }
        #expect(error?.line == line)
        #expect(error?.reason == reason)
    }
}
