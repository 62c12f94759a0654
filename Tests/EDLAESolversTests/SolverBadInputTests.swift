import EDLAECore
import EDLAESolvers
import Foundation
import Testing

/// Bad hyperparameters and data that solvers must refuse with a typed error (never a trap and
/// never a model holding NaN). Each case is a row of the table in Docs/Reliability.md. The checks
/// every catalog solver runs (bad rank, non-finite input, the memory budget, ...) are in
/// `SolverConformanceTests`.
@Suite("Solvers refuse bad input with typed errors")
struct SolverBadInputTests {
    /// 8 users x 5 items; item 3 has no interaction, so `G + Lambda` is singular at item 3 when
    /// `lambda = 0` (its diagonal entry `(1 + p/q) * 0 + 0` is zero).
    static let withEmptyItem: TrainingData = try! {
        let triplets = (0..<8).flatMap { user in
            [0, 1, 2, 4].filter { ($0 + user) % 3 != 0 }.map { (user: user, item: $0, value: 1.0) }
        }
        return try TrainingData(InteractionMatrix(users: 8, items: 5, triplets: triplets))
    }()

    static func isInvalid(_ error: SolverError?, named name: String) -> Bool {
        guard case .invalidHyperparameter(let reported, _, _)? = error else { return false }
        return reported == name
    }

    @Test("p outside [0, 1) is refused and the message names the valid range",
          arguments: [-0.1, 1, 1.5, .nan, -.infinity, .infinity])
    func dropoutOutsideUnitInterval(p: Double) {
        let error = #expect(throws: SolverError.self) { try Regularization(dropout: p, l2: 1) }
        #expect(Self.isInvalid(error, named: "dropout p"))
        #expect(error?.description == "invalid dropout p \(p): valid range is [0, 1)")
    }

    @Test("lambda < 0 or not finite is refused", arguments: [-1e-12, -1, .nan, .infinity])
    func negativeLambda(lambda: Double) {
        let error = #expect(throws: SolverError.self) { try Regularization(dropout: 0.5, l2: lambda) }
        #expect(Self.isInvalid(error, named: "lambda"))
        #expect(error?.description.hasSuffix("valid range is [0, inf)") == true)
    }

    @Test("omega <= 0 or not finite is refused by ADMM", arguments: [0, -1, .nan, .infinity])
    func nonPositiveOmega(omega: Double) throws {
        let regularization = try Regularization(dropout: 0.5, l2: 1)
        let error = #expect(throws: SolverError.self) {
            try ADMMLowRankEDLAE(regularization: regularization, rank: 2, omega: omega)
        }
        #expect(Self.isInvalid(error, named: "omega"))
    }

}
