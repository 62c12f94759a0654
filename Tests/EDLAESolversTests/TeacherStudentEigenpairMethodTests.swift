import EDLAECore
import EDLAESolvers
import Testing

/// Teacher-student (Algorithm 1 of Steck & Liang) gives the same model whichever eigen-solver
/// computes the top-k eigenvectors of `B^T (G + Lambda) B`.
@Suite("TeacherStudent with Lanczos and dsyevr")
struct TeacherStudentEigenpairMethodTests {
    let data = try! iterativeSyntheticData(users: 200, items: 60, seed: 13)
    let regularization = try! Regularization(dropout: 0.4, l2: 2)

    /// `U V^T` does not depend on the eigenvectors' signs, so the two methods must agree up to
    /// rounding: both eigen-solvers are accurate to about `eps ||K|| / gap` in the vectors, and
    /// 1e-8 relative leaves a margin of several orders for the synthetic spectrum's gaps.
    @Test(arguments: [1, 3, 10])
    func lanczosEqualsFullReduction(rank: Int) throws {
        let lanczos = try TeacherStudent(regularization: regularization, rank: rank,
                                         eigenpairMethod: .implicitlyRestartedLanczos).fit(data).denseWeights()
        let dense = try TeacherStudent(regularization: regularization, rank: rank,
                                       eigenpairMethod: .fullReduction).fit(data).denseWeights()
        #expect(lanczos.isApproximatelyEqual(to: dense, relativeTolerance: 1e-8))
    }

    @Test func defaultsToAutomatic() throws {
        #expect(try TeacherStudent(regularization: regularization, rank: 2).eigenpairMethod == .automatic)
    }
}
