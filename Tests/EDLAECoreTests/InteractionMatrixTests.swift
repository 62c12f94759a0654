import EDLAECore
import Testing

@Suite("InteractionMatrix")
struct InteractionMatrixTests {
    /// Dense `X^T X` from BLAS (dgemm on the densified matrix).
    static func denseGram(_ x: InteractionMatrix) throws -> Matrix<Double> {
        let dense = try x.denseRows(0..<x.userCount)
        return dense.transposeTimes(dense)
    }

    @Test(arguments: [(37, 23, 0.15), (101, 7, 0.5), (5, 64, 0.3), (250, 129, 0.05), (1, 1, 1.0), (13, 40, 0.0)])
    func gramEqualsDenseTransposeTimesSelf(users: Int, items: Int, density: Double) throws {
        let x = InteractionTestSupport.randomSparse(users: users, items: items, density: density,
                                                    seed: UInt64(users * 1000 + items)) {
            ($0.nextUnitDouble() * 4).rounded(.up) / 2   // values in {0.5, 1, 1.5, 2}
        }
        let sparse = try x.gram()
        let dense = try Self.denseGram(x)
        #expect(sparse.rows == items && sparse.columns == items)
        // Every value is a multiple of 1/2 and every sum is far below 2^52: both orders of
        // summation are exact, so the results must agree bit for bit.
        #expect(sparse == dense)
        // Symmetric by construction of the mirror.
        #expect(sparse == sparse.transposed)
        // Deterministic, whatever the thread scheduling.
        #expect(try x.gram() == sparse)
    }

    @Test func gramOfRealValuesMatchesWithinRounding() throws {
        let x = InteractionTestSupport.randomSparse(users: 300, items: 77, density: 0.1, seed: 9) { $0.nextUnitDouble() }
        let difference = try x.gram().maxAbsoluteDifference(to: Self.denseGram(x))
        // Each entry sums at most 300 products in [0, 1) in a different order: error <= 300 * 2^-52 * 300.
        #expect(difference <= 300 * 300 * 0x1p-52)
    }

    @Test func binaryGramDiagonalIsItemCounts() throws {
        let x = InteractionTestSupport.randomSparse(users: 120, items: 31, density: 0.2, seed: 4)
        #expect(try x.gram().diagonal == x.itemCounts)
        #expect(x.userCounts.reduce(0, +) == x.nonzeroCount)
    }

    @Test(arguments: [
        (InteractionMatrix.DuplicatePolicy.keepMaximum, [5.0, 2.0]),
        (.sum, [8.0, 2.0]),
        (.keepLast, [1.0, 2.0]),
    ])
    func duplicatePolicies(policy: InteractionMatrix.DuplicatePolicy, expected: [Double]) {
        let x = InteractionMatrix(users: 2, items: 4, triplets: [
            (0, 3, 2), (1, 0, 7), (0, 1, 2), (0, 3, 5), (0, 3, 1),
        ], duplicates: policy)
        #expect(Array(x.items(ofUser: 0)) == [1, 3])
        #expect(Array(x.values(ofUser: 0)) == [expected[1], expected[0]])
        #expect(Array(x.items(ofUser: 1)) == [0] && Array(x.values(ofUser: 1)) == [7])
    }

    @Test func sortsUnorderedTripletsWithinRows() {
        let x = InteractionMatrix(users: 3, items: 5, triplets: [(2, 4, 1), (0, 2, 1), (2, 0, 1), (0, 1, 1), (2, 3, 1)])
        #expect(x.rowStarts == [0, 2, 2, 5])
        #expect(x.columnIndices == [1, 2, 0, 3, 4])
        #expect(x.density == 5.0 / 15.0)
    }

    @Test func rowSlicingKeepsOrderAndItems() throws {
        let x = InteractionTestSupport.randomSparse(users: 20, items: 9, density: 0.4, seed: 11)
        let selected = [7, 0, 19, 7]
        let slice = x.rows(selected)
        #expect(slice.userCount == 4 && slice.itemCount == 9)
        for (row, user) in selected.enumerated() {
            #expect(Array(slice.items(ofUser: row)) == Array(x.items(ofUser: user)))
        }
        let dense = try x.denseRows(3..<6)
        for row in 0..<3 {
            for item in 0..<9 {
                #expect(dense[row, item] == (x.items(ofUser: 3 + row).contains(Int32(item)) ? 1 : 0))
            }
        }
    }

    @Test func datasetSelectionKeepsIdentifiers() throws {
        let data = try InteractionDataset(csvText: "a,x\nb,y\nc,x\nc,z\n", options: .init(header: .absent))
        let subset = data.selectingUsers([2, 0])
        #expect(subset.users.identifiers == ["c", "a"])
        #expect(subset.items == data.items)
        #expect(Array(subset.interactions.items(ofUser: 0)) == [0, 2])
    }

    @Test func removingZeroValuesDropsOnlyZeros() {
        let x = InteractionMatrix(users: 2, items: 3, triplets: [(0, 0, 0), (0, 2, 1), (1, 1, 0)])
        let cleaned = x.removingZeroValues()
        #expect(cleaned.nonzeroCount == 1 && cleaned.rowStarts == [0, 1, 1] && cleaned.columnIndices == [2])
        #expect(cleaned.removingZeroValues() == cleaned)
    }
}
