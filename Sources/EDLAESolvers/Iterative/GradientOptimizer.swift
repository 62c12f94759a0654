import EDLAECore
import Foundation

/// The first-order optimiser of sampled training (``SampledDenoisingTrainer``).
public enum GradientOptimizer: Sendable, Equatable, Hashable {
    /// Adam (Kingma and Ba 2015): per-parameter steps `eta * mHat / (sqrt(vHat) + epsilon)` from
    /// bias-corrected moving averages `m` (decay `beta1`) and `v` (decay `beta2`) of the gradient and
    /// its square.
    case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
    /// Stochastic gradient descent with heavy-ball momentum `mu` (`0` is plain SGD):
    /// `velocity <- mu * velocity + gradient`, `theta <- theta - eta * velocity`.
    case sgd(momentum: Double = 0)

    /// Adam with its customary constants.
    public static var adam: GradientOptimizer { .adam() }

    /// Plain SGD without momentum.
    public static var sgd: GradientOptimizer { .sgd() }

    /// Throws ``SolverError/invalidHyperparameter(name:value:validRange:)`` for decays outside
    /// `[0, 1)` or a non-positive `epsilon`.
    public func validate() throws(SolverError) {
        switch self {
        case .adam(let beta1, let beta2, let epsilon):
            guard beta1 >= 0, beta1 < 1 else {
                throw .invalidHyperparameter(name: "adam beta1", value: "\(beta1)", validRange: "[0, 1)")
            }
            guard beta2 >= 0, beta2 < 1 else {
                throw .invalidHyperparameter(name: "adam beta2", value: "\(beta2)", validRange: "[0, 1)")
            }
            guard epsilon > 0, epsilon.isFinite else {
                throw .invalidHyperparameter(name: "adam epsilon", value: "\(epsilon)", validRange: "(0, inf)")
            }
        case .sgd(let momentum):
            guard momentum >= 0, momentum < 1 else {
                throw .invalidHyperparameter(name: "momentum", value: "\(momentum)", validRange: "[0, 1)")
            }
        }
    }
}

/// The optimiser's memory for one parameter matrix (Adam's two moments, or SGD's velocity), in
/// the precision of the parameter.
struct GradientOptimizerState<Scalar: MatrixScalar> {
    let optimizer: GradientOptimizer
    private var first: Matrix<Scalar>
    private var second: Matrix<Scalar>
    private var steps = 0

    /// Zero moments for a `rows` x `columns` parameter.
    init(_ optimizer: GradientOptimizer, rows: Int, columns: Int) {
        self.optimizer = optimizer
        first = Matrix(rows: rows, columns: columns)
        if case .adam = optimizer { second = Matrix(rows: rows, columns: columns) }
        else { second = Matrix(rows: 0, columns: 0) }
    }

    /// One step `parameter <- parameter - learningRate * direction(gradient)`, in place.
    /// - Precondition: `parameter` and `gradient` have the shape the state was made for.
    /// - Complexity: O(rows columns), elementwise.
    /// The constants are rounded to `Scalar` once per step; the bias corrections are computed in `Double`.
    mutating func step(_ parameter: inout Matrix<Scalar>, gradient: Matrix<Scalar>, learningRate: Double) {
        precondition(parameter.rows == first.rows && parameter.columns == first.columns
                     && gradient.rows == first.rows && gradient.columns == first.columns,
                     "Optimiser state \(first.rows)x\(first.columns) got parameter \(parameter.rows)x\(parameter.columns) and gradient \(gradient.rows)x\(gradient.columns)")
        steps += 1
        switch optimizer {
        case .adam(let beta1Double, let beta2Double, let epsilonDouble):
            let correction2 = Scalar(1 - pow(beta2Double, Double(steps)))
            let stepSize = Scalar(learningRate / (1 - pow(beta1Double, Double(steps))))
            let beta1 = Scalar(beta1Double), beta2 = Scalar(beta2Double), epsilon = Scalar(epsilonDouble)
            let count = parameter.count
            gradient.withUnsafeBufferPointer { g in
                first.withUnsafeMutableBufferPointer { m in
                    second.withUnsafeMutableBufferPointer { v in
                        parameter.withUnsafeMutableBufferPointer { theta in
                            for index in 0..<count {
                                let gi = g[index]
                                m[index] = beta1 * m[index] + (1 - beta1) * gi
                                v[index] = beta2 * v[index] + (1 - beta2) * gi * gi
                                theta[index] -= stepSize * m[index] / ((v[index] / correction2).squareRoot() + epsilon)
                            }
                        }
                    }
                }
            }
        case .sgd(let momentumDouble):
            let momentum = Scalar(momentumDouble), learningRate = Scalar(learningRate)
            if momentum == 0 {
                parameter.withUnsafeMutableBufferPointer { theta in
                    gradient.withUnsafeBufferPointer { g in
                        for index in 0..<theta.count { theta[index] -= learningRate * g[index] }
                    }
                }
            } else {
                first.updateElements(with: gradient) { momentum * $0 + $1 }
                let velocity = first
                parameter.updateElements(with: velocity) { $0 - learningRate * $1 }
            }
        }
    }
}
