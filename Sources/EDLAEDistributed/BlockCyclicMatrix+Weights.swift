import EDLAECore
import EDLAEMetrics
import EDLAESolvers

extension BlockCyclicMatrix {
    /// Turns the local part of `C = (G + Lambda)^-1` (both triangles present) into the local part
    /// of full-rank EDLAE's `B = I - C dMat(1 / diag(C))` (Eq. 8 of Steck 2020): column `j` is
    /// scaled by `-1 / C_jj`, the diagonal set to 0 (as ``EDLAE`` does on one machine).
    /// - Parameter diagonal: `diag(C)`, all `m` entries (an all-reduce of ``diagonalContribution``).
    /// - Precondition: `diagonal.count == layout.order`.
    /// - Complexity: O(m^2 / P), in place.
    public mutating func formEDLAEWeights(diagonal: [Double]) {
        precondition(diagonal.count == layout.order, "\(diagonal.count) diagonal entries for order \(layout.order)")
        scaleColumns { -1 / diagonal[$0] }
        setDiagonal { _ in 0 }
    }

    /// Turns the local part of `C = (G + Lambda)^-1` into the local part of DLAE's
    /// `B = I - C Lambda` (Eq. 5 of Steck 2020): column `j` scaled by `-Lambda_jj`, then 1 added
    /// on the diagonal (as ``DLAE`` does on one machine).
    /// - Precondition: `lambda.count == layout.order`.
    /// - Complexity: O(m^2 / P), in place.
    public mutating func formDLAEWeights(lambda: [Double]) {
        precondition(lambda.count == layout.order, "\(lambda.count) weights for order \(layout.order)")
        scaleColumns { -lambda[$0] }
        let current = diagonalContribution
        setDiagonal { current[$0] + 1 }
    }

    /// Multiplies each local column by `factor(global column)`.
    private mutating func scaleColumns(by factor: (Int) -> Double) {
        let rows = layout.localRowCount, lld = layout.leadingDimension
        for lc in 0..<layout.localColumnCount {
            let s = factor(layout.globalColumn(ofLocal: lc))
            for lr in 0..<rows { local[lr + lc * lld] *= s }
        }
    }

    /// Sets each diagonal entry held here to `value(global index)`.
    private mutating func setDiagonal(_ value: (Int) -> Double) {
        for lc in 0..<layout.localColumnCount {
            let j = layout.globalColumn(ofLocal: lc)
            if let lr = layout.localRow(ofGlobal: j) { self[localRow: lr, localColumn: lc] = value(j) }
        }
    }
}
