import Dispatch
import Foundation

/// The cost model behind ``EigenpairMethod/automatic``: both methods' costs in units of one
/// matrix-vector product `A x` of the order at hand, with the machine's constant timed once per
/// process and precision.
///
/// - `syevr` (``EigenpairMethod/fullReduction``) is dominated by its Householder tridiagonal
///   reduction, `4 m^3 / 3` flops of which half are `symv`-like passes over the trailing matrix:
///   its cost in products grows like `rho m`. `rho` depends on the BLAS kernel and the CPU (how much
///   faster its blocked half runs than `symv`), so it is timed on this machine: one `syevr` and
///   `32` products at order `768`, once per process and precision (about 0.05 to 0.2 s).
/// - Lanczos (``EigenpairMethod/implicitlyRestartedLanczos``) costs its products, `P(k)`, plus the
///   reorthogonalisation of ARPACK's `ncv = 2k + 1` vectors, which reads about `2 ncv^2 / m`
///   products' worth of memory per restart of `k + 1` products: `P(k) (1 + 8 k / m)`. The products
///   depend on the spectrum, not the machine: `P(k) = 4.5 ncv + 60` fits the counts measured on the
///   teacher-student matrices of the benchmark workload (`edlae-bench-cli eigen-crossover`,
///   Docs/Performance.md "Algorithm 1: the eigensolver crossover").
///
/// Lanczos is chosen when its predicted cost is below `syevr`'s. Near the crossover both take about
/// the same time, and the timing may tip the choice either way between processes: the two methods'
/// results agree to rounding and up to the signs of the eigenvectors, never bit for bit; pin the
/// method for bitwise-reproducible runs.
struct EigenpairCostModel: Sendable {
    /// `syevr`'s cost at order `m`, in products at order `m`, divided by `m`.
    let reductionPerOrder: Double

    /// The order of the calibration problem.
    static let calibrationOrder = 768

    /// Products Lanczos is predicted to take for `count` eigenpairs (`ncv = 2 count + 1`).
    static func lanczosProducts(count k: Int) -> Double { 4.5 * Double(2 * k + 1) + 60 }

    /// Whether Lanczos is predicted to be faster for `count` eigenpairs at order `m`.
    func prefersLanczos(order m: Int, count k: Int) -> Bool {
        let lanczos = Self.lanczosProducts(count: k) * (1 + 8 * Double(k) / Double(m))
        return lanczos < reductionPerOrder * Double(m)
    }

    /// The model of this process for `Scalar`, timed on first use.
    static func current<Scalar: MatrixScalar>(_: Scalar.Type) -> EigenpairCostModel {
        Scalar.self == Float.self ? single : double
    }

    private static let single = calibrated(Float.self)
    private static let double = calibrated(Double.self)

    /// Times one `syevr` (largest eigenpair) and 32 products on a seeded random symmetric matrix of
    /// order ``calibrationOrder``; each is the faster of two runs, so a passing hiccup does not
    /// decide.
    static func calibrated<Scalar: MatrixScalar>(_: Scalar.Type) -> EigenpairCostModel {
        let n = calibrationOrder
        var generator = SplitMix64(seed: 0x6569_6765_6e)
        var a = Matrix<Scalar>(rows: n, columns: n) { _, _ in Scalar(2 * generator.nextUnitDouble() - 1) }
        a.symmetrizeFromLowerTriangle()
        let x = [Scalar](repeating: 1, count: n)
        var y = [Scalar](repeating: 0, count: n)
        func seconds(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        let order = Int32(n)
        let product = (0..<2).map { _ in
            seconds {
                a.withUnsafeBufferPointer { pa in
                    y.withUnsafeMutableBufferPointer { py in
                        for _ in 0..<32 {
                            Scalar.symv(n: order, alpha: 1, a: pa.baseAddress!, lda: order, x: x, beta: 0, y: py.baseAddress!)
                        }
                    }
                }
            } / 32
        }.min()!
        let reduction = (0..<2).map { _ in
            seconds { _ = try? a.largestEigenpairs(count: 1) }
        }.min()!
        return EigenpairCostModel(reductionPerOrder: reduction / Swift.max(product, 1e-9) / Double(n))
    }
}

extension EigenpairMethod {
    /// The concrete method ``automatic`` stands for at order `m` and count `k` for a matrix of
    /// `scalar`s; the other cases return themselves.
    ///
    /// Lanczos needs `0 < k < m`; within that, the cost model of this process decides (timed once per
    /// process and precision on a small problem: see Docs/Performance.md "Algorithm 1: the
    /// eigensolver crossover"). Orders below 200 always use `syevr`, which is then a few
    /// milliseconds.
    /// - Complexity: O(1) after the first call for a precision; the first times a problem of order 768.
    public func resolved<Scalar: MatrixScalar>(order m: Int, count k: Int, scalar: Scalar.Type) -> EigenpairMethod {
        switch self {
        case .automatic:
            guard k > 0, k < m, m >= 200 else { return .fullReduction }
            return EigenpairCostModel.current(Scalar.self).prefersLanczos(order: m, count: k)
                ? .implicitlyRestartedLanczos : .fullReduction
        case .fullReduction, .implicitlyRestartedLanczos:
            return self
        }
    }

    /// The cost model's timed constant for `scalar` (`syevr`'s cost in products per unit of order)
    /// and the crossover rank it implies at a few orders, for benchmark reports.
    /// - Complexity: as ``resolved(order:count:scalar:)``, plus O(m) per order listed.
    public static func costModelDescription<Scalar: MatrixScalar>(_ scalar: Scalar.Type) -> String {
        let model = EigenpairCostModel.current(Scalar.self)
        let crossovers = [1000, 2000, 4000, 8000, 20000, 41140].map { m in
            let k = (1..<m).first { !model.prefersLanczos(order: m, count: $0) } ?? m
            return "m = \(m): Lanczos below k = \(k)"
        }
        return String(format: "syevr = %.3f m products; ", model.reductionPerOrder) + crossovers.joined(separator: ", ")
    }
}
