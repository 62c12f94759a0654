import EDLAECore
import Foundation
import Testing

/// ARPACK's implicitly restarted Lanczos path of `largestEigenpairs(count:method:)` against the
/// `dsyevr` path, on matrices small enough for a debug build.
@Suite("Largest eigenpairs by implicitly restarted Lanczos (ARPACK)")
struct LanczosEigenpairTests {
    /// `diag(1, 2, ..., n) + 0.05 S` with `S` symmetric, entries uniform in [-1, 1): the
    /// perturbation is small against the unit gaps of the diagonal (its first-order eigenvalue
    /// shifts are its diagonal entries, at most 0.05), so every `k` has a clear eigengap.
    static func separatedSpectrum(_ n: Int, seed: UInt64) -> Matrix<Double> {
        var a = Matrix<Double>.randomSymmetric(n, seed: seed) * 0.05
        a.addToDiagonal((1...n).map(Double.init))
        return a
    }

    /// A Gram matrix `X^T X` of a 0/1 user-item matrix (`users` x `items`, density about 0.3),
    /// the kind of matrix the solvers decompose.
    static func gramLike(users: Int, items: Int, seed: UInt64) -> Matrix<Double> {
        var random = SplitMix64(seed: seed)
        let x = Matrix<Double>(rows: users, columns: items) { _, _ in random.nextUnitDouble() < 0.3 ? 1 : 0 }
        return x.transposeTimes(x)
    }

    /// Compares Lanczos with `dsyevr` for the `count` largest eigenpairs of `a`.
    ///
    /// Tolerances: both methods are backward stable to a few ulps of `||A||` (ARPACK runs with
    /// `tol = 0`, i.e. machine precision), so eigenvalues agree to `1e-10 ||A||`, and residuals
    /// `||A v - lambda v||` stay below `1e-10 ||A||`. An eigenvector is determined to about
    /// `eps ||A|| / gap`; it is compared (up to sign) only where the gap to its neighbours exceeds
    /// `1e-3 ||A||`, which bounds the expected difference by about 1e-12.
    func expectAgreement(_ a: Matrix<Double>, count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lanczos = try a.largestEigenpairs(count: count, method: .implicitlyRestartedLanczos)
        let reference = try a.largestEigenpairs(count: count, method: .fullReduction)
        let all = try a.largestEigenpairs(count: a.rows, method: .fullReduction).values
        let norm = all.map(abs).max()!
        #expect(lanczos.values.count == count, sourceLocation: sourceLocation)
        #expect(lanczos.vectors.rows == a.rows && lanczos.vectors.columns == count, sourceLocation: sourceLocation)
        #expect(zip(lanczos.values, lanczos.values.dropFirst()).allSatisfy { $0 >= $1 }, "not largest first",
                sourceLocation: sourceLocation)
        for i in 0..<count {
            #expect(abs(lanczos.values[i] - reference.values[i]) <= 1e-10 * norm, "eigenvalue \(i)",
                    sourceLocation: sourceLocation)
            let v = lanczos.vectors.column(i)
            let av = a * v
            let residual = zip(av, v).map { $0 - lanczos.values[i] * $1 }.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(residual <= 1e-10 * norm, "residual of pair \(i): \(residual)", sourceLocation: sourceLocation)
            let length = v.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(abs(length - 1) <= 1e-12, "vector \(i) not unit", sourceLocation: sourceLocation)
            let gapAbove = i == 0 ? Double.infinity : all[i - 1] - all[i]
            let gapBelow = all[i] - all[i + 1 < all.count ? i + 1 : i]
            if min(gapAbove, i + 1 < all.count ? gapBelow : .infinity) > 1e-3 * norm {
                let cosine = zip(v, reference.vectors.column(i)).map { $0 * $1 }.reduce(0, +)
                #expect(abs(abs(cosine) - 1) <= 1e-9, "vector \(i): |cos| = \(abs(cosine))", sourceLocation: sourceLocation)
            }
        }
        // Orthonormal Ritz vectors: V^T V = I.
        let gram = lanczos.vectors.transposeTimes(lanczos.vectors)
        #expect(gram.maxAbsoluteDifference(to: .identity(count)) <= 1e-12, sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 2, 5, 20, 59])
    func separatedSpectrumMatchesFullReduction(count: Int) throws {
        try expectAgreement(Self.separatedSpectrum(60, seed: 11), count: count)
    }

    /// Gram-like matrices have one dominant eigenvalue and a tail of close ones: values and
    /// residuals must still match; vectors are compared where the gaps allow.
    @Test(arguments: [1, 4, 15, 39])
    func gramLikeMatrixMatchesFullReduction(count: Int) throws {
        try expectAgreement(Self.gramLike(users: 120, items: 40, seed: 5), count: count)
    }

    /// An indefinite matrix: "largest" means algebraically largest, as in `dsyevr`.
    @Test func indefiniteMatrixTakesAlgebraicallyLargest() throws {
        let a = Matrix<Double>.randomSymmetric(50, seed: 3)
        try expectAgreement(a, count: 3)
        let values = try a.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos).values
        let reference = try a.symmetricEigendecomposition().values
        #expect(abs(values[0] - reference[0]) <= 1e-10 * reference.map(abs).max()!)
    }

    /// Only the lower triangle is read, as for `dsyevr`.
    @Test func readsOnlyTheLowerTriangle() throws {
        let a = Self.separatedSpectrum(40, seed: 9)
        var lowerOnly = a
        for j in 0..<40 { for i in 0..<j { lowerOnly[i, j] = .nan } }
        let full = try a.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos)
        let lower = try lowerOnly.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos)
        #expect(full.values == lower.values)
        #expect(full.vectors == lower.vectors)
    }

    /// The start vector is fixed, so repeated runs give identical bits; concurrent runs (ARPACK's
    /// state is global and serialised) give the same bits too.
    @Test func isDeterministicAndSafeUnderConcurrency() async throws {
        let a = Self.gramLike(users: 80, items: 30, seed: 2)
        let first = try a.largestEigenpairs(count: 4, method: .implicitlyRestartedLanczos)
        let results = try await withThrowingTaskGroup(of: SymmetricEigendecomposition.self) { group in
            for _ in 0..<6 { group.addTask { try a.largestEigenpairs(count: 4, method: .implicitlyRestartedLanczos) } }
            var collected: [SymmetricEigendecomposition] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        for result in results {
            #expect(result.values == first.values)
            #expect(result.vectors == first.vectors)
        }
    }

    /// `k = 0` gives nothing and `k = m` (beyond ARPACK's `k < m`) falls back to `dsyevr`.
    @Test func edgeCountsUseFullReduction() throws {
        let a = Self.separatedSpectrum(10, seed: 4)
        let none = try a.largestEigenpairs(count: 0, method: .implicitlyRestartedLanczos)
        #expect(none.values.isEmpty && none.vectors.columns == 0)
        let all = try a.largestEigenpairs(count: 10, method: .implicitlyRestartedLanczos)
        let reference = try a.largestEigenpairs(count: 10, method: .fullReduction)
        #expect(all.values == reference.values && all.vectors == reference.vectors)
    }

    @Test func automaticFollowsTheMeasuredRule() {
        #expect(EigenpairMethod.automatic.resolved(order: 4000, count: 10) == .implicitlyRestartedLanczos)
        #expect(EigenpairMethod.automatic.resolved(order: 4000, count: 200) == .implicitlyRestartedLanczos)
        #expect(EigenpairMethod.automatic.resolved(order: 4000, count: 201) == .fullReduction)
        #expect(EigenpairMethod.automatic.resolved(order: 1000, count: 100) == .fullReduction)
        #expect(EigenpairMethod.automatic.resolved(order: 10, count: 1) == .fullReduction)
        #expect(EigenpairMethod.automatic.resolved(order: 4000, count: 0) == .fullReduction)
        #expect(EigenpairMethod.fullReduction.resolved(order: 4000, count: 1) == .fullReduction)
        #expect(EigenpairMethod.implicitlyRestartedLanczos.resolved(order: 10, count: 9) == .implicitlyRestartedLanczos)
    }

    /// `.automatic` returns the same pairs as the method it resolves to.
    @Test func automaticEqualsResolvedMethod() throws {
        let a = Self.separatedSpectrum(60, seed: 8)
        let automatic = try a.largestEigenpairs(count: 3, method: .automatic)
        let lanczos = try a.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos)
        #expect(automatic.values == lanczos.values && automatic.vectors == lanczos.vectors)
    }

    /// A NaN or an infinity in the lower triangle is a typed error, not a NaN result.
    @Test func rejectsNonFiniteEntries() throws {
        var a = Self.separatedSpectrum(30, seed: 1)
        a[7, 3] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 7, column: 3)) {
            try a.largestEigenpairs(count: 2, method: .implicitlyRestartedLanczos)
        }
        a[7, 3] = .infinity
        #expect(throws: LinearAlgebraError.nonFiniteEntry(row: 7, column: 3)) {
            try a.largestEigenpairs(count: 2, method: .implicitlyRestartedLanczos)
        }
    }

    @Test func failureDescriptionNamesTheCounts() {
        let text = LinearAlgebraError.lanczosFailed(info: 1, converged: 3, requested: 5).description
        #expect(text.contains("3 of 5") && text.contains("info 1"))
    }
}
