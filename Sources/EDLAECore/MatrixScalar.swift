/// The element types a ``Matrix`` can hold.
///
/// Storage, indexing and elementwise arithmetic are generic; the BLAS- and LAPACK-backed
/// operations are provided for `Double`, the library's fully tested fast path.
public protocol MatrixScalar: BinaryFloatingPoint, Sendable {}

extension Double: MatrixScalar {}
extension Float: MatrixScalar {}
