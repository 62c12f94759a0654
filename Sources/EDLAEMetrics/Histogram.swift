import EDLAECore
import EDLAESolvers

/// The median of `values` (mean of the two middle values for an even count; NaN when empty).
/// - Complexity: O(n log n).
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Counts of values in equal-width bins over `range` (values outside are clamped into the end bins;
/// NaN is skipped), for the histograms of Fig. 1.
public struct Histogram: Sendable, Equatable {
    /// The bin edges, `bins + 1` values from `range.lowerBound` to `range.upperBound`.
    public let edges: [Double]
    /// The number of values in each bin.
    public let counts: [Int]

    /// - Precondition: `bins >= 1` and a non-empty range.
    /// - Complexity: O(n).
    public init(_ values: [Double], bins: Int, range: ClosedRange<Double>) {
        precondition(bins >= 1 && range.upperBound > range.lowerBound, "Histogram needs bins and a non-empty range")
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        edges = (0...bins).map { range.lowerBound + Double($0) * width }
        var counts = [Int](repeating: 0, count: bins)
        for v in values where !v.isNaN {
            // Clamped as a Double first: an infinite or huge value lands in the first or last bin.
            let position = Swift.min(Swift.max(((v - range.lowerBound) / width).rounded(.down), 0), Double(bins - 1))
            counts[Int(position)] += 1
        }
        self.counts = counts
    }
}
