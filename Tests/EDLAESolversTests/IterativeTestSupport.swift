import EDLAECore
import EDLAESolvers
import Foundation

// Shared fixtures of the iterative low-rank solver tests: seeded synthetic data and dense reference formulas of Eq. 10 used to check the matrix-free ones.

/// A random binary users x items interaction matrix where item `i` is taken with a probability that
/// decays with `i` (so items differ in popularity) and every item has at least one user.
func iterativeSyntheticInteractions(users: Int, items: Int, seed: UInt64) -> InteractionMatrix {
    var random = SplitMix64(seed: seed)
    var triplets: [(user: Int, item: Int, value: Double)] = []
    for user in 0..<users {
        for item in 0..<items where random.nextUnitDouble() < 0.5 / (1 + 0.2 * Double(item)) {
            triplets.append((user, item, 1))
        }
    }
    for item in 0..<items { triplets.append((item % users, item, 1)) }
    return InteractionMatrix(users: users, items: items, triplets: triplets)
}

/// Training data of a small synthetic problem.
func iterativeSyntheticData(users: Int = 60, items: Int = 12, seed: UInt64 = 7) throws -> TrainingData {
    try TrainingData(iterativeSyntheticInteractions(users: users, items: items, seed: seed))
}

/// Full-rank EDLAE (Eq. 8) for arbitrary L2 weights: `I - C dMat(1 / diag C)`, `C = (G + dMat(weights))^-1`.
func iterativeFullRankEDLAE(gram: Matrix<Double>, weights: [Double]) throws -> Matrix<Double> {
    var c = try ClosedFormFixtures.regularizedGram(gram, lambda: weights).positiveDefiniteInverse()
    c.scaleColumns(by: c.diagonal.map { -1 / $0 })
    c.diagonal = [Double](repeating: 0, count: c.rows)
    return c
}

/// `sqrt(sum of squares)` of a vector.
func iterativeNorm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// The Regularization of the Groceries experiments of the issue: p = 0.5, lambda = 10.
let iterativeGroceriesRegularization = try! Regularization(dropout: 0.5, l2: 10)

/// Collects the values handed to a `@Sendable` callback (an iteration observer, a per-epoch hook),
/// thread-safely.
final class Recorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Element] = []
    /// The values recorded so far, in order.
    var values: [Element] { lock.lock(); defer { lock.unlock() }; return storage }
    func record(_ value: Element) { lock.lock(); storage.append(value); lock.unlock() }
}

/// A reference minimiser of Eq. 11 with one multiplier vector shared by both blocks (so its fixed
/// points are KKT points): the augmented Lagrangian
/// `||X - X U V^T||^2 + ||Lambda^(1/2) U V^T||^2 + 2 eta^T diag(U V^T) + rho ||diag(U V^T)||^2`
/// minimised alternately over U and V (each a linear system, solved by preconditioned conjugate
/// gradients), then `eta += rho diag(U V^T)`. Test-only and unoptimised.
func iterativeAugmentedLagrangianEq11(gram: Matrix<Double>, lambda: [Double], encoder: Matrix<Double>,
                                      decoder: Matrix<Double>, rho: Double, sweeps: Int) throws
    -> (encoder: Matrix<Double>, decoder: Matrix<Double>, multipliers: [Double]) {
    let k = ClosedFormFixtures.regularizedGram(gram, lambda: lambda)
    let kInverse = try k.positiveDefiniteInverse()
    var u = encoder, v = decoder
    var eta = [Double](repeating: 0, count: gram.rows)
    func scaled(_ m: Matrix<Double>, _ f: [Double]) -> Matrix<Double> { var r = m; r.scaleRows(by: f); return r }
    func cg(_ x0: Matrix<Double>, _ rhs: Matrix<Double>, _ apply: (Matrix<Double>) -> Matrix<Double>,
            _ precondition: (Matrix<Double>) throws -> Matrix<Double>) throws -> Matrix<Double> {
        var x = x0, r = rhs - apply(x0)
        var z = try precondition(r), p = z
        var rz = (r.transposeTimes(z)).trace
        for _ in 0..<100 {
            let ap = apply(p)
            let alpha = rz / p.transposeTimes(ap).trace
            x = x + p * alpha
            r = r - ap * alpha
            if r.frobeniusNorm <= 1e-11 * rhs.frobeniusNorm { break }
            z = try precondition(r)
            let next = r.transposeTimes(z).trace
            p = z + p * (next / rz)
            rz = next
        }
        return x
    }
    for _ in 0..<sweeps {
        let vtv = v.transposeTimesSelf()
        u = try cg(u, gram * v - scaled(v, eta), { x in (k * x) * vtv + scaled(v, x.rowwiseDots(v).map { rho * $0 }) },
                   { r in (try vtv.solvingPositiveDefinite((kInverse * r).transposed)).transposed })
        let utku = u.transposeTimes(k * u)
        v = try cg(v, gram * u - scaled(u, eta), { x in x * utku + scaled(u, u.rowwiseDots(x).map { rho * $0 }) },
                   { r in (try utku.solvingPositiveDefinite(r.transposed)).transposed })
        let d = u.rowwiseDots(v)
        for i in eta.indices { eta[i] += rho * d[i] }
    }
    return (u, v, eta)
}
