import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// The equivalences between solvers, each in single precision: the two `Float` models agree to a
/// bound written in `u = 2^-24`, the dimension and the condition of the problem (the
/// double-precision tests of the same equivalences sit in each solver's test file).
@Suite("Equivalences between solvers hold in single precision")
struct SinglePrecisionEquivalenceTests {
    static let x = TestInteractions.random(users: 400, items: 40, density: 0.15, seed: 91, everyItemSeen: true)
    static let data = try! TrainingData(x)
    static let u = Double(Float.unitRoundoff)

    /// `kappa(G + Lambda)`, from the double-precision eigenvalues.
    static func condition(_ regularization: Regularization) throws -> Double {
        var regularized = data.gram
        regularized.addToDiagonal(regularization.weights(itemCounts: data.itemCounts))
        let values = try regularized.symmetricEigendecomposition().values
        return values.max()! / values.min()!
    }

    /// `4 m u kappa(G + Lambda) max(1, max |B|)`: the forward error of a `Float` Cholesky inverse
    /// (Higham Thm. 14.5, the constant rounded up) carried into `B`, as in `SinglePrecisionFitTests`.
    static func inverseBound(_ regularization: Regularization, weights b: Matrix<Double>) throws -> Double {
        let scale = Swift.max(1, b.withUnsafeBufferPointer { $0.map(abs).max()! })
        return 4 * Double(data.itemCount) * u * (try condition(regularization)) * scale
    }

    static func single(_ kind: SolverKind, _ regularization: Regularization, rank: Int? = nil,
                       emphasis: Emphasis? = nil, epochs: Int? = nil) throws -> LinearAutoencoder {
        let model = try SolverConfiguration(kind: kind, dropout: regularization.dropout, l2: regularization.l2, rank: rank,
                                            epochs: epochs, emphasis: emphasis, precision: .single).makeSolver().fit(data)
        #expect(model.precision == .single, "\(kind)")
        return model
    }

    @Test("k = m low-rank DLAE equals DLAE (Eq. 5) in single precision")
    func lowRankAtFullRankEqualsDLAE() throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let dlae = try Self.single(.dlae, regularization).denseWeights()
        let lowRank = try Self.single(.lowRankDLAE, regularization, rank: Self.x.itemCount).denseWeights()
        // U V^T = B_full V V^T: the inverse's error, plus V V^T - I of order m u (orthonormal
        // eigenvectors of syevr), which the same bound covers.
        let bound = try Self.inverseBound(regularization, weights: dlae)
        let difference = lowRank.maxAbsoluteDifference(to: dlae)
        #expect(difference <= bound, "\(difference) > \(bound)")
    }

    @Test("a = b gives DLAE (Eq. 5) in single precision", arguments: [0.1, 0.5, 0.9])
    func equalWeightsGiveDLAE(dropout: Double) throws {
        let regularization = try Regularization(dropout: dropout, l2: 0.5)
        let dlae = try Self.single(.dlae, regularization).denseWeights()
        let emphasized = try Self.single(.emphasizedEDLAE, regularization, emphasis: Emphasis(dropped: 3, kept: 3)).denseWeights()
        // Both scale the columns of a Float (G + Lambda)^-1; the two inverses may differ by the
        // rounding of G + Lambda (built from X, or from the shared G), hence the inverse's bound.
        let bound = try Self.inverseBound(regularization, weights: dlae)
        let difference = emphasized.maxAbsoluteDifference(to: dlae)
        #expect(difference <= bound, "\(difference) > \(bound)")
    }

    @Test("Weight decay at lambda = 0 equals low-rank DLAE at p = lambda = 0 in single precision")
    func withoutDecayEqualsUnregularizedLowRank() throws {
        let rank = 3
        let none = try Regularization(dropout: 0, l2: 0)
        let decay = try Self.single(.weightDecay, none, rank: rank).denseWeights()
        let lowRank = try Self.single(.lowRankDLAE, none, rank: rank).denseWeights()
        // Both are the projector onto G's top-k eigenvectors, computed by syevr in Float: each is
        // within ||E|| / gap of the exact one (Davis-Kahan), with ||E|| <= m u ||G||_2 the backward
        // error of the eigensolver (for lowRank on S = G P G, formed from the Float inverse, up to
        // kappa(G) u ||G|| more), so they differ by at most twice that.
        let values = try Self.data.gram.symmetricEigendecomposition().values.sorted(by: >)
        let gap = values[rank - 1] - values[rank]
        let m = Double(Self.x.itemCount)
        let bound = 2 * (m + values[0] / values.last!) * Self.u * values[0] / gap
        let difference = decay.maxAbsoluteDifference(to: lowRank)
        #expect(difference <= bound, "\(difference) > \(bound)")
    }

    @Test("k = m near-orthogonal ALS equals EDLAE (Eq. 8) in single precision")
    func fullRankALSEqualsEDLAE() throws {
        let regularization = try Regularization(dropout: 0.4, l2: 2)
        let edlae = try Self.single(.edlae, regularization).denseWeights()
        let model = try Self.single(.nearOrthogonalALS, regularization, rank: Self.x.itemCount, epochs: 3)
        let als = model.denseWeights()
        // Each step divides by V^T V (or U^T K U) through the normal equations: on top of the
        // inverse's error, the product U V^T carries about m u kappa(V) (kappa(V)^2 = kappa(V^T V),
        // about 4e4 here from the random start), which enters the bound beside kappa(G + Lambda).
        let values = try model.decoder!.transposeTimesSelf().symmetricEigendecomposition().values
        let conditionOfV = (values.max()! / values.min()!).squareRoot()
        let scale = Swift.max(1, edlae.withUnsafeBufferPointer { $0.map(abs).max()! })
        let bound = 4 * Double(Self.x.itemCount) * Self.u * (try Self.condition(regularization) + conditionOfV) * scale
        let difference = als.maxAbsoluteDifference(to: edlae)
        #expect(difference <= bound, "\(difference) > \(bound)")
    }

    @Test("k = m exact low-rank EDLAE equals EDLAE (Eq. 8) off the diagonal in single precision")
    func fullRankExactEqualsEDLAE() throws {
        let regularization = try Regularization(dropout: 0.4, l2: 2)
        let edlae = try Self.single(.edlae, regularization).denseWeights()
        var exact = try Self.single(.exactLowRankEDLAE, regularization, rank: Self.x.itemCount, epochs: 3).denseWeights()
        exact.diagonal = [Double](repeating: 0, count: Self.x.itemCount)
        let bound = try Self.inverseBound(regularization, weights: edlae)
        let difference = exact.maxAbsoluteDifference(to: edlae)
        #expect(difference <= bound, "\(difference) > \(bound)")
    }

    /// At k = m the single-precision student reproduces the single-precision teacher: `U V^T = B Q Q^T`
    /// with `Q` orthogonal to about `m u` (`ssyevr`), so on top of the two inverses' errors the
    /// product carries `m u max |B|`.
    @Test("k = m teacher-student equals EDLAE (Eq. 8) in single precision")
    func fullRankTeacherStudentEqualsEDLAE() throws {
        let regularization = try Regularization(dropout: 0.4, l2: 2)
        let edlae = try Self.single(.edlae, regularization).denseWeights()
        let student = try Self.single(.teacherStudent, regularization, rank: Self.x.itemCount).denseWeights()
        let double = try EDLAE(regularization: regularization).fit(Self.data).denseWeights()
        let scale = Swift.max(1, double.withUnsafeBufferPointer { $0.map(abs).max()! })
        let bound = 2 * (try Self.inverseBound(regularization, weights: double)) + 4 * Double(Self.x.itemCount) * Self.u * scale
        let difference = student.maxAbsoluteDifference(to: edlae)
        #expect(difference <= bound, "\(difference) > \(bound)")
    }
}
