import EDLAECore

/// The emphasis weights of the emphasized denoising autoencoder (matrix `A` in Eq. 1 of Steck 2020):
/// the squared error of an entry is weighted by `a` when that entry was dropped out of the input
/// and by `b` when it was kept.
///
/// Valid weights satisfy `a >= b >= 0`, both finite and not both zero. `a = b` is plain dropout
/// (DLAE, Eq. 3); `b = 0` is "full emphasis" (Sec. 4.1); only the ratio `a / b` matters for the
/// fitted model (Eq. 6 is homogeneous of degree 0 in `(a, b)`).
public struct Emphasis: Sendable, Equatable, Hashable, Codable {
    /// The weight `a` of entries dropped out of the input.
    public let dropped: Double
    /// The weight `b` of entries kept in the input.
    public let kept: Double

    /// Validates `a >= b >= 0`, both finite, not both zero.
    /// - Parameters:
    ///   - a: the weight of dropped-out entries.
    ///   - b: the weight of kept entries.
    /// - Throws: ``SolverError/invalidHyperparameter(name:value:validRange:)`` naming the valid range.
    /// - Complexity: O(1).
    public init(dropped a: Double, kept b: Double) throws(SolverError) {
        guard a.isFinite, a > 0 else {
            throw .invalidHyperparameter(name: "emphasis a (dropped)", value: "\(a)", validRange: "(0, inf), with a >= b")
        }
        guard b.isFinite, b >= 0, b <= a else {
            throw .invalidHyperparameter(name: "emphasis b (kept)", value: "\(b)", validRange: "[0, a] = [0, \(a)]")
        }
        self.dropped = a
        self.kept = b
    }

    private enum CodingKeys: String, CodingKey { case dropped, kept }

    /// Decodes and validates like ``init(dropped:kept:)``.
    /// - Throws: a decoding error, or ``SolverError/invalidHyperparameter(name:value:validRange:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(dropped: container.decode(Double.self, forKey: .dropped),
                      kept: container.decode(Double.self, forKey: .kept))
    }

    /// Plain dropout, `a = b = 1` (DLAE).
    public static let plainDropout = try! Emphasis(dropped: 1, kept: 1)

    /// Full emphasis, `a = 1`, `b = 0` (Sec. 4.1 of Steck 2020).
    public static let full = try! Emphasis(dropped: 1, kept: 0)
}
