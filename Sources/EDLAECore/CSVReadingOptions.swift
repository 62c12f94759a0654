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

    /// How user and item ids become row and column indices.
    public enum IdentifierMode: Sendable, Equatable {
        /// Any text is an id; ids get indices in first-seen order (``IdentifierMap``). The counts
        /// are the numbers of distinct ids.
        case mapped
        /// Ids must be non-negative decimal integers below `Int32.max` and are used as the indices
        /// themselves; the user (item) count is the largest user (item) id plus one, so ids that never
        /// occur are empty rows (columns), and item `i` keeps index `i` (line `i` of a file of item
        /// names, as in `groceries_items.txt`, names column `i`). The maps are
        /// ``IdentifierMap/integers(count:)``. A non-integer id is an error reported with its line.
        case indices
    }

    /// Whether the first line is a header. Default ``Header/automatic``.
    public var header: Header
    /// How ids become indices. Default ``IdentifierMode/mapped``.
    public var identifiers: IdentifierMode
    /// How a repeated `(user, item)` pair is combined. Default
    /// ``InteractionMatrix/DuplicatePolicy/keepMaximum``.
    public var duplicates: InteractionMatrix.DuplicatePolicy
    /// The field separator, an ASCII character other than `"`, space, tab (when blanks are
    /// trimmed), `\r` or `\n`. Default `,`.
    public var delimiter: Unicode.Scalar

    /// Options with the given settings.
    /// - Precondition: `delimiter` is ASCII and not `"`, `\r` or `\n`.
    public init(header: Header = .automatic, identifiers: IdentifierMode = .mapped,
                duplicates: InteractionMatrix.DuplicatePolicy = .keepMaximum, delimiter: Unicode.Scalar = ",") {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "The CSV delimiter must be an ASCII character other than a quote or a line break, got \(delimiter.escaped(asASCII: true))")
        self.header = header
        self.identifiers = identifiers
        self.duplicates = duplicates
        self.delimiter = delimiter
    }
}
