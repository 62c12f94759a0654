extension InteractionDataset {
    /// Reads a CSV file of `user,item` or `user,item,value` lines.
    ///
    /// - Each data line has 2 or 3 fields; a missing value is 1. Fields are trimmed of blanks and
    ///   may be double-quoted (`""` inside quotes is a quote). Blank lines are skipped; `\r\n` line
    ///   ends are accepted.
    /// - Values must be finite and non-negative. A pair whose combined value is 0 records no
    ///   interaction and is not stored.
    /// - Ids become indices per ``CSVReadingOptions/identifiers``. By default
    ///   (``CSVReadingOptions/IdentifierMode/automatic``) the indices are contiguous whatever the
    ///   ids: a column of integer ids is numbered in ascending numeric order (ids `3, 10, 193609`
    ///   become indices `0, 1, 2`; ids that are already `0 ..< n` keep their values), any other
    ///   column in first-seen order. Repeated pairs are combined per
    ///   ``CSVReadingOptions/duplicates``.
    /// - A UTF-8 byte-order mark before the first line is ignored.
    ///
    /// Reading `groceries.csv` (header `user,item`, ids `0 ..< n`), whose item index `i` is item id `i`:
    /// ```swift
    /// let data = try InteractionDataset(contentsOfCSVFile: path)
    /// data.items.identifier(at: 13)   // "13"
    /// ```
    ///
    /// Memory: the file is read in chunks of 1 MiB; integer ids are parsed from the bytes (no
    /// `String` per line). The peak is about 12 bytes per data line for `user,item` files and 16 with
    /// a value column (28 with a value column and ``InteractionMatrix/DuplicatePolicy/keepLast``),
    /// plus O(users + items); see `InteractionLines`.
    /// - Throws: ``InteractionReadError`` naming the file, the 1-based line and the reason: an
    ///   unreadable, non-regular or empty file, no data line
    ///   (``InteractionReadError/Reason/noInteractions``), a wrong number of fields, an empty field,
    ///   an unbalanced quote, a non-integer or too large id in
    ///   ``CSVReadingOptions/IdentifierMode/indices`` mode, a value that is not a number, is
    ///   negative, NaN or infinite, lines that need more than ``MemoryBudget/current``.
    /// - Complexity: O(bytes + lines + d log d + sum over users of r log r) for d distinct integer
    ///   ids and rows of r lines (rows already ascending are not sorted).
    public init(contentsOfCSVFile path: String, options: CSVReadingOptions = .init()) throws(InteractionReadError) {
        try Self.checkDataFile(path)
        let file = try InteractionFile(path: path)
        var parser = CSVInteractionParser(path: path, byteCount: file.size, options: options)
        try file.forEachChunk { (chunk, isFirst) throws(InteractionReadError) in
            try parser.consume(chunk, atStartOfFile: isFirst)
        }
        self = try parser.finish()
    }

    /// Reads CSV text as ``init(contentsOfCSVFile:options:)`` reads a file; errors name `sourceName`.
    public init(csvText text: String, sourceName: String = "<text>", options: CSVReadingOptions = .init()) throws(InteractionReadError) {
        var parser = CSVInteractionParser(path: sourceName, byteCount: text.utf8.count, options: options)
        try InteractionTextScanner.withBytes(of: text) { (bytes) throws(InteractionReadError) in
            try parser.consume(bytes, atStartOfFile: true)
        }
        self = try parser.finish()
    }
}
