/// A dense, column-major matrix with copy-on-write value semantics.
///
/// Copies share one heap buffer until one of them is mutated; only then is the buffer
/// duplicated (and never when the mutated value holds the only reference to it).
///
/// ```swift
/// var a = Matrix<Double>([[1, 2], [3, 4]])
/// let b = a            // shares a's buffer
/// a[0, 0] = 10         // a copies first; b still reads 1
/// ```
///
/// Element `(i, j)` lives at offset `i + j * rows`, the layout BLAS and LAPACK expect, so
/// every product and factorisation runs on the buffer directly. The products call BLAS
/// (`Matrix+Products.swift`) and the factorisations and solves LAPACK
/// (`CholeskyFactorization.swift`, `SymmetricEigendecomposition.swift`), with the `s` routines
/// for `Matrix<Float>` and the `d` routines for `Matrix<Double>` (see ``MatrixScalar``).
///
/// Each dimension is at most `Int32.max`, the largest LAPACK integer: the initialisers refuse a
/// larger one (``init(zeroedRows:columns:purpose:)`` throws ``LinearAlgebraError/dimensionTooLarge(_:)``,
/// the others stop, as for a negative dimension).
///
/// `Matrix` is `Sendable`: a value may be shared across tasks, and each task that mutates its
/// copy gets its own buffer first.
public struct Matrix<Scalar: MatrixScalar>: Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    @usableFromInline var _storage: _MatrixStorage<Scalar>

    @usableFromInline
    init(rows: Int, columns: Int, storage: _MatrixStorage<Scalar>) {
        self.rows = rows
        self.columns = columns
        self._storage = storage
    }

    /// The number of elements, `rows * columns`.
    @inlinable public var count: Int { rows * columns }

    /// Whether the matrix has as many rows as columns.
    @inlinable public var isSquare: Bool { rows == columns }

    /// The element count `rows * columns` of a valid shape; stops with a message naming the shape
    /// when a dimension is negative or exceeds `Int32.max`, or the product overflows (programmer
    /// errors).
    @inlinable
    static func _elementCount(rows: Int, columns: Int) -> Int {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative, got \(rows)x\(columns)")
        precondition(rows <= Int(Int32.max) && columns <= Int(Int32.max),
                     "Matrix shape \(rows)x\(columns) has a dimension beyond LAPACK's 32-bit integers")
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        precondition(!overflow, "Matrix shape \(rows)x\(columns) has more elements than Int can count")
        return count
    }

    /// A `rows` x `columns` matrix with every element equal to `value`.
    ///
    /// For shapes the caller controls: a failed allocation stops the process. A shape that comes
    /// from data or options goes through ``init(zeroedRows:columns:purpose:)``, which checks the
    /// ``MemoryBudget`` and throws.
    /// - Precondition: `rows >= 0` and `columns >= 0`.
    /// - Complexity: O(rows * columns).
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        let count = Matrix._elementCount(rows: rows, columns: columns)
        let storage = _MatrixStorage<Scalar>.allocate(count)
        storage.base.initialize(repeating: value, count: count)
        self.init(rows: rows, columns: columns, storage: storage)
    }

    /// A zero-filled matrix whose size may come from data or options: checks the bytes against
    /// ``MemoryBudget/current`` first, then allocates, and throws instead of stopping the process.
    /// Use it (rather than ``init(rows:columns:repeating:)``) for every buffer whose shape a caller
    /// does not control.
    /// - Parameters:
    ///   - rows: the number of rows.
    ///   - columns: the number of columns.
    ///   - purpose: what the matrix is for; it starts the budget message (default: its shape).
    /// - Throws: ``LinearAlgebraError/exceedsMemoryBudget(needed:available:purpose:)`` past the
    ///   budget (or for a negative or overflowing shape), ``LinearAlgebraError/dimensionTooLarge(_:)``
    ///   for a dimension beyond `Int32.max`, ``LinearAlgebraError/outOfMemory(bytes:)`` when the
    ///   system refuses the memory.
    /// - Complexity: O(rows * columns).
    public init(zeroedRows rows: Int, columns: Int, purpose: String? = nil) throws(LinearAlgebraError) {
        let bytes = MemoryBudget.product([rows, columns, MemoryLayout<Scalar>.stride])
        let what = purpose ?? "a \(rows) x \(columns) matrix"
        guard rows >= 0, columns >= 0, bytes < Int.max else {
            throw .exceedsMemoryBudget(needed: Int.max, available: MemoryBudget.current.limit, purpose: what)
        }
        try MemoryBudget.current.check(bytes: bytes, purpose: what)
        self = try Matrix._uninitialized(rows: rows, columns: columns)
        _storage.base.initialize(repeating: 0, count: count)
    }

    /// A matrix whose elements are not initialised (the caller writes every one before reading),
    /// with the checks and errors of ``init(zeroedRows:columns:purpose:)``.
    static func _uninitialized(rows: Int, columns: Int) throws(LinearAlgebraError) -> Matrix {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative, got \(rows)x\(columns)")
        _ = try blasInt(rows)
        _ = try blasInt(columns)
        let (count, countOverflow) = rows.multipliedReportingOverflow(by: columns)
        let (bytes, bytesOverflow) = count.multipliedReportingOverflow(by: MemoryLayout<Scalar>.stride)
        guard !countOverflow, !bytesOverflow, let storage = _MatrixStorage<Scalar>(uninitializedCount: count) else {
            throw .outOfMemory(bytes: countOverflow || bytesOverflow ? Int.max : bytes)
        }
        return Matrix(rows: rows, columns: columns, storage: storage)
    }

    /// A matrix whose element `(i, j)` is `element(i, j)`, filled column by column.
    /// - Complexity: O(rows * columns) calls of `element`.
    @inlinable
    public init(rows: Int, columns: Int, element: (_ row: Int, _ column: Int) throws -> Scalar) rethrows {
        let storage = _MatrixStorage<Scalar>.allocate(Matrix._elementCount(rows: rows, columns: columns))
        for j in 0..<columns {
            for i in 0..<rows {
                (storage.base + i + j * rows).initialize(to: try element(i, j))
            }
        }
        self.init(rows: rows, columns: columns, storage: storage)
    }

    /// A matrix from its rows, given as nested arrays.
    /// - Precondition: every row has the same length.
    /// - Complexity: O(rows * columns).
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        for (index, row) in rowArrays.enumerated() {
            precondition(row.count == columns,
                         "Matrix rows must have equal lengths: row 0 has \(columns), row \(index) has \(row.count)")
        }
        self.init(rows: rowArrays.count, columns: columns) { i, j in rowArrays[i][j] }
    }

    /// A matrix from a column-major array of `rows * columns` scalars.
    /// - Precondition: `columnMajor.count == rows * columns`.
    /// - Complexity: O(rows * columns).
    public init(rows: Int, columns: Int, columnMajor: [Scalar]) {
        let count = Matrix._elementCount(rows: rows, columns: columns)
        precondition(columnMajor.count == count,
                     "Matrix \(rows)x\(columns) needs \(count) scalars, got \(columnMajor.count)")
        let storage = _MatrixStorage<Scalar>.allocate(count)
        columnMajor.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.base.initialize(from: base, count: source.count) }
        }
        self.init(rows: rows, columns: columns, storage: storage)
    }

    /// The `n` x `n` identity matrix.
    /// - Complexity: O(n^2).
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        result.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<n { buffer[i + i * n] = 1 }
        }
        return result
    }

    /// The square matrix with `diagonal` on its diagonal and zeros elsewhere.
    /// - Complexity: O(n^2).
    public init(diagonal: [Scalar]) {
        let n = diagonal.count
        self.init(rows: n, columns: n)
        withUnsafeMutableBufferPointer { buffer in
            for i in 0..<n { buffer[i + i * n] = diagonal[i] }
        }
    }

    // MARK: Copy-on-write

    /// Makes the buffer uniquely referenced before a mutation (copying it if it is shared).
    @inlinable
    mutating func _makeUnique() {
        if !isKnownUniquelyReferenced(&_storage) {
            _storage = _storage.copy()
        }
    }

    /// The address of the buffer, for tests that check copy-on-write by buffer identity.
    /// - Complexity: O(1).
    package var bufferIdentity: ObjectIdentifier { ObjectIdentifier(_storage) }

    /// Calls `body` with the column-major elements.
    /// - Complexity: O(1) plus `body`.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Scalar>) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeBufferPointer(start: _storage.base, count: count))
    }

    /// Calls `body` with the column-major elements, mutable; copies a shared buffer first.
    /// - Complexity: O(1) plus `body` when uniquely referenced; O(rows * columns) to copy a shared buffer.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws(E) -> R
    ) throws(E) -> R {
        _makeUnique()
        return try body(UnsafeMutableBufferPointer(start: _storage.base, count: count))
    }

    // MARK: Elements

    /// The element in row `row` and column `column`.
    /// - Complexity: O(1) (a write to a shared buffer copies it first).
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for a \(rows)x\(columns) matrix")
            return _storage.base[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Index (\(row), \(column)) out of range for a \(rows)x\(columns) matrix")
            _makeUnique()
            _storage.base[row + column * rows] = newValue
        }
    }

    /// Column `index` as an array.
    /// - Complexity: O(rows).
    @inlinable
    public func column(_ index: Int) -> [Scalar] {
        precondition(index >= 0 && index < columns, "Column \(index) out of range for a \(rows)x\(columns) matrix")
        return Array(UnsafeBufferPointer(start: _storage.base + index * rows, count: rows))
    }

    /// Replaces column `index` with `values`.
    /// - Complexity: O(rows) when uniquely referenced.
    public mutating func setColumn(_ index: Int, to values: [Scalar]) {
        precondition(index >= 0 && index < columns, "Column \(index) out of range for a \(rows)x\(columns) matrix")
        precondition(values.count == rows, "Column of a \(rows)x\(columns) matrix needs \(rows) values, got \(values.count)")
        _makeUnique()
        let base = _storage.base + index * rows
        for i in 0..<rows { base[i] = values[i] }
    }

    /// Row `index` as an array.
    /// - Complexity: O(columns).
    @inlinable
    public func row(_ index: Int) -> [Scalar] {
        precondition(index >= 0 && index < rows, "Row \(index) out of range for a \(rows)x\(columns) matrix")
        return (0..<columns).map { _storage.base[index + $0 * rows] }
    }

    /// The rows as nested arrays.
    /// - Complexity: O(rows * columns).
    public var rowArrays: [[Scalar]] { (0..<rows).map(row) }

    /// The elements in column-major order.
    /// - Complexity: O(rows * columns).
    public var columnMajorElements: [Scalar] { withUnsafeBufferPointer { Array($0) } }

    /// The main diagonal (length `min(rows, columns)`); setting it replaces the diagonal.
    /// - Complexity: O(min(rows, columns)) (setting it copies a shared buffer first).
    @inlinable
    public var diagonal: [Scalar] {
        get { (0..<Swift.min(rows, columns)).map { _storage.base[$0 + $0 * rows] } }
        set {
            precondition(newValue.count == Swift.min(rows, columns),
                         "Diagonal of a \(rows)x\(columns) matrix needs \(Swift.min(rows, columns)) values, got \(newValue.count)")
            _makeUnique()
            for i in 0..<newValue.count { _storage.base[i + i * rows] = newValue[i] }
        }
    }

    /// The columns `range` as a new `rows` x `range.count` matrix.
    /// - Complexity: O(rows * range.count).
    public func columns(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= columns,
                     "Columns \(range) out of range for a \(rows)x\(columns) matrix")
        let storage = _MatrixStorage<Scalar>.allocate(rows * range.count)
        storage.base.initialize(from: _storage.base + range.lowerBound * rows, count: rows * range.count)
        return Matrix(rows: rows, columns: range.count, storage: storage)
    }
}

extension Matrix: Equatable {
    /// Two matrices are equal when they have the same shape and equal elements. As for `Array`,
    /// values sharing one buffer are equal without comparing elements (even holding NaN).
    /// - Complexity: O(rows * columns); O(1) when both share one buffer.
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        guard lhs.rows == rhs.rows, lhs.columns == rhs.columns else { return false }
        if lhs._storage === rhs._storage { return true }
        return lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    }
}

extension Matrix: CustomStringConvertible {
    /// The shape followed by up to 8 rows and columns.
    /// - Complexity: O(1): at most 8 x 8 elements are printed.
    public var description: String {
        var lines = ["Matrix<\(Scalar.self)> \(rows)x\(columns)"]
        for i in 0..<Swift.min(rows, 8) {
            let shown = (0..<Swift.min(columns, 8)).map { "\(self[i, $0])" }.joined(separator: " ")
            lines.append("  " + shown + (columns > 8 ? " …" : ""))
        }
        if rows > 8 { lines.append("  …") }
        return lines.joined(separator: "\n")
    }
}
