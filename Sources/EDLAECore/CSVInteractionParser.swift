/// The state of a CSV read: fed chunks of whole lines (``consume(_:atStartOfFile:)``), then
/// assembled into a dataset (``finish()``). Used by both CSV initialisers of ``InteractionDataset``.
struct CSVInteractionParser {
    let path: String
    let options: CSVReadingOptions
    private let delimiter: UInt8
    private var users: IdentifierColumn
    private var items: IdentifierColumn
    private var lines: InteractionLines
    private var linesRead = 0
    private var sawContent = false
    private var headerDecided = false
    private var fields: [InteractionTextScanner.Field] = []

    /// A parser for a text of `byteCount` bytes (used to reserve the per-line storage).
    init(path: String, byteCount: Int, options: CSVReadingOptions) {
        self.path = path
        self.options = options
        delimiter = UInt8(options.delimiter.value)
        users = IdentifierColumn(mode: options.identifiers, name: "user")
        items = IdentifierColumn(mode: options.identifiers, name: "item")
        lines = InteractionLines(byteCount: byteCount, duplicates: options.duplicates)
        fields.reserveCapacity(4)
    }

    /// Reads the lines of `chunk`, which ends with a line break unless it ends the text.
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, atStartOfFile: Bool) throws(InteractionReadError) {
        var scanner = InteractionTextScanner(bytes: chunk, path: path, linesBefore: linesRead, atStartOfFile: atStartOfFile)
        while let line = scanner.nextContentLine() {
            sawContent = true
            if headerDecided, users.readsIntegers, items.readsIntegers,
               let (userID, itemID) = scanner.canonicalIntegerPair(line, delimiter: delimiter),
               let user = try users.index(ofCanonicalInteger: userID, scanner: scanner),
               let item = try items.index(ofCanonicalInteger: itemID, scanner: scanner) {
                // The common line `123,456`, read without splitting it into fields.
                try lines.append(user: user, item: item, value: nil, userCount: users.count, itemCount: items.count,
                                 scanner: scanner)
                continue
            }
            if let column = scanner.splitDelimited(line, delimiter: delimiter, into: &fields) {
                throw scanner.error(.malformedQuotedField(column: column))
            }
            if !headerDecided {
                headerDecided = true
                let isHeader: Bool
                switch options.header {
                case .present: isHeader = true
                case .absent: isHeader = false
                case .automatic: isHeader = !fields.contains { scanner.isNumeric($0) }
                }
                if isHeader { continue }
            }
            guard fields.count == 2 || fields.count == 3 else {
                throw scanner.error(.wrongColumnCount(expected: 2...3, found: fields.count))
            }
            if fields[0].isEmpty { throw scanner.error(.emptyField(column: 1)) }
            if fields[1].isEmpty { throw scanner.error(.emptyField(column: 2)) }
            if fields.count == 3 && fields[2].isEmpty { throw scanner.error(.emptyField(column: 3)) }
            let user = try users.index(of: fields[0], in: scanner)
            let item = try items.index(of: fields[1], in: scanner)
            let value: Double? = fields.count == 3 ? try scanner.value(fields[2], named: "value") : nil
            try lines.append(user: user, item: item, value: value, userCount: users.count, itemCount: items.count,
                             scanner: scanner)
        }
        linesRead = scanner.lineNumber
    }

    /// The dataset of the lines read.
    /// - Throws: ``InteractionReadError/Reason/empty`` when no line had content,
    ///   ``InteractionReadError/Reason/noInteractions`` when no data line or no non-zero value was
    ///   read, ``InteractionReadError/Reason/exceedsMemoryBudget(users:items:needed:available:)``
    ///   for the shape implied by `.indices`.
    mutating func finish() throws(InteractionReadError) -> InteractionDataset {
        guard sawContent else { throw InteractionReadError(path: path, line: nil, reason: .empty) }
        guard lines.count > 0 else { throw InteractionReadError(path: path, line: nil, reason: .noInteractions) }
        if options.identifiers == .indices {
            try InteractionDataset.checkMemory(users: users.count, items: items.count, nonzeros: lines.count,
                                               path: path, line: nil)
        }
        let maps = lines.finish(users: &users, items: &items)
        let matrix = lines.takeMatrix(userCount: maps.users.count, itemCount: maps.items.count)
        try InteractionDataset.requireInteractions(matrix, path: path)
        return InteractionDataset(interactions: matrix, users: maps.users, items: maps.items)
    }
}
