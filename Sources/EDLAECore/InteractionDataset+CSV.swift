extension InteractionDataset {
    /// Reads a CSV file of `user,item` or `user,item,value` lines.
    ///
    /// - Each data line has 2 or 3 fields; a missing value is 1. Fields are trimmed of blanks and
    ///   may be double-quoted (`""` inside quotes is a quote). Blank lines are skipped; `\r\n` line
    ///   ends are accepted.
    /// - Values must be finite and non-negative. A pair whose combined value is 0 records no
    ///   interaction and is not stored.
    /// - Ids are mapped to indices per ``CSVReadingOptions/identifiers`` (first-seen order, or the
    ///   integer ids themselves); repeated pairs are combined per ``CSVReadingOptions/duplicates``.
    ///
    /// Reading `groceries.csv` (header `user,item`, 0-based ids) so that item indices are the
    /// file's item ids:
    /// ```swift
    /// let data = try InteractionDataset(contentsOfCSVFile: path, options: .init(identifiers: .indices))
    /// ```
    /// - Throws: ``InteractionReadError`` naming the file, the 1-based line and the reason: an
    ///   unreadable or empty file, no data line (``InteractionReadError/Reason/noInteractions``),
    ///   a wrong number of fields, an empty field, an unbalanced quote, a non-integer or too large
    ///   id in ``CSVReadingOptions/IdentifierMode/indices`` mode, a value that is not a number, is
    ///   negative, NaN or infinite.
    /// - Complexity: O(bytes + nnz log(nnz / users)).
    public init(contentsOfCSVFile path: String, options: CSVReadingOptions = .init()) throws(InteractionReadError) {
        let bytes = try InteractionTextScanner.contents(ofFile: path)
        self = try Self.parseCSV(bytes, path: path, options: options)
    }

    /// Reads CSV text as ``init(contentsOfCSVFile:options:)`` reads a file; errors name `sourceName`.
    public init(csvText text: String, sourceName: String = "<text>", options: CSVReadingOptions = .init()) throws(InteractionReadError) {
        self = try Self.parseCSV(Array(text.utf8), path: sourceName, options: options)
    }

    static func parseCSV(_ bytes: [UInt8], path: String, options: CSVReadingOptions) throws(InteractionReadError) -> InteractionDataset {
        let result: Result<InteractionDataset, InteractionReadError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(InteractionReadError) {
                return .success(try parseCSV(InteractionTextScanner(bytes: buffer, path: path), options: options))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parseCSV(_ scanner: InteractionTextScanner, options: CSVReadingOptions) throws(InteractionReadError) -> InteractionDataset {
        var scanner = scanner
        let delimiter = UInt8(options.delimiter.value)
        let mapped = options.identifiers == .mapped
        var users = IdentifierCollector(), items = IdentifierCollector()
        var userLimit = 0, itemLimit = 0
        var triplets: [(user: Int, item: Int, value: Double)] = []
        triplets.reserveCapacity(scanner.bytes.count / 8)
        var fields: [InteractionTextScanner.Field] = []
        fields.reserveCapacity(4)

        guard var line = scanner.nextContentLine() else {
            throw InteractionReadError(path: scanner.path, line: nil, reason: .empty)
        }
        var isFirst = true
        while true {
            if let column = scanner.splitDelimited(line, delimiter: delimiter, into: &fields) {
                throw scanner.error(.malformedQuotedField(column: column))
            }
            var isHeader = false
            if isFirst {
                switch options.header {
                case .present: isHeader = true
                case .absent: isHeader = false
                case .automatic: isHeader = !fields.contains { scanner.isNumeric($0) }
                }
                isFirst = false
            }
            if !isHeader {
                guard fields.count == 2 || fields.count == 3 else {
                    throw scanner.error(.wrongColumnCount(expected: 2...3, found: fields.count))
                }
                if let empty = fields.firstIndex(where: \.isEmpty) {
                    throw scanner.error(.emptyField(column: empty + 1))
                }
                let user: Int, item: Int
                if mapped {
                    user = users.index(of: scanner.string(fields[0]))
                    item = items.index(of: scanner.string(fields[1]))
                } else {
                    user = try scanner.index(fields[0], named: "user")
                    item = try scanner.index(fields[1], named: "item")
                    userLimit = max(userLimit, user + 1)
                    itemLimit = max(itemLimit, item + 1)
                }
                let value = fields.count == 3 ? try scanner.value(fields[2], named: "value") : 1
                triplets.append((user, item, value))
            }
            guard let next = scanner.nextContentLine() else { break }
            line = next
        }
        guard !triplets.isEmpty else {
            throw InteractionReadError(path: scanner.path, line: nil, reason: .noInteractions)
        }
        if !mapped {
            try checkMemory(users: userLimit, items: itemLimit, nonzeros: triplets.count, path: scanner.path, line: nil)
        }
        let userMap = mapped ? users.map : .integers(count: userLimit)
        let itemMap = mapped ? items.map : .integers(count: itemLimit)
        let matrix = InteractionMatrix(users: userMap.count, items: itemMap.count, triplets: triplets,
                                       duplicates: options.duplicates).removingZeroValues()
        try requireInteractions(matrix, path: scanner.path)
        return InteractionDataset(interactions: matrix, users: userMap, items: itemMap)
    }
}
