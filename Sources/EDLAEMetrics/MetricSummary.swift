import EDLAECore
import EDLAESolvers

/// The mean of per-user metric values with its standard error.
///
/// The standard error follows the VAE-CF evaluation code (Liang et al. 2018), whose numbers
/// Table 1 of Steck 2020 reports: `std / sqrt(n)` with the population standard deviation
/// (`ddof = 0`, NumPy's default), so published standard errors reproduce exactly.
public struct MetricSummary: Sendable, Equatable, Codable {
    /// The mean over users.
    public let mean: Double
    /// `sqrt(sum (x - mean)^2 / n) / sqrt(n)`; 0 for a single user.
    public let standardError: Double
    /// The number of users `n`.
    public let count: Int

    /// Summarises `values` (empty values give a mean and standard error of NaN).
    /// - Complexity: O(n).
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else { mean = .nan; standardError = .nan; return }
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
        mean = m
        standardError = (variance / n).squareRoot()
    }

    /// Direct construction (for decoded reports).
    public init(mean: Double, standardError: Double, count: Int) {
        self.mean = mean
        self.standardError = standardError
        self.count = count
    }
}
