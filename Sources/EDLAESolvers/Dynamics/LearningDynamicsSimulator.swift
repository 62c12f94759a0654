import EDLAECore
import Foundation

/// Gradient descent on a two-layer linear autoencoder `x -> W2 W1 x~` (D inputs, D hidden units)
/// over data with a prescribed covariance, to compare with the analytic curves of
/// ``LearningDynamics`` (Pretorius, Kroon and Kamper 2018).
///
/// The data `X` (N x D) are `Q Lambda^(1/2) V^T` with `Q` a seeded random N x D matrix with
/// orthonormal columns, so `Sigma_xx = X^T X = V Lambda V^T` exactly. `V` is a normalised Hadamard
/// matrix when `D` is a power of two (all entries `+-1/sqrt(D)`, so `diag(Sigma_xx)` is constant and
/// dropout noise is isotropic), otherwise a seeded random orthogonal matrix.
///
/// One epoch is one full-batch step `W <- W - alpha dL/dW` on the paper's loss
/// `L = 1/(2N) sum_i ||x_i - W2 W1 x~_i||^2 (+ gamma/2 (||W1||^2 + ||W2||^2))`:
/// - ``Gradient/expected``: the gradient of the loss in expectation over the noise (the paper's
///   Eq. 1: `1/(2N) ||X - X W^T||^2 + 1/2 tr(W S W^T)` with the noise covariance `S`), which the
///   theory describes exactly in the small-step limit;
/// - ``Gradient/sampled``: fresh noise every epoch (`x~ = x + s z` with Gaussian `z`, or inverted
///   dropout `x~ = delta . x / q`).
///
/// Dropout with probability `p` has noise covariance `(p/q) dMat(x^2)` per sample; summed over the
/// data it is `(p/q) dMat(diag(Sigma_xx)) = (p/q) tr(Lambda)/D I` in the Hadamard basis, so its
/// `epsilon = N s^2 = (p/q) tr(Lambda) / D` (the `Lambda = p/q dMat(diag(X^T X))` of Steck 2020, Eq. 4).
/// All products are BLAS products of D x D (expected) or N x D (sampled) matrices.
public struct LearningDynamicsSimulator: Sendable {
    /// The regulariser of the run.
    public enum Regularizer: Sendable, Equatable, Hashable {
        /// A plain autoencoder.
        case none
        /// Additive Gaussian input noise with per-entry variance `s^2` (`epsilon = N s^2`).
        case gaussianNoise(variance: Double)
        /// Inverted dropout of each input entry with probability `p` (`epsilon = (p/q) tr(Lambda)/D`).
        case dropoutNoise(probability: Double)
        /// Weight decay `gamma/2 (||W1||^2 + ||W2||^2)` on the per-sample loss (the paper's Eq. 6;
        /// `penalty = N gamma`).
        case weightDecay(gamma: Double)
    }

    /// How the first-layer and second-layer weights start.
    public enum Initialization: Sendable, Equatable, Hashable {
        /// `W1 = R s V^T`, `W2 = V s R^T` (a random orthogonal `R`): every direction starts at
        /// `w1 = w2 = s`, decoupled and balanced (`c0 = 0`).
        case balanced(scale: Double)
        /// `W1 = R D1 V^T`, `W2 = V D2 R^T` with the diagonal entries drawn uniformly from
        /// `[0.2 s, 2 s]`: decoupled but unbalanced (`c0 > 0`), exercising Eq. 5 in full.
        case decoupled(scale: Double)
        /// Independent Gaussian entries of standard deviation `s / sqrt(D)` (the usual small random
        /// initialisation). The directions are coupled at first; the analytic curve of direction `j`
        /// starts from `w1 = ||W1 v_j||`, `w2 = ||W2^T v_j||` as if they were aligned (an approximation).
        case random(scale: Double)
    }

    /// Which gradient each step uses.
    public enum Gradient: Sendable, Equatable, Hashable {
        /// The gradient of the loss in expectation over the noise (deterministic).
        case expected
        /// The gradient of the loss with noise drawn afresh each epoch.
        case sampled
    }

    /// The eigenvalues `lambda_j` of `Sigma_xx = sum_i x_i x_i^T`, one per direction.
    public let eigenvalues: [Double]
    /// The number of samples `N`.
    public let sampleCount: Int
    /// The learning rate `alpha`.
    public let learningRate: Double
    /// The number of full-batch epochs.
    public let epochs: Int
    /// Noise, weight decay, or neither.
    public let regularizer: Regularizer
    /// The initial weights.
    public let initialization: Initialization
    /// Expected or sampled gradients.
    public let gradient: Gradient
    /// Record the mappings every this many epochs (and at 0 and the last epoch).
    public let recordEvery: Int
    /// The seed of the data, the initial weights, and the noise.
    public let seed: UInt64

    /// Validates the settings.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` for an empty or
    ///   non-positive spectrum, `N < D`, a non-positive learning rate, negative noise or decay, a
    ///   dropout probability outside `[0, 1)`, dropout noise with `D` not a power of two, or a
    ///   non-positive initial scale.
    public init(eigenvalues: [Double], sampleCount: Int, learningRate: Double, epochs: Int,
                regularizer: Regularizer = .none, initialization: Initialization = .balanced(scale: 0.01),
                gradient: Gradient = .expected, recordEvery: Int = 10, seed: UInt64 = 0) throws(SolverError) {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ range: String) throws(SolverError) {
            if !ok { throw .invalidHyperparameter(name: name, value: "\(value)", validRange: range) }
        }
        let d = eigenvalues.count
        try check(d >= 1 && eigenvalues.allSatisfy { $0 > 0 && $0.isFinite }, "eigenvalues", eigenvalues, "one or more in (0, inf)")
        try check(sampleCount >= d, "sample count N", sampleCount, "\(d) or more")
        try check(learningRate > 0 && learningRate.isFinite, "learning rate", learningRate, "(0, inf)")
        try check(epochs >= 1, "epochs", epochs, "1 or more")
        try check(recordEvery >= 1, "record interval", recordEvery, "1 or more")
        switch regularizer {
        case .none: break
        case .gaussianNoise(let variance): try check(variance >= 0 && variance.isFinite, "noise variance", variance, "[0, inf)")
        case .dropoutNoise(let p):
            try check(p >= 0 && p < 1, "dropout p", p, "[0, 1)")
            try check(d & (d - 1) == 0, "dimension D for dropout noise", d, "a power of two (isotropic dropout noise)")
        case .weightDecay(let gamma): try check(gamma >= 0 && gamma.isFinite, "weight decay gamma", gamma, "[0, inf)")
        }
        switch initialization {
        case .balanced(let s), .decoupled(let s), .random(let s):
            try check(s > 0 && s.isFinite, "initial scale", s, "(0, inf)")
        }
        self.eigenvalues = eigenvalues
        self.sampleCount = sampleCount
        self.learningRate = learningRate
        self.epochs = epochs
        self.regularizer = regularizer
        self.initialization = initialization
        self.gradient = gradient
        self.recordEvery = recordEvery
        self.seed = seed
    }

    /// `tau = N / alpha`.
    public var tau: Double { Double(sampleCount) / learningRate }

    /// The paper's `epsilon = N s^2` of the noise (0 without noise).
    public var noise: Double {
        switch regularizer {
        case .gaussianNoise(let variance): return Double(sampleCount) * variance
        case .dropoutNoise(let p): return p / (1 - p) * eigenvalues.reduce(0, +) / Double(eigenvalues.count)
        case .none, .weightDecay: return 0
        }
    }

    /// The scalar-loss weight decay `N gamma` (0 without weight decay).
    public var penalty: Double {
        if case .weightDecay(let gamma) = regularizer { return Double(sampleCount) * gamma }
        return 0
    }

    /// Runs gradient descent and returns the simulated and analytic mapping of every direction at
    /// the recorded epochs.
    /// - Throws: ``SolverError/diverged(iteration:reason:)`` when the weights become non-finite
    ///   (lower the learning rate), ``SolverError/linearAlgebra(_:)``, `CancellationError`.
    /// - Complexity: O(epochs D^3) expected, O(epochs N D^2) sampled.
    public func run() throws -> LearningDynamicsTrajectory {
        let d = eigenvalues.count, n = sampleCount
        // About a dozen D x D buffers live at once, plus three N x D ones for sampled gradients.
        do {
            try MemoryBudget.current.check(
                bytes: MemoryBudget.sum([MemoryBudget.bytes(forSquareMatrices: 12, order: d),
                                         gradient == .sampled ? MemoryBudget.bytes(forMatrices: 3, rows: n, columns: d) : 0]),
                purpose: "simulating \(d) directions\(gradient == .sampled ? " with \(n) samples" : "")")
        } catch { throw SolverError.linearAlgebra(error) }
        var random = SplitMix64(seed: seed)
        let basis = try Self.orthogonalBasis(d, random: &random)
        let mixing = try Self.randomOrthogonal(d, random: &random)
        // Sigma_xx = V Lambda V^T.
        var scaledBasis = basis
        scaledBasis.scaleColumns(by: eigenvalues)
        let covariance = scaledBasis.timesTranspose(basis)

        // Initial weights and the per-direction starting values for the analytic curves.
        var first: Matrix<Double>, second: Matrix<Double>
        var start: [(w1: Double, w2: Double)]
        switch initialization {
        case .balanced(let s):
            start = Array(repeating: (s, s), count: d)
        case .decoupled(let s):
            start = (0..<d).map { _ in (s * (0.2 + 1.8 * random.nextUnitDouble()), s * (0.2 + 1.8 * random.nextUnitDouble())) }
        case .random:
            start = []
        }
        if case .random(let s) = initialization {
            let deviation = s / Double(d).squareRoot()
            first = Matrix(rows: d, columns: d) { _, _ in deviation * random.nextGaussian() }
            second = Matrix(rows: d, columns: d) { _, _ in deviation * random.nextGaussian() }
            // The analytic curve is an approximation here: direction j starts from the strengths
            // ||W1 v_j|| and ||W2^T v_j|| of its input and output weights, as if they were aligned.
            let inputs = first * basis, outputs = second.transposeTimes(basis)
            start = (0..<d).map { j in
                (inputs.column(j).reduce(0) { $0 + $1 * $1 }.squareRoot(),
                 outputs.column(j).reduce(0) { $0 + $1 * $1 }.squareRoot())
            }
        } else {
            var d1 = mixing, d2 = basis
            d1.scaleColumns(by: start.map(\.w1))
            first = d1.timesTranspose(basis)           // R D1 V^T
            d2.scaleColumns(by: start.map(\.w2))
            second = d2.timesTranspose(mixing)         // V D2 R^T
        }

        // Data for sampled gradients.
        var data = Matrix<Double>(rows: 0, columns: 0)
        if gradient == .sampled { data = try Self.data(eigenvalues: eigenvalues, basis: basis, samples: n, random: &random) }

        var trajectory = LearningDynamicsTrajectory(regularizer: regularizer, noise: noise, penalty: penalty,
                                                    tau: tau, eigenvalues: eigenvalues)
        let noiseVariance = noise / Double(n)  // isotropic s^2 of the expected loss
        func record(_ epoch: Int) {
            let mapping = basis.transposeTimes(second * first) * basis
            let t = Double(epoch)
            for j in 0..<d {
                let analytic: Double
                if penalty > 0 {
                    analytic = LearningDynamics.weightDecayMapping(time: t, eigenvalue: eigenvalues[j], penalty: penalty,
                                                                   tau: tau, initial: start[j].w1 * start[j].w2)
                } else {
                    analytic = LearningDynamics.denoisingMapping(time: t, eigenvalue: eigenvalues[j], noise: noise, tau: tau,
                                                                 initialFirst: start[j].w1, initialSecond: start[j].w2)
                }
                trajectory.points.append(LearningDynamicsPoint(time: t, direction: j, eigenvalue: eigenvalues[j],
                                                               analytic: analytic, simulated: mapping[j, j]))
            }
        }
        record(0)
        let decay: Double
        if case .weightDecay(let gamma) = regularizer { decay = gamma } else { decay = 0 }
        for epoch in 1...epochs {
            if Task.isCancelled { throw CancellationError() }
            // dL/dW for W = W2 W1.
            var lossGradient: Matrix<Double>
            let product = second * first
            switch gradient {
            case .expected:
                // -(1/N)(Sigma - W Sigma) + s^2 W  (noise covariance s^2 I).
                lossGradient = covariance * (-1 / Double(n))
                lossGradient.addProduct(product, covariance, scaledBy: 1 / Double(n), scalingSelfBy: 1)
                if noiseVariance > 0 { lossGradient.updateElements(with: product) { $0 + noiseVariance * $1 } }
            case .sampled:
                let noisy = corrupted(data, random: &random)
                // R = X - X~ W^T;  dL/dW = -(1/N) R^T X~.
                var residual = data
                residual.addProduct(noisy, product, transposingSecond: true, scaledBy: -1, scalingSelfBy: 1)
                lossGradient = Matrix(rows: d, columns: d)
                lossGradient.addProduct(residual, noisy, transposingFirst: true, scaledBy: -1 / Double(n), scalingSelfBy: 0)
            }
            var gradientFirst = second.transposeTimes(lossGradient)       // W2^T dL/dW
            var gradientSecond = lossGradient.timesTranspose(first)       // dL/dW W1^T
            if decay > 0 {
                gradientFirst.updateElements(with: first) { $0 + decay * $1 }
                gradientSecond.updateElements(with: second) { $0 + decay * $1 }
            }
            first.updateElements(with: gradientFirst) { $0 - learningRate * $1 }
            second.updateElements(with: gradientSecond) { $0 - learningRate * $1 }
            guard first.frobeniusNorm.isFinite, second.frobeniusNorm.isFinite else {
                throw SolverError.diverged(iteration: epoch, reason: "the weights are not finite; lower the learning rate")
            }
            if epoch % recordEvery == 0 || epoch == epochs { record(epoch) }
        }
        return trajectory
    }

    /// The inputs with fresh noise: `X + s Z` or `delta . X / q`.
    private func corrupted(_ data: Matrix<Double>, random: inout SplitMix64) -> Matrix<Double> {
        var noisy = data
        switch regularizer {
        case .gaussianNoise(let variance):
            let s = variance.squareRoot()
            noisy.updateElements { $0 + s * random.nextGaussian() }
        case .dropoutNoise(let p):
            let scale = 1 / (1 - p)
            noisy.updateElements { random.nextUnitDouble() < p ? 0 : $0 * scale }
        case .none, .weightDecay:
            break
        }
        return noisy
    }

    /// `X = Q Lambda^(1/2) V^T` with `Q^T Q = I`: `Q = G (G^T G)^(-1/2)` for Gaussian `G`.
    private static func data(eigenvalues: [Double], basis: Matrix<Double>, samples n: Int,
                             random: inout SplitMix64) throws -> Matrix<Double> {
        let d = eigenvalues.count
        let gaussian = Matrix<Double>(rows: n, columns: d) { _, _ in random.nextGaussian() }
        let whitening = try inverseSquareRoot(gaussian.transposeTimesSelf())
        var orthonormal = gaussian * whitening
        orthonormal.scaleColumns(by: eigenvalues.map { $0.squareRoot() })
        return orthonormal.timesTranspose(basis)
    }

    /// `A^(-1/2)` of a symmetric positive definite `A` by its eigendecomposition.
    private static func inverseSquareRoot(_ a: Matrix<Double>) throws -> Matrix<Double> {
        let decomposition: SymmetricEigendecomposition
        do { decomposition = try a.symmetricEigendecomposition() } catch { throw SolverError.linearAlgebra(error) }
        var scaled = decomposition.vectors
        scaled.scaleColumns(by: decomposition.values.map { 1 / $0.squareRoot() })
        return scaled.timesTranspose(decomposition.vectors)
    }

    /// The normalised Hadamard matrix (Sylvester) for a power-of-two `d`, else a random orthogonal one.
    static func orthogonalBasis(_ d: Int, random: inout SplitMix64) throws -> Matrix<Double> {
        guard d & (d - 1) == 0 else { return try randomOrthogonal(d, random: &random) }
        let scale = 1 / Double(d).squareRoot()
        return Matrix(rows: d, columns: d) { i, j in (i & j).nonzeroBitCount % 2 == 0 ? scale : -scale }
    }

    /// A seeded random orthogonal matrix: the eigenvectors of a symmetric Gaussian matrix.
    static func randomOrthogonal(_ d: Int, random: inout SplitMix64) throws -> Matrix<Double> {
        var symmetric = Matrix<Double>(rows: d, columns: d) { _, _ in random.nextGaussian() }
        symmetric = symmetric + symmetric.transposed
        do { return try symmetric.symmetricEigendecomposition().vectors } catch { throw SolverError.linearAlgebra(error) }
    }
}
