import EDLAECore
import EDLAESolvers
import Foundation
import _EDLAETestSupport

/// Binary interactions with item popularities and three user clusters that prefer different
/// item groups, so that items are correlated (a non-trivial `G`).
func sampledSyntheticInteractions(users: Int, items: Int, seed: UInt64) -> InteractionMatrix {
    var random = SplitMix64(seed: seed)
    let popularity = (0..<items).map { _ in 0.05 + 0.25 * random.nextUnitDouble() }
    var triplets: [(user: Int, item: Int, value: Double)] = []
    for user in 0..<users {
        let cluster = user % 3
        for item in 0..<items {
            let boost = item % 3 == cluster ? 2.5 : 0.6
            if random.nextUnitDouble() < min(0.95, popularity[item] * boost) { triplets.append((user, item, 1)) }
        }
    }
    return InteractionMatrix(users: users, items: items, triplets: triplets)
}

/// Groceries (``SharedData/groceries``) restricted to its `itemLimit` most popular items (ties by
/// lower index; column `c` is the `c`-th most popular) and to the first `userLimit` users that
/// have at least one of them; `nil` when the data are absent.
func sampledGroceries(itemLimit: Int, userLimit: Int = .max) -> InteractionMatrix? {
    guard let groceries = SharedData.groceries else { return nil }
    let counts = groceries.itemCounts
    let top = (0..<groceries.itemCount)
        .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }.prefix(itemLimit)
    var newIndex = [Int](repeating: -1, count: groceries.itemCount)
    for (position, item) in top.enumerated() { newIndex[item] = position }
    var triplets: [(user: Int, item: Int, value: Double)] = []
    var users = 0
    for user in 0..<groceries.userCount where users < userLimit {
        let columns = groceries.items(ofUser: user).map { newIndex[Int($0)] }.filter { $0 >= 0 }
        guard !columns.isEmpty else { continue }
        for column in columns { triplets.append((users, column, 1)) }
        users += 1
    }
    return InteractionMatrix(users: users, items: top.count, triplets: triplets)
}

/// `||A - B||_F / ||B||_F`.
func sampledRelativeDistance(_ a: Matrix<Double>, to b: Matrix<Double>) -> Double {
    (a - b).frobeniusNorm / b.frobeniusNorm
}

/// The closed-form minimiser of the expected sampled objective (Eq. 1 of Steck 2020) with dropout
/// `p`, no extra L2 and emphasis `a`, `b`: Eq. 6 (the Theorem), solved by the library's
/// ``EmphasizedEDLAE`` (checked against an independent per-column solve in `EmphasizedEDLAETests`).
func sampledEmphasisReference(_ data: TrainingData, dropout p: Double, dropped a: Double, kept b: Double) throws -> Matrix<Double> {
    try EmphasizedEDLAE(regularization: Regularization(dropout: p, l2: 0), emphasis: Emphasis(dropped: a, kept: b))
        .fit(data).denseWeights()
}

/// The rank-k minimiser of the DLAE objective (Eq. 3 with `B = U V^T`), solved by the library's
/// ``LowRankDLAE`` (checked by Eckart-Young, first-order optimality and alternating least squares
/// in `LowRankDLAETests`).
func sampledLowRankDLAEReference(_ data: TrainingData, dropout p: Double, rank: Int) throws -> Matrix<Double> {
    try LowRankDLAE(regularization: Regularization(dropout: p, l2: 0), rank: rank).fit(data).denseWeights()
}

/// The mapping `w1 w2` after integrating the scalar dynamics (Eqs. 2-3 of Pretorius et al. 2018,
/// with weight decay as in their Supplement C) by classical Runge-Kutta with `steps` steps:
/// `tau w1' = w2 lambda (1 - w) - eps w2^2 w1 - penalty w1`, symmetrically for `w2`.
func sampledIntegratedMapping(time: Double, eigenvalue lambda: Double, noise eps: Double, penalty: Double,
                              tau: Double, w1: Double, w2: Double, steps: Int = 20_000) -> Double {
    func derivative(_ a: Double, _ b: Double) -> (Double, Double) {
        let w = a * b
        return ((b * lambda * (1 - w) - eps * b * b * a - penalty * a) / tau,
                (a * lambda * (1 - w) - eps * b * a * a - penalty * b) / tau)
    }
    var a = w1, b = w2
    let h = time / Double(steps)
    for _ in 0..<steps {
        let k1 = derivative(a, b)
        let k2 = derivative(a + h / 2 * k1.0, b + h / 2 * k1.1)
        let k3 = derivative(a + h / 2 * k2.0, b + h / 2 * k2.1)
        let k4 = derivative(a + h * k3.0, b + h * k3.1)
        a += h / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
        b += h / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
    }
    return a * b
}
