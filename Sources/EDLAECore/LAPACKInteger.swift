/// Converts a dimension, leading dimension or count to the 32-bit integer of BLAS, LAPACK and
/// ARPACK (Debian's OpenBLAS, LAPACKE and ARPACK-ng use 32-bit integers).
///
/// The one policy for sizes that do not fit: throw ``LinearAlgebraError/dimensionTooLarge(_:)``,
/// never stop the process. Every ``Matrix`` dimension fits by construction (the initialisers
/// refuse larger ones, ``Matrix/init(zeroedRows:columns:purpose:)`` by throwing this error), so products,
/// which cannot throw, pass dimensions straight through; operations over a whole buffer, whose
/// element count may exceed `Int32.max` (an m x m matrix with m > 46,340), work in chunks.
/// - Complexity: O(1).
@inlinable
package func blasInt(_ n: Int) throws(LinearAlgebraError) -> Int32 {
    guard let value = Int32(exactly: n) else { throw .dimensionTooLarge(n) }
    return value
}

/// The largest number of contiguous elements one level-1 BLAS call is given (`Int32.max`).
package let _blasChunk = Int(Int32.max)

extension Matrix {
    /// A dimension of matrices that exist (or a product of their shapes) as a BLAS integer. It
    /// fits because ``Matrix`` refuses larger dimensions when it is built (see ``blasInt(_:)``).
    @inlinable
    static func _existingDimension(_ n: Int) -> Int32 { Int32(n) }
}
