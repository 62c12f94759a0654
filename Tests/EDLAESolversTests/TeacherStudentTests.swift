import EDLAECore
import EDLAESolvers
import Testing

@Suite("TeacherStudent (Algorithm 1 of Steck & Liang)")
struct TeacherStudentTests {
    let data = try! iterativeSyntheticData()
    let regularization = try! Regularization(dropout: 0.4, l2: 2)

    /// `B^T (G + Lambda) B = (G + Lambda) - dMat(1 / diag C) (I + B)` (the paper's cheaper form),
    /// checked entrywise against the direct triple product.
    @Test func cheaperIdentityHolds() throws {
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let k = ClosedFormFixtures.regularizedGram(data.gram, lambda: lambda)
        let b = try iterativeFullRankEDLAE(gram: data.gram, weights: lambda)
        let direct = b.transposeTimes(k * b)
        let c = try k.positiveDefiniteInverse()
        var onePlusB = b
        onePlusB.addToDiagonal(1)
        onePlusB.scaleRows(by: c.diagonal.map { 1 / $0 })
        let cheap = k - onePlusB
        // Both sides are O(max |K_ij|) sums of a few terms: 1e-12 relative leaves room for rounding only.
        let scale = k.maxAbsoluteDifference(to: Matrix(rows: k.rows, columns: k.columns))
        #expect(direct.maxAbsoluteDifference(to: cheap) <= 1e-12 * scale)
        // The cheap form is symmetric only up to rounding (s_i C_ij s_j vs s_j C_ji s_i): measure it.
        let asymmetry = cheap.maxAbsoluteDifference(to: cheap.transposed)
        #expect(asymmetry <= 1e-13 * scale)
    }

    /// `U V^T` equals `B Q_k Q_k^T` with `Q_k` the top-k eigenvectors of the dense `B^T K B`
    /// (compared as products, which do not depend on the eigenvectors' signs).
    @Test func matchesDenseAlgorithm() throws {
        let rank = 4
        let lambda = regularization.weights(itemCounts: data.itemCounts)
        let b = try iterativeFullRankEDLAE(gram: data.gram, weights: lambda)
        let studentGram = b.transposeTimes(ClosedFormFixtures.regularizedGram(data.gram, lambda: lambda) * b)
        let q = try studentGram.largestEigenpairs(count: rank).vectors
        let expected = b * q.timesTranspose(q)
        let model = try TeacherStudent(regularization: regularization, rank: rank).fit(data)
        #expect(model.denseWeights().isApproximatelyEqual(to: expected, relativeTolerance: 1e-9))
        #expect(model.rank == rank)
    }

    /// At k = m the student reproduces its teacher, full-rank EDLAE (Eq. 8), including the zero diagonal.
    @Test func fullRankEqualsEDLAE() throws {
        let m = data.itemCount
        let student = try TeacherStudent(regularization: regularization, rank: m).fit(data).denseWeights()
        let teacher = try EDLAE(regularization: regularization).fit(data).denseWeights()
        #expect(student.isApproximatelyEqual(to: teacher, relativeTolerance: 1e-9))
        #expect(student.diagonal.allSatisfy { abs($0) < 1e-10 })
    }

    @Test func rejectsBadRanks() throws {
        #expect(throws: SolverError.self) { try TeacherStudent(regularization: regularization, rank: 0) }
        let tooLarge = try TeacherStudent(regularization: regularization, rank: data.itemCount + 1)
        #expect(throws: SolverError.rankOutOfRange(rank: data.itemCount + 1, itemCount: data.itemCount)) { try tooLarge.fit(data) }
    }

    @Test func isDeterministic() throws {
        let solver = try TeacherStudent(regularization: regularization, rank: 3)
        #expect(try solver.fit(data).denseWeights() == solver.fit(data).denseWeights())
    }
}
