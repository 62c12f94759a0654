import EDLAECore
import EDLAESolvers
import Testing
import _EDLAETestSupport

/// `LinearAutoencoder.scores(for:rows:)` takes the sparse product for sparse rows of a full-rank model
/// and the BLAS product otherwise: both give `X B` within the forward error bound of a length-m dot
/// product in the model's precision (`gamma_m |X||B|`, doubled for the two roundings compared).
@Suite struct SparseScoresTests {
    static let users = TestInteractions.random(users: 160, items: 640, density: 0.01, seed: 12, everyItemSeen: true)

    @Test(arguments: [Precision.double, .single])
    func sparseAndDenseScoresAgree(precision: Precision) throws {
        let model = try EDLAE(regularization: Regularization(dropout: 0.3, l2: 5), precision: precision).fit(Self.users)
        #expect(Self.users.prefersSparseProduct(rows: 0..<30))
        let sparse = try model.scores(for: Self.users, rows: 0..<30)
        let dense = model.scores(for: try Self.users.denseRows(0..<30))
        let b = model.denseWeights()
        let x = try Self.users.denseRows(0..<30)
        let m = 640
        let u = precision == .single ? Double(Float.ulpOfOne) / 2 : Double.ulpOfOne / 2
        let gamma = Double(m) * u / (1 - Double(m) * u)
        for j in 0..<m {
            for i in 0..<30 {
                let scale = (0..<m).reduce(0.0) { $0 + abs(x[i, $1] * b[$1, j]) }
                #expect(abs(sparse[i, j] - dense[i, j]) <= 2 * gamma * scale + Double.leastNormalMagnitude,
                        "user \(i), item \(j): \(sparse[i, j]) vs \(dense[i, j])")
            }
        }
    }
}
