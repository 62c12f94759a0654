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

    /// Fitted on the interactions, Algorithm 1 builds `G` twice from the sparse rows in two buffers
    /// instead of reading a shared `G`: the same model up to rounding (a different path, so compared
    /// as `U V^T` with the relative tolerance of the other double-precision equivalences here).
    @Test func interactionsPathEqualsSharedGram() throws {
        let x = try #require(data.interactions)
        for method in [EigenpairMethod.fullReduction, .implicitlyRestartedLanczos] {
            let solver = try TeacherStudent(regularization: regularization, rank: 3, eigenpairMethod: method)
            let shared = try solver.fit(data).denseWeights()
            let streamed = try solver.fit(x).denseWeights()
            #expect(streamed.isApproximatelyEqual(to: shared, relativeTolerance: 1e-9), "\(method)")
        }
    }

    /// The interactions path asks the budget for its two m x m buffers (plus `G`'s build index)
    /// before allocating: one byte less is refused with a message that names the fit.
    @Test(arguments: [Precision.double, .single])
    func interactionsPathChecksTwoBuffers(precision: Precision) throws {
        let x = try #require(data.interactions)
        let m = x.itemCount
        let needed = x.gramBytes(scalarBytes: precision.byteCount) + m * m * precision.byteCount
        let solver = try TeacherStudent(regularization: regularization, rank: 3, precision: precision)
        let error = #expect(throws: SolverError.self) {
            try MemoryBudget.$current.withValue(MemoryBudget(limit: needed - 1)) { _ = try solver.fit(x) }
        }
        #expect(error.map { "\($0)" }?.contains("teacher-student fit with \(m) items") == true, "\(String(describing: error))")
        let model = try MemoryBudget.$current.withValue(MemoryBudget(limit: needed)) { try solver.fit(x) }
        #expect(model.precision == precision && model.rank == 3)
    }
}
