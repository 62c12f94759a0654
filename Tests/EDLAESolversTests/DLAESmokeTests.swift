import EDLAECore
import EDLAESolvers
import Testing

@Test func edlaeHasZeroDiagonal() throws {
    let x = InteractionMatrix(users: 4, items: 3, triplets: [(0, 0, 1), (0, 1, 1), (1, 1, 1), (1, 2, 1), (2, 0, 1), (3, 2, 1), (3, 0, 1)])
    let model = try EDLAE(regularization: Regularization(dropout: 0.5, l2: 1)).fit(x)
    #expect(model.diagonal.allSatisfy { $0 == 0 })
}
