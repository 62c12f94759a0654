import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// Fig. 1 discussion of Steck 2020: the diagonal of a low-rank EDLAE-type model should shrink towards
/// zero as the rank grows. Algorithm 1 (teacher-student) does so on Groceries; the exact minimiser of
/// Eq. 10 does not shrink steadily there (Sources/EDLAESolvers/EDLAESolvers.docc/LowRankEDLAE.md reports its numbers), because Eq. 10
/// leaves the diagonal free.
@Suite("Diagonal of low-rank EDLAE models against the rank (Groceries)")
struct LowRankDiagonalTests {
    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func teacherStudentDiagonalShrinksWithRank() throws {
        let data = try TrainingData(try #require(SharedData.groceries))
        let regularization = try Regularization(dropout: 0.5, l2: 10)
        let ranks = [5, 20, 50, 100, data.itemCount]
        let norms = try ranks.map { rank -> Double in
            let diagonal = try TeacherStudent(regularization: regularization, rank: rank).fit(data).diagonal
            return diagonal.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        // Strictly decreasing in k, and at k = m the model is full-rank EDLAE with an exactly zero
        // diagonal up to rounding (B V V^T with V orthogonal).
        for (smaller, larger) in zip(norms, norms.dropFirst()) { #expect(larger < smaller, "\(norms)") }
        #expect(norms.last! < 1e-10 * norms.first!, "\(norms)")
    }
}
