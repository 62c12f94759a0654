/// Why an interaction file could not be read: the file, the 1-based line (when one line is at
/// fault) and the reason.
///
/// Its ``description`` reads like a compiler diagnostic, for example
/// `groceries.csv:17: expected 2 or 3 columns, found 4`. Every reader stops at the first malformed
/// line and throws this error; no malformed line is skipped silently.
public struct InteractionReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The file could not be opened or read (the system's explanation).
        case unreadable(String)
        /// The file holds no lines other than blank ones.
        case empty
        /// The file is well formed but holds no interaction: only a header, only comments, or no
        /// rating passing the binarisation threshold.
        case noInteractions
        /// A line has a number of fields outside `expected`.
        case wrongColumnCount(expected: ClosedRange<Int>, found: Int)
        /// Field `column` (1-based) is empty.
        case emptyField(column: Int)
        /// Field `column` (1-based) opens a double quote that is not closed on that line, or has
        /// text after its closing quote.
        case malformedQuotedField(column: Int)
        /// An identifier that must be a non-negative decimal integer is not one.
        case invalidIdentifier(field: String, text: String)
        /// An integer identifier used directly as an index exceeds `Int32.max - 1`.
        case identifierTooLarge(field: String, text: String)
        /// A column holds more distinct ids than `limit` (indices are 32-bit).
        case tooManyIdentifiers(field: String, limit: Int)
        /// A field that must be a number is not one.
        case invalidNumber(field: String, text: String)
        /// A value is negative (interaction strengths and ratings are non-negative).
        case negativeValue(field: String, text: String)
        /// A value is NaN or infinite.
        case nonFiniteValue(field: String, text: String)
        /// The first line is not a Matrix Market header `%%MatrixMarket matrix coordinate <field> <symmetry>`.
        case invalidMatrixMarketHeader(String)
        /// A Matrix Market variant that does not describe interactions (array format, complex or
        /// Hermitian values, skew symmetry, a non-square symmetric matrix).
        case unsupportedMatrixMarketFormat(String)
        /// The Matrix Market size line is not `rows columns entries` (three non-negative integers).
        case invalidSizeLine(String)
        /// A 1-based Matrix Market index lies outside `valid`.
        case indexOutOfRange(field: String, index: Int, valid: ClosedRange<Int>)
        /// A symmetric Matrix Market file stores an entry above the diagonal (only the lower
        /// triangle may be stored).
        case entryAboveDiagonal(row: Int, column: Int)
        /// The number of Matrix Market entries differs from the count on the size line.
        case entryCountMismatch(declared: Int, found: Int)
        /// The declared or implied shape (`users` x `items`) needs more memory than
        /// ``MemoryBudget/current`` allows (bytes needed vs available).
        case exceedsMemoryBudget(users: Int, items: Int, needed: Int, available: Int)

        /// The reason in words, e.g. `expected 2 or 3 columns, found 4`.
        public var description: String {
            switch self {
            case .unreadable(let why): "cannot read the file: \(why)"
            case .empty: "the file is empty"
            case .noInteractions: "no interactions (the file holds no data line, or every value is zero)"
            case let .wrongColumnCount(expected, found):
                expected.count == 1
                    ? "expected \(expected.lowerBound) columns, found \(found)"
                    : expected.count == 2
                        ? "expected \(expected.lowerBound) or \(expected.upperBound) columns, found \(found)"
                        : "expected \(expected.lowerBound) to \(expected.upperBound) columns, found \(found)"
            case .emptyField(let column): "field \(column) is empty"
            case .malformedQuotedField(let column): "field \(column) has an unbalanced double quote"
            case let .invalidIdentifier(field, text): "\(field) '\(text)' is not a non-negative integer"
            case let .identifierTooLarge(field, text): "\(field) '\(text)' is too large to be an index (at most \(Int32.max - 1))"
            case let .tooManyIdentifiers(field, limit): "more than \(limit) distinct \(field) ids"
            case let .invalidNumber(field, text): "\(field) '\(text)' is not a number"
            case let .negativeValue(field, text): "\(field) '\(text)' is negative"
            case let .nonFiniteValue(field, text): "\(field) '\(text)' is not finite"
            case .invalidMatrixMarketHeader(let line):
                "expected a header '%%MatrixMarket matrix coordinate real|integer|pattern general|symmetric', found '\(line)'"
            case .unsupportedMatrixMarketFormat(let what): "unsupported Matrix Market format: \(what)"
            case .invalidSizeLine(let line): "expected a size line 'rows columns entries', found '\(line)'"
            case let .indexOutOfRange(field, index, valid):
                "\(field) index \(index) is outside \(valid.lowerBound)...\(valid.upperBound)"
            case let .entryAboveDiagonal(row, column):
                "entry (\(row), \(column)) lies above the diagonal of a symmetric matrix"
            case let .entryCountMismatch(declared, found):
                "the size line declares \(declared) entries, found \(found)"
            case let .exceedsMemoryBudget(users, items, needed, available):
                "a \(users) x \(items) interaction matrix needs \(LinearAlgebraError.byteSize(needed)), "
                    + "the memory budget allows \(LinearAlgebraError.byteSize(available))"
                    + " (set EDLAE_MEMORY_BUDGET to change it)"
            }
        }
    }

    /// The path of the file as it was given to the reader (or the source name of in-memory text).
    public var path: String
    /// The 1-based line at fault, or `nil` when the problem concerns the whole file.
    public var line: Int?
    /// What is wrong.
    public var reason: Reason

    /// An error about `path`, at `line` when given.
    public init(path: String, line: Int?, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `path:line: reason`, or `path: reason` when no single line is at fault.
    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}
