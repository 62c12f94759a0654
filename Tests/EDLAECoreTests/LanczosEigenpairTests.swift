import EDLAECore
import Foundation
import Testing

/// ARPACK's implicitly restarted Lanczos path of `largestEigenpairs(count:method:)` against the
/// `syevr` path, in single and double precision, on matrices small enough for a debug build.
@Suite("Largest eigenpairs by implicitly restarted Lanczos (ARPACK)")
struct LanczosEigenpairTests {
    /// `diag(1, 2, ..., n) + 0.05 S` with `S` symmetric, entries uniform in [-1, 1): the
    /// perturbation is small against the unit gaps of the diagonal (its first-order eigenvalue
    /// shifts are its diagonal entries, at most 0.05), so every `k` has a clear eigengap.
    static func separatedSpectrum<T: MatrixScalar>(_ n: Int, seed: UInt64, as _: T.Type = T.self) -> Matrix<T> {
        var a = Matrix<T>.randomSymmetric(n, seed: seed) * 0.05
        a.addToDiagonal((1...n).map { T($0) })
        return a
    }

    /// A Gram matrix `X^T X` of a 0/1 user-item matrix (`users` x `items`, density about 0.3),
    /// the kind of matrix the solvers decompose.
    static func gramLike<T: MatrixScalar>(users: Int, items: Int, seed: UInt64, as _: T.Type = T.self) -> Matrix<T> {
        var random = SplitMix64(seed: seed)
        let x = Matrix<T>(rows: users, columns: items) { _, _ in random.nextUnitDouble() < 0.3 ? 1 : 0 }
        return x.transposeTimes(x)
    }

    /// Compares Lanczos with `syevr` for the `count` largest eigenpairs of `a`.
    ///
    /// Tolerances, with `ulp` of the precision under test and LAPACK's test threshold
    /// `t = 50 n ulp ||A||` (as in `schkst`/`dchkst`): both methods are backward stable (ARPACK
    /// runs with `tol = 0`, i.e. the unit roundoff: Ritz residual estimates at most `u |theta|`),
    /// so residuals `||A v - lambda v||` stay below `t` and, by Weyl's theorem, the two methods'
    /// eigenvalues within `2 t`. By Davis-Kahan, each computed vector is within angle
    /// `sin theta <= t / gap` of the true one, so the two agree up to sign with
    /// `1 - |cos| <= (2 t / gap)^2` (plus `2 n u` for the rounding of the cosine); they are
    /// compared where that bound is below 1/4. Orthonormality: `|V^T V - I| <= 50 n ulp`.
    func expectAgreement<T: MatrixScalar>(_ a: Matrix<T>, count: Int,
                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lanczos = try a.largestEigenpairs(count: count, method: .implicitlyRestartedLanczos)
        let reference = try a.largestEigenpairs(count: count, method: .fullReduction)
        let all = try a.largestEigenpairs(count: a.rows, method: .fullReduction).values
        let norm = all.map(abs).max()!
        let n = T(a.rows), ulp = T.ulpOfOne
        let threshold = 50 * n * ulp * norm
        #expect(lanczos.values.count == count, sourceLocation: sourceLocation)
        #expect(lanczos.vectors.rows == a.rows && lanczos.vectors.columns == count, sourceLocation: sourceLocation)
        #expect(zip(lanczos.values, lanczos.values.dropFirst()).allSatisfy { $0 >= $1 }, "not largest first",
                sourceLocation: sourceLocation)
        for i in 0..<count {
            #expect(abs(lanczos.values[i] - reference.values[i]) <= 2 * threshold, "\(T.self) eigenvalue \(i)",
                    sourceLocation: sourceLocation)
            let v = lanczos.vectors.column(i)
            let av = a * v
            let residual = zip(av, v).map { $0 - lanczos.values[i] * $1 }.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(residual <= threshold, "\(T.self) residual of pair \(i): \(residual)", sourceLocation: sourceLocation)
            let length = v.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(abs(length - 1) <= 50 * n * ulp, "\(T.self) vector \(i) not unit", sourceLocation: sourceLocation)
            let gapAbove = i == 0 ? T.infinity : all[i - 1] - all[i]
            let gapBelow = i + 1 < all.count ? all[i] - all[i + 1] : T.infinity
            let angle = 2 * threshold / Swift.min(gapAbove, gapBelow)
            let cosineBound = angle * angle + 2 * n * T.unitRoundoff
            if cosineBound < 0.25 {
                let cosine = zip(v, reference.vectors.column(i)).map { $0 * $1 }.reduce(0, +)
                #expect(abs(abs(cosine) - 1) <= cosineBound, "\(T.self) vector \(i): |cos| = \(abs(cosine))",
                        sourceLocation: sourceLocation)
            }
        }
        // Orthonormal Ritz vectors: V^T V = I.
        let gram = lanczos.vectors.transposeTimes(lanczos.vectors)
        #expect(gram.maxAbsoluteDifference(to: .identity(count)) <= 50 * n * ulp, sourceLocation: sourceLocation)
    }

    @Test(arguments: Precision.allCases, [1, 2, 5, 20, 59])
    func separatedSpectrumMatchesFullReduction(precision: Precision, count: Int) throws {
        try checkSeparated(precision.type, count)
    }

    func checkSeparated<T: MatrixScalar>(_: T.Type, _ count: Int) throws {
        try expectAgreement(Self.separatedSpectrum(60, seed: 11, as: T.self), count: count)
    }

    /// Gram-like matrices have one dominant eigenvalue and a tail of close ones: values and
    /// residuals must still match; vectors are compared where the gaps allow.
    @Test(arguments: Precision.allCases, [1, 4, 15, 39])
    func gramLikeMatrixMatchesFullReduction(precision: Precision, count: Int) throws {
        try checkGramLike(precision.type, count)
    }

    func checkGramLike<T: MatrixScalar>(_: T.Type, _ count: Int) throws {
        try expectAgreement(Self.gramLike(users: 120, items: 40, seed: 5, as: T.self), count: count)
    }

    /// An indefinite matrix: "largest" means algebraically largest, as in `syevr`.
    @Test(arguments: Precision.allCases)
    func indefiniteMatrixTakesAlgebraicallyLargest(precision: Precision) throws {
        try checkIndefinite(precision.type)
    }

    func checkIndefinite<T: MatrixScalar>(_: T.Type) throws {
        let a = Matrix<T>.randomSymmetric(50, seed: 3)
        try expectAgreement(a, count: 3)
        let values = try a.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos).values
        let reference = try a.symmetricEigendecomposition().values
        let norm = reference.map(abs).max()!
        #expect(values[0] > 0 && abs(values[0] - reference[0]) <= 2 * 50 * 50 * T.ulpOfOne * norm)
    }

    /// Only the lower triangle is read, as for `syevr`.
    @Test(arguments: Precision.allCases)
    func readsOnlyTheLowerTriangle(precision: Precision) throws {
        try checkLowerOnly(precision.type)
    }

    func checkLowerOnly<T: MatrixScalar>(_: T.Type) throws {
        let a = Self.separatedSpectrum(40, seed: 9, as: T.self)
        var lowerOnly = a
        for j in 0..<40 { for i in 0..<j { lowerOnly[i, j] = .nan } }
        let full = try a.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos)
        let lower = try lowerOnly.largestEigenpairs(count: 3, method: .implicitlyRestartedLanczos)
        #expect(full.values == lower.values)
        #expect(full.vectors == lower.vectors)
    }

    /// The start vector is fixed, so repeated runs give identical bits; concurrent runs (ARPACK's
    /// state is global and serialised) give the same bits too, also when single- and
    /// double-precision runs interleave.
    @Test func isDeterministicAndSafeUnderConcurrency() async throws {
        let a = Self.gramLike(users: 80, items: 30, seed: 2, as: Double.self)
        let b = Self.gramLike(users: 80, items: 30, seed: 2, as: Float.self)
        let first = try a.largestEigenpairs(count: 4, method: .implicitlyRestartedLanczos)
        let firstSingle = try b.largestEigenpairs(count: 4, method: .implicitlyRestartedLanczos)
        let agreements = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<6 {
                group.addTask {
                    if task % 2 == 0 {
                        let again = try a.largestEigenpairs(count: 4, method: .implicitlyRestartedLanczos)
                        return again.values == first.values && again.vectors == first.vectors
                    }
                    let again = try b.largestEigenpairs(count: 4, method: .implicitlyRestartedLanczos)
                    return again.values == firstSingle.values && again.vectors == firstSingle.vectors
                }
            }
            var collected: [Bool] = []
            for try await agreement in group { collected.append(agreement) }
            return collected
        }
        #expect(agreements == [Bool](repeating: true, count: 6))
    }

    /// `k = 0` gives nothing and `k = m` (beyond ARPACK's `k < m`) falls back to `syevr`.
    @Test(arguments: Precision.allCases)
    func edgeCountsUseFullReduction(precision: Precision) throws {
        try checkEdgeCounts(precision.type)
    }

    func checkEdgeCounts<T: MatrixScalar>(_: T.Type) throws {
        let a = Self.separatedSpectrum(10, seed: 4, as: T.self)
        let none = try a.largestEigenpairs(count: 0, method: .implicitlyRestartedLanczos)
        #expect(none.values.isEmpty && none.vectors.columns == 0)
        let all = try a.largestEigenpairs(count: 10, method: .implicitlyRestartedLanczos)
        let reference = try a.largestEigenpairs(count: 10, method: .fullReduction)
        #expect(all.values == reference.values && all.vectors == reference.vectors)
    }

    /// The cost model's rule in the cases it cannot get wrong on any machine: a single eigenpair of
    /// a large matrix (Lanczos: about 70 products against hundreds of products' worth of reduction),
    /// all but one (`syevr`: Lanczos would need more than `9 m` products), and the orders and counts
    /// Lanczos cannot take. Between those the answer depends on the machine's timed constant.
    @Test(arguments: Precision.allCases)
    func automaticFollowsTheCostModel(precision: Precision) {
        let scalar = precision.type
        func automatic(_ m: Int, _ k: Int) -> EigenpairMethod { EigenpairMethod.automatic.resolved(order: m, count: k, scalar: scalar) }
        #expect(automatic(4000, 1) == .implicitlyRestartedLanczos)
        #expect(automatic(4000, 3999) == .fullReduction)
        #expect(automatic(4000, 0) == .fullReduction)
        #expect(automatic(10, 1) == .fullReduction)
        #expect(automatic(199, 1) == .fullReduction)
        #expect(EigenpairMethod.fullReduction.resolved(order: 4000, count: 1, scalar: scalar) == .fullReduction)
        #expect(EigenpairMethod.implicitlyRestartedLanczos.resolved(order: 10, count: 9, scalar: scalar)
            == .implicitlyRestartedLanczos)
        #expect(EigenpairMethod.automatic.resolved(order: 4000, count: 1) == .implicitlyRestartedLanczos)
        let description = EigenpairMethod.costModelDescription(scalar)
        #expect(description.contains("m = 4000: Lanczos below k = "), "\(description)")
    }

    /// `.automatic` returns the same pairs as the method it resolves to.
    @Test(arguments: Precision.allCases)
    func automaticEqualsResolvedMethod(precision: Precision) throws {
        try checkAutomatic(precision.type)
    }

    func checkAutomatic<T: MatrixScalar>(_: T.Type) throws {
        for order in [60, 240] {
            let a = Self.separatedSpectrum(order, seed: 8, as: T.self)
            let automatic = try a.largestEigenpairs(count: 3, method: .automatic)
            let method = EigenpairMethod.automatic.resolved(order: order, count: 3, scalar: T.self)
            let resolved = try a.largestEigenpairs(count: 3, method: method)
            #expect(automatic.values == resolved.values && automatic.vectors == resolved.vectors, "order \(order): \(method)")
        }
    }

    /// A NaN or an infinity in the lower triangle is a typed error, not a NaN result.
    @Test(arguments: Precision.allCases)
    func rejectsNonFiniteEntries(precision: Precision) throws {
        checkNonFinite(precision.type)
    }

    func checkNonFinite<T: MatrixScalar>(_: T.Type) {
        var a = Self.separatedSpectrum(30, seed: 1, as: T.self)
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
