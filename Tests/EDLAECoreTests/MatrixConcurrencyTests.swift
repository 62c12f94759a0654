import EDLAECore
import Testing

/// Many tasks read one shared matrix and mutate their own copies at the same time; every task's
/// result must be right and the shared original must stay intact (run under
/// `--sanitize=thread` to check the copy-on-write path for data races).
@Suite struct MatrixConcurrencyTests {
    @Test func tasksMutateTheirOwnCopiesOfASharedMatrix() async throws {
        let shared = Matrix<Double>.randomPositiveDefinite(24, seed: 77)
        let snapshot = shared.columnMajorElements
        let sharedIdentity = shared.bufferIdentity
        let vector = Matrix<Double>.random(24, 1, seed: 78).columnMajorElements
        let expectedProduct = shared * vector
        let expectedInverse = try shared.positiveDefiniteInverse()
        let taskCount = 32

        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for task in 0..<taskCount {
                group.addTask {
                    // Reads of the shared buffer.
                    var ok = shared * vector == expectedProduct && shared.trace == shared.diagonal.reduce(0, +)
                    // Mutations of a private copy.
                    var mine = shared
                    mine[task % 24, task % 24] += Double(task)
                    mine.addToDiagonal(1)
                    mine.scaleRows(by: [Double](repeating: 2, count: 24))
                    mine.scaleColumns(by: [Double](repeating: 0.5, count: 24))
                    mine[task % 24, task % 24] -= Double(task)
                    mine.addToDiagonal(-1)
                    ok = ok && mine.bufferIdentity != shared.bufferIdentity
                    // Scaling by 2 and 0.5 is exact; adding and subtracting t and 1 (entries below
                    // 64 in magnitude) rounds by at most 2 ulp(64) = 2^-45 per entry.
                    ok = ok && mine.maxAbsoluteDifference(to: shared) <= 0x1p-45
                    // An in-place inverse of another private copy.
                    var inverse = shared
                    try inverse.invertPositiveDefinite()
                    ok = ok && inverse == expectedInverse
                    // A product written into a private buffer, reading the shared one.
                    var product = Matrix<Double>(rows: 24, columns: 24)
                    product.addProduct(shared, inverse, scaledBy: 1, scalingSelfBy: 0)
                    ok = ok && product.isApproximatelyEqual(to: .identity(24), relativeTolerance: 1e-12)
                    return (task, ok)
                }
            }
            var collected: [Int: Bool] = [:]
            for try await (task, ok) in group { collected[task] = ok }
            return collected
        }

        #expect(results.count == taskCount)
        #expect(results.values.allSatisfy { $0 }, "failed tasks: \(results.filter { !$0.value }.keys.sorted())")
        #expect(shared.columnMajorElements == snapshot)
        #expect(shared.bufferIdentity == sharedIdentity)
    }
}
