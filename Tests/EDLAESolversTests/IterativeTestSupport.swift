import Foundation
import EDLAESolvers

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
func iterativeSyntheticData(users: Int = 60, items: Int = 12, seed: UInt64 = 7) -> TrainingData {
    TrainingData(iterativeSyntheticInteractions(users: users, items: items, seed: seed))
}

/// Eq. 10 of Steck 2020 for a dense `B`, straight from its definition:
/// `||X - X D||^2 + ||Lambda^(1/2) D||^2 = tr(G) - 2 tr(G D) + tr(D^T (G + Lambda) D)`, `D = B - dMat(diag B)`.
func iterativeDenseEq10(_ b: Matrix<Double>, gram: Matrix<Double>, lambda: [Double]) -> Double {
    var d = b
    d.diagonal = [Double](repeating: 0, count: b.rows)
    var k = gram
    k.addToDiagonal(lambda)
    return gram.trace - 2 * (gram * d).trace + (d.transposeTimes(k * d)).trace
}

/// `G + dMat(weights)`.
func iterativeRegularizedGram(_ gram: Matrix<Double>, _ weights: [Double]) -> Matrix<Double> {
    var k = gram
    k.addToDiagonal(weights)
    return k
}

/// Full-rank EDLAE (Eq. 8) for arbitrary L2 weights: `I - C dMat(1 / diag C)`, `C = (G + dMat(weights))^-1`.
func iterativeFullRankEDLAE(gram: Matrix<Double>, weights: [Double]) throws -> Matrix<Double> {
    var c = try iterativeRegularizedGram(gram, weights).positiveDefiniteInverse()
    c.scaleColumns(by: c.diagonal.map { -1 / $0 })
    c.diagonal = [Double](repeating: 0, count: c.rows)
    return c
}

/// `sqrt(sum of squares)` of a vector.
func iterativeNorm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// The Regularization of the Groceries experiments of the issue: p = 0.5, lambda = 10.
let iterativeGroceriesRegularization = try! Regularization(dropout: 0.5, l2: 10)

/// A minimal lock for ``IterationRecorder``.
final class NSLockShim: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }
}

/// Row-wise dot products `diag(A B^T)`.
func iterativeRowDots(_ a: Matrix<Double>, _ b: Matrix<Double>) -> [Double] {
    (0..<a.rows).map { i in (0..<a.columns).reduce(0) { $0 + a[i, $1] * b[i, $1] } }
}

/// A reference minimiser of Eq. 11 with one multiplier vector shared by both blocks (so its fixed
/// points are KKT points): the augmented Lagrangian
/// `||X - X U V^T||^2 + ||Lambda^(1/2) U V^T||^2 + 2 eta^T diag(U V^T) + rho ||diag(U V^T)||^2`
/// minimised alternately over U and V (each a linear system, solved by preconditioned conjugate
/// gradients), then `eta += rho diag(U V^T)`. Test-only and unoptimised.
func iterativeAugmentedLagrangianEq11(gram: Matrix<Double>, lambda: [Double], encoder: Matrix<Double>,
                                      decoder: Matrix<Double>, rho: Double, sweeps: Int) throws
    -> (encoder: Matrix<Double>, decoder: Matrix<Double>, multipliers: [Double]) {
    let k = iterativeRegularizedGram(gram, lambda)
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
        u = try cg(u, gram * v - scaled(v, eta), { x in (k * x) * vtv + scaled(v, iterativeRowDots(x, v).map { rho * $0 }) },
                   { r in (try vtv.solvingPositiveDefinite((kInverse * r).transposed)).transposed })
        let utku = u.transposeTimes(k * u)
        v = try cg(v, gram * u - scaled(u, eta), { x in x * utku + scaled(u, iterativeRowDots(u, x).map { rho * $0 }) },
                   { r in (try utku.solvingPositiveDefinite(r.transposed)).transposed })
        let d = iterativeRowDots(u, v)
        for i in eta.indices { eta[i] += rho * d[i] }
    }
    return (u, v, eta)
}

/// The Eq. 11 objective `||X - X U V^T||^2 + ||Lambda^(1/2) U V^T||^2` (diagonal included), dense.
func iterativeDenseEq11(_ b: Matrix<Double>, gram: Matrix<Double>, lambda: [Double]) -> Double {
    let k = iterativeRegularizedGram(gram, lambda)
    return gram.trace - 2 * (gram * b).trace + b.transposeTimes(k * b).trace
}
