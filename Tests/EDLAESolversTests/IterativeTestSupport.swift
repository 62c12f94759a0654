import Foundation
import EDLAESolvers

// Shared fixtures of the iterative low-rank solver tests: seeded synthetic data, the Groceries
// data set, and dense reference formulas of Eq. 10 used to check the matrix-free ones.

/// SplitMix64, for seeded synthetic data in the iterative solver tests.
struct IterativeTestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// A random binary users x items interaction matrix where item `i` is taken with a probability that
/// decays with `i` (so items differ in popularity) and every item has at least one user.
func iterativeSyntheticInteractions(users: Int, items: Int, seed: UInt64) -> InteractionMatrix {
    var random = IterativeTestRandom(state: seed)
    var triplets: [(user: Int, item: Int, value: Double)] = []
    for user in 0..<users {
        for item in 0..<items where random.uniform() < 0.5 / (1 + 0.2 * Double(item)) {
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

/// The directory `shared/data` found by walking up from this source file.
func iterativeSharedDataDirectory(filePath: String = #filePath) -> URL? {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent("shared/data")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("groceries.csv").path) { return candidate }
        directory.deleteLastPathComponent()
    }
    return nil
}

/// Groceries (169 items, 9835 users) from `shared/data/groceries.csv` (`user,item`, 0-based), or
/// `nil` when the file is not there.
let iterativeGroceries: TrainingData? = {
    guard let directory = iterativeSharedDataDirectory(),
          let text = try? String(contentsOf: directory.appendingPathComponent("groceries.csv"), encoding: .utf8)
    else { return nil }
    var triplets: [(user: Int, item: Int, value: Double)] = []
    var users = 0, items = 0
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",")
        guard fields.count == 2, let user = Int(fields[0]), let item = Int(fields[1]) else { continue }
        triplets.append((user, item, 1))
        users = max(users, user + 1)
        items = max(items, item + 1)
    }
    return TrainingData(InteractionMatrix(users: users, items: items, triplets: triplets))
}()

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
