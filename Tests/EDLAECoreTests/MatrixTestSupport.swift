import EDLAECore
import Testing

// Test support, generic over the scalar: every linear-algebra test is a generic function run for
// `Float` and for `Double` (swift-numerics style), its tolerances derived from `T.unitRoundoff`
// (the `u` of the classical error bounds, Higham ch. 3: 2^-24 and 2^-53) and the computation.

/// The two precisions every linear-algebra test runs in: a test takes `Precision.allCases` as
/// arguments and calls its generic body with `precision.type` (the existential is opened).
enum Precision: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case single, double

    /// `Float.self` or `Double.self`.
    var type: any MatrixScalar.Type {
        switch self {
        case .single: Float.self
        case .double: Double.self
        }
    }

    var testDescription: String { rawValue }
}

extension Matrix {
    /// A `rows` x `columns` matrix of uniform entries in [-1, 1) (drawn in `Double`, rounded to
    /// `Scalar`, so both precisions see the same matrix up to rounding).
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns) { _, _ in Scalar(2 * random.nextUnitDouble() - 1) }
    }

    /// A symmetric positive definite `n` x `n` matrix `B^T B / n + I` (eigenvalues in [1, 5]).
    static func randomPositiveDefinite(_ n: Int, seed: UInt64) -> Matrix {
        let b = Matrix.random(n, n, seed: seed)
        var a = naiveProduct(b, b, transposingFirst: true) / Scalar(Swift.max(n, 1))
        a.addToDiagonal(1)
        return a
    }

    /// A symmetric `n` x `n` matrix with uniform entries in [-1, 1).
    static func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix {
        let b = Matrix.random(n, n, seed: seed)
        return Matrix(rows: n, columns: n) { i, j in i >= j ? b[i, j] : b[j, i] }
    }

    /// The elementwise absolute values.
    var absolute: Matrix { mapElements { abs($0) } }
}

/// `op(a) op(b)` by the textbook triple loop, independent of BLAS.
func naiveProduct<T: MatrixScalar>(_ a: Matrix<T>, _ b: Matrix<T>,
                                   transposingFirst: Bool = false, transposingSecond: Bool = false) -> Matrix<T> {
    let m = transposingFirst ? a.columns : a.rows
    let k = transposingFirst ? a.rows : a.columns
    let n = transposingSecond ? b.rows : b.columns
    precondition(k == (transposingSecond ? b.columns : b.rows))
    return Matrix(rows: m, columns: n) { i, j in
        var sum: T = 0
        for l in 0..<k {
            let x = transposingFirst ? a[l, i] : a[i, l]
            let y = transposingSecond ? b[j, l] : b[l, j]
            sum += x * y
        }
        return sum
    }
}

/// Checks `|computed - reference| <= bound` elementwise, where `bound` is an error-bound matrix
/// (e.g. the classical `gamma_k |A||B|` bound of a length-k dot product).
func expectWithinBound<T: MatrixScalar>(_ computed: Matrix<T>, _ reference: Matrix<T>, bound: Matrix<T>,
                                        _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(computed.rows == reference.rows && computed.columns == reference.columns,
            "shape \(computed.rows)x\(computed.columns) vs \(reference.rows)x\(reference.columns) \(comment)",
            sourceLocation: sourceLocation)
    guard computed.rows == reference.rows, computed.columns == reference.columns else { return }
    var worst: T = 0
    var failures = 0
    for j in 0..<computed.columns {
        for i in 0..<computed.rows {
            let error = abs(computed[i, j] - reference[i, j])
            if !(error <= bound[i, j]) { failures += 1; worst = Swift.max(worst, error) }
        }
    }
    #expect(failures == 0, "\(T.self): \(failures) entries off by up to \(worst) \(comment)", sourceLocation: sourceLocation)
}

/// The bound `gamma_k * scale` with `gamma_k = k u / (1 - k u)` for sums of `k` products
/// (Higham, Accuracy and Stability of Numerical Algorithms, Lemma 3.1 and eq. 3.13), applied to
/// the matrix `scale = |A||B|`; a factor 2 covers the reference loop's own rounding, and a tiny
/// absolute floor covers exact zeros.
func productErrorBound<T: MatrixScalar>(innerDimension k: Int, scale: Matrix<T>) -> Matrix<T> {
    let gamma = gammaBound(k, T.self)
    return scale.mapElements { 2 * gamma * $0 + T.leastNormalMagnitude }
}

/// `gamma_k = k u / (1 - k u)` of precision `T` (Higham, Lemma 3.1).
func gammaBound<T: MatrixScalar>(_ k: Int, _: T.Type) -> T {
    let ku = T(Swift.max(k, 1)) * T.unitRoundoff
    precondition(ku < 1, "gamma_\(k) is not defined in \(T.self)")
    return ku / (1 - ku)
}

/// Runs `mutation` on two values equal to `original`, the swift-collections "hidden copies"
/// check for copy-on-write:
/// 1. on a uniquely referenced value: the buffer must be mutated in place (same buffer identity,
///    no copy counted by ``MatrixCopyTracking``);
/// 2. on a value sharing its buffer with `original`: exactly one copy, the result lives in a new
///    buffer, and `original` keeps its old contents.
/// Both runs must give the same result, which is returned for further checks.
@discardableResult
func withHiddenCopies<T: MatrixScalar>(
    of original: Matrix<T>, _ operation: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ mutation: (inout Matrix<T>) throws -> Void
) rethrows -> Matrix<T> {
    let snapshot = original.columnMajorElements

    // 1. Uniquely referenced: a fresh buffer nobody else sees.
    var unique = Matrix(rows: original.rows, columns: original.columns, columnMajor: snapshot)
    let uniqueIdentity = unique.bufferIdentity
    let uniqueRun = try MatrixCopyTracking.countingCopies { try mutation(&unique) }
    #expect(uniqueRun.copies == 0, "\(operation) copied a uniquely referenced buffer", sourceLocation: sourceLocation)
    #expect(unique.bufferIdentity == uniqueIdentity, "\(operation) replaced a uniquely referenced buffer",
            sourceLocation: sourceLocation)

    // 2. Shared with `original` (the hidden copy).
    var shared = original
    #expect(shared.bufferIdentity == original.bufferIdentity, sourceLocation: sourceLocation)
    let sharedRun = try MatrixCopyTracking.countingCopies { try mutation(&shared) }
    #expect(sharedRun.copies == 1, "\(operation) on a shared buffer made \(sharedRun.copies) copies, expected 1",
            sourceLocation: sourceLocation)
    #expect(shared.bufferIdentity != original.bufferIdentity, "\(operation) wrote into a shared buffer",
            sourceLocation: sourceLocation)
    #expect(original.columnMajorElements == snapshot, "\(operation) changed the hidden copy",
            sourceLocation: sourceLocation)
    #expect(shared.rows == unique.rows && shared.columns == unique.columns
            && shared.columnMajorElements == unique.columnMajorElements,
            "\(operation) gave different results on a unique and a shared value", sourceLocation: sourceLocation)
    return unique
}
