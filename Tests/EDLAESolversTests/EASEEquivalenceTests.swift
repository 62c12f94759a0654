import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// Full-rank EDLAE at dropout `p = 0` is EASE (Steck, "Embarrassingly Shallow Autoencoders for
/// Sparse Data", WWW 2019): with `Lambda = lambda I`, Eq. 8 of Steck 2020 reads
///
///     P = (G + lambda I)^-1,   B = I - P dMat(1 / diag P),
///
/// EASE's closed form. The test computes that closed form independently of the solver: `P` by LU
/// with partial pivoting (`dgesv` on the identity) where the solver uses Cholesky (`dpotrf` +
/// `dpotri`), and `B_ij = -P_ij / P_jj` entry by entry where the solver scales columns in place.
///
/// Tolerance. Both inversions are normwise backward stable, so each computed `P` is within
/// `||E|| <= m u kappa ||P||` of the exact one to first order (`u` the unit roundoff, `kappa` the
/// condition number of `A = G + lambda I`, `m` standing in for the dimension-dependent constant).
/// A perturbation `E` of `P` moves `B_ij = -P_ij / P_jj` by at most
/// `|E_ij| / P_jj + |B_ij| |E_jj| / P_jj <= (||E|| / P_jj) (1 + max |B|)`, and
/// `P_jj >= lambda_min(P) = ||P|| / kappa`; so each path is within `m u kappa^2 (1 + max |B|)` of
/// the exact `B`, and the two within twice that. `kappa` is bounded above without a further
/// factorisation: `lambda_min(A) >= lambda` (G is positive semidefinite) and `lambda_max(A) <=
/// lambda + max_j sum_i |G_ij|` (Gershgorin), so the bound used overestimates `kappa` itself.
@Suite struct EASEEquivalenceTests {
    /// The EASE closed form computed with `dgesv`, and the tolerance derived above.
    static func easeReference(gram g: Matrix<Double>, lambda: Double) throws -> (b: Matrix<Double>, tolerance: Double) {
        let m = g.rows
        let a = g + Matrix(diagonal: [Double](repeating: lambda, count: m))
        let p = try a.solving(Matrix<Double>.identity(m))
        let b = Matrix<Double>(rows: m, columns: m) { i, j in i == j ? 0 : -p[i, j] / p[j, j] }

        var largestColumnSum = 0.0
        for j in 0..<m { largestColumnSum = max(largestColumnSum, g.column(j).reduce(0) { $0 + abs($1) }) }
        let kappa = (lambda + largestColumnSum) / lambda
        let largestEntry = (0..<m).map { b.column($0).reduce(0) { max($0, abs($1)) } }.reduce(0, max)
        let unitRoundoff = Double.ulpOfOne / 2
        let tolerance = 2 * Double(m) * unitRoundoff * kappa * kappa * (1 + largestEntry)
        return (b, tolerance)
    }

    /// `edlae` with `--dropout 0` against EASE on seeded data (runs everywhere). Observed: max
    /// differences 1.7e-16 and 3.9e-16, tolerances 5.3e-11 and 5.2e-8 (the Gershgorin bound of kappa
    /// makes them generous); DLAE at p = 0 differs by 0.77 and 0.99.
    @Test(arguments: [1.0, 30.0])
    func edlaeAtDropoutZeroIsEASEOnSeededData(lambda: Double) throws {
        let x = TestInteractions.baskets(users: 400, items: 60, seed: 11)
        let training = try TrainingData(x)
        let model = try EDLAE(regularization: Regularization(dropout: 0, l2: lambda)).fit(training)
        let reference = try Self.easeReference(gram: training.gram, lambda: lambda)
        let difference = model.denseWeights().maxAbsoluteDifference(to: reference.b)
        #expect(difference <= reference.tolerance, "max |B - B_EASE| = \(difference), tolerance \(reference.tolerance)")
        // The comparison tells models apart: DLAE at p = 0 (ridge, B = I - lambda P, no zero
        // diagonal) is far outside the tolerance.
        let ridge = try DLAE(regularization: Regularization(dropout: 0, l2: lambda)).fit(training)
        #expect(ridge.denseWeights().maxAbsoluteDifference(to: reference.b) > 1e3 * reference.tolerance)
    }

    /// The same on Groceries (169 items) at the lambda of Docs/Results.md's peer comparison.
    /// Observed: max |B - B_EASE| = 2.4e-16, tolerance 1.4e-10.
    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipNote))
    func edlaeAtDropoutZeroIsEASEOnGroceries() throws {
        let training = try TrainingData(try #require(SharedData.groceries))
        let lambda = 300.0
        let model = try EDLAE(regularization: Regularization(dropout: 0, l2: lambda)).fit(training)
        let reference = try Self.easeReference(gram: training.gram, lambda: lambda)
        let difference = model.denseWeights().maxAbsoluteDifference(to: reference.b)
        #expect(difference <= reference.tolerance, "max |B - B_EASE| = \(difference), tolerance \(reference.tolerance)")
    }
}
