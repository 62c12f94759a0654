/// How ``InteractionDataset/init(contentsOfCSVFile:options:)`` reads a `user,item[,value]` file.
public struct CSVReadingOptions: Sendable, Equatable {
    /// Whether the first line is a header.
    public enum Header: Sendable, Equatable {
        /// The first non-blank line is a header when none of its fields reads as a number (so
        /// `user,item` is a header and `0,13` or `alice,milk,2` are data). A file whose ids are all
        /// non-numeric and that has no value column is ambiguous: pass ``present`` or ``absent``.
        case automatic
        /// The first non-blank line is a header and is skipped.
        case present
        /// Every non-blank line is data.
        case absent
    }

    /// How user and item ids become row and column indices. Each column (users, items) is mapped
    /// on its own.
    public enum IdentifierMode: Sendable, Equatable {
        /// Contiguous indices whatever the ids, the default. When every id of the column is a
        /// non-negative decimal integer written canonically (digits only, no sign, no leading
        /// zero, at most `Int.max`), the `k`-th smallest id gets index `k`
        /// (``IdentifierMap/ascendingIntegers(_:)``): MovieLens `movieId`s with gaps up to 193,609
        /// give as many items as there are distinct movies, and a file whose ids are already
        /// `0 ..< n` keeps them as its indices (``IdentifierMap/integers(count:)``). Otherwise
        /// (any other id, such as `alice`, `-1` or `007`, anywhere in the column) the column is
        /// read as ``mapped``. Integer ids are parsed from the bytes; no `String` is made per line.
        case automatic
        /// Any text is an id; ids get indices in first-seen order (``IdentifierMap``). The counts
        /// are the numbers of distinct ids.
        case mapped
        /// Ids must be non-negative decimal integers below `Int32.max` and are used as the indices
        /// themselves; the user (item) count is the largest user (item) id plus one, so ids that never
        /// occur are empty rows (columns), items that do not exist. Use it only when the file's ids
        /// are positions that must be kept, e.g. item `i` named by line `i` of a separate file
        /// whose items do not all occur. The maps are ``IdentifierMap/integers(count:)``. A
        /// non-integer id is an error reported with its line.
        case indices
    }

    /// Whether the first line is a header. Default ``Header/automatic``.
    public var header: Header
    /// How ids become indices. Default ``IdentifierMode/automatic``.
    public var identifiers: IdentifierMode
    /// How a repeated `(user, item)` pair is combined. Default
    /// ``InteractionMatrix/DuplicatePolicy/keepMaximum``.
    public var duplicates: InteractionMatrix.DuplicatePolicy
    /// The field separator, an ASCII character other than `"`, space, tab (when blanks are
    /// trimmed), `\r` or `\n`. Default `,`.
    public var delimiter: Unicode.Scalar

    /// Options with the given settings.
    /// - Precondition: `delimiter` is ASCII and not `"`, `\r` or `\n`.
    public init(header: Header = .automatic, identifiers: IdentifierMode = .automatic,
                duplicates: InteractionMatrix.DuplicatePolicy = .keepMaximum, delimiter: Unicode.Scalar = ",") {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "The CSV delimiter must be an ASCII character other than a quote or a line break, got \(delimiter.escaped(asASCII: true))")
        self.header = header
        self.identifiers = identifiers
        self.duplicates = duplicates
        self.delimiter = delimiter
    }
}
