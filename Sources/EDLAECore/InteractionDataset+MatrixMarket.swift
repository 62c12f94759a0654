extension InteractionDataset {
    /// Reads a Matrix Market coordinate file (`.mtx`) as `scipy.io.mmwrite` writes a sparse
    /// users x items matrix.
    ///
    /// Format: a header `%%MatrixMarket matrix coordinate <field> <symmetry>` (keywords
    /// case-insensitive) with `<field>` `real`, `integer` or `pattern` and `<symmetry>` `general`
    /// or `symmetric`; then comment lines starting with `%` and blank lines, anywhere; a size line
    /// `rows columns entries`; then `entries` lines `row column [value]` with 1-based indices (no
    /// value for `pattern`, whose entries are 1).
    ///
    /// - `symmetric` files store the lower triangle only; they are **expanded**: an off-diagonal
    ///   entry `(i, j)` also gives `(j, i)`. An entry above the diagonal is an error.
    ///   `skew-symmetric` and `hermitian` files, `complex` values and the dense `array` format
    ///   describe no interaction data and are rejected.
    /// - Values must be finite and non-negative; `integer` values must be integers. Repeated
    ///   entries are combined per `duplicates` (default ``InteractionMatrix/DuplicatePolicy/sum``,
    ///   the meaning scipy gives to repeated coordinates); entries whose value is 0 are not stored.
    /// - The maps are ``IdentifierMap/integers(count:)`` (0-based: file row 1 is user 0).
    /// - Throws: ``InteractionReadError`` with the 1-based line for a bad header or size line, an
    ///   entry with the wrong number of fields, an index outside `1 ... rows` or `1 ... columns`,
    ///   an invalid value, more entries than declared; without a line when fewer entries than declared
    ///   follow, and ``InteractionReadError/Reason/noInteractions`` when the file declares none.
    /// - Complexity: O(bytes + nnz log(nnz / users)).
    public init(contentsOfMatrixMarketFile path: String,
                duplicates: InteractionMatrix.DuplicatePolicy = .sum) throws(InteractionReadError) {
        try Self.checkDataFile(path)
        let bytes = try InteractionTextScanner.contents(ofFile: path)
        self = try Self.parseMatrixMarket(bytes, path: path, duplicates: duplicates)
    }

    /// Reads Matrix Market text as ``init(contentsOfMatrixMarketFile:duplicates:)`` reads a file;
    /// errors name `sourceName`.
    public init(matrixMarketText text: String, sourceName: String = "<text>",
                duplicates: InteractionMatrix.DuplicatePolicy = .sum) throws(InteractionReadError) {
        self = try Self.parseMatrixMarket(Array(text.utf8), path: sourceName, duplicates: duplicates)
    }

    static func parseMatrixMarket(_ bytes: [UInt8], path: String,
                                  duplicates: InteractionMatrix.DuplicatePolicy) throws(InteractionReadError) -> InteractionDataset {
        let result: Result<InteractionDataset, InteractionReadError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(InteractionReadError) {
                return .success(try parseMatrixMarket(InteractionTextScanner(bytes: buffer, path: path), duplicates: duplicates))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private enum MatrixMarketField { case real, integer, pattern }

    private static func parseMatrixMarket(_ scanner: InteractionTextScanner,
                                          duplicates: InteractionMatrix.DuplicatePolicy) throws(InteractionReadError) -> InteractionDataset {
        var scanner = scanner
        var fields: [InteractionTextScanner.Field] = []
        guard let headerLine = scanner.nextContentLine() else {
            throw InteractionReadError(path: scanner.path, line: nil, reason: .empty)
        }
        // Header.
        scanner.splitWhitespace(headerLine, into: &fields)
        let words = fields.map { scanner.string($0).lowercased() }
        guard words.count == 5, words[0] == "%%matrixmarket", words[1] == "matrix" else {
            throw scanner.error(.invalidMatrixMarketHeader(scanner.string(headerLine)))
        }
        guard words[2] == "coordinate" else {
            if words[2] == "array" { throw scanner.error(.unsupportedMatrixMarketFormat("dense 'array' format")) }
            throw scanner.error(.invalidMatrixMarketHeader(scanner.string(headerLine)))
        }
        let field: MatrixMarketField
        switch words[3] {
        case "real", "double": field = .real
        case "integer": field = .integer
        case "pattern": field = .pattern
        case "complex": throw scanner.error(.unsupportedMatrixMarketFormat("complex values"))
        default: throw scanner.error(.invalidMatrixMarketHeader(scanner.string(headerLine)))
        }
        let symmetric: Bool
        switch words[4] {
        case "general": symmetric = false
        case "symmetric": symmetric = true
        case "skew-symmetric", "hermitian":
            throw scanner.error(.unsupportedMatrixMarketFormat("\(words[4]) matrices"))
        default: throw scanner.error(.invalidMatrixMarketHeader(scanner.string(headerLine)))
        }

        // Size line.
        guard let sizeLine = scanner.nextContentLine(skippingComments: 0x25) else {
            throw InteractionReadError(path: scanner.path, line: nil, reason: .noInteractions)
        }
        scanner.splitWhitespace(sizeLine, into: &fields)
        let size = fields.map { scanner.nonNegativeInteger($0) }
        guard size.count == 3, let rows = size[0], let columns = size[1], let declared = size[2],
              rows < Int(Int32.max), columns < Int(Int32.max), declared < Int.max else {
            throw scanner.error(.invalidSizeLine(scanner.string(sizeLine)))
        }
        let sizeLineNumber = scanner.lineNumber
        if symmetric && rows != columns {
            throw scanner.error(.unsupportedMatrixMarketFormat("a symmetric matrix of \(rows) x \(columns)"))
        }
        guard declared > 0 else {
            throw InteractionReadError(path: scanner.path, line: sizeLineNumber, reason: .noInteractions)
        }
        try checkMemory(users: rows, items: columns, nonzeros: min(declared, scanner.bytes.count / 4),
                        path: scanner.path, line: sizeLineNumber)

        // Entries.
        let expectedFields = field == .pattern ? 2 : 3
        var triplets: [(user: Int, item: Int, value: Double)] = []
        // The size line is untrusted: reserve no more entries than the text can hold (each entry
        // line takes at least 4 bytes, e.g. `1 1\n`), so a huge declared count neither overflows
        // `2 * declared` nor allocates memory before the count mismatch is reported.
        let storable = min(declared, scanner.bytes.count / 4)
        triplets.reserveCapacity(symmetric ? 2 * storable : storable)
        var found = 0
        while let line = scanner.nextContentLine(skippingComments: 0x25) {
            found += 1
            guard found <= declared else {
                throw scanner.error(.entryCountMismatch(declared: declared, found: found))
            }
            scanner.splitWhitespace(line, into: &fields)
            guard fields.count == expectedFields else {
                throw scanner.error(.wrongColumnCount(expected: expectedFields...expectedFields, found: fields.count))
            }
            let row = try oneBasedIndex(fields[0], named: "row", limit: rows, scanner)
            let column = try oneBasedIndex(fields[1], named: "column", limit: columns, scanner)
            var value = 1.0
            switch field {
            case .pattern: break
            case .real: value = try scanner.value(fields[2], named: "value")
            case .integer:
                let text = scanner.string(fields[2])
                guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D }) else {
                    throw scanner.error(.invalidNumber(field: "integer value", text: text))
                }
                value = try scanner.value(fields[2], named: "value")
            }
            if symmetric {
                guard row >= column else { throw scanner.error(.entryAboveDiagonal(row: row, column: column)) }
                if row != column { triplets.append((column - 1, row - 1, value)) }
            }
            triplets.append((row - 1, column - 1, value))
        }
        guard found == declared else {
            throw InteractionReadError(path: scanner.path, line: nil, reason: .entryCountMismatch(declared: declared, found: found))
        }
        let matrix = InteractionMatrix(users: rows, items: columns, triplets: triplets, duplicates: duplicates)
            .removingZeroValues()
        try requireInteractions(matrix, path: scanner.path)
        return InteractionDataset(interactions: matrix)
    }

    private static func oneBasedIndex(_ field: InteractionTextScanner.Field, named name: String, limit: Int,
                                      _ scanner: InteractionTextScanner) throws(InteractionReadError) -> Int {
        guard let index = scanner.nonNegativeInteger(field) else {
            throw scanner.error(.invalidIdentifier(field: name, text: scanner.string(field)))
        }
        guard index >= 1 && index <= limit else {
            throw scanner.error(.indexOutOfRange(field: name, index: index, valid: 1...max(limit, 1)))
        }
        return index
    }
}

extension InteractionMatrix {
    /// The matrix as Matrix Market coordinate text that ``InteractionDataset/init(matrixMarketText:sourceName:duplicates:)``
    /// and `scipy.io.mmread` read back: `pattern general` when every value is 1, else `real general`
    /// with each value written in its shortest exact decimal form; 1-based entries in row order.
    /// - Complexity: O(nnz).
    public func matrixMarketText() -> String {
        let binary = values.allSatisfy { $0 == 1 }
        var text = "%%MatrixMarket matrix coordinate \(binary ? "pattern" : "real") general\n"
        text += "\(userCount) \(itemCount) \(nonzeroCount)\n"
        for user in 0..<userCount {
            for position in rowStarts[user]..<rowStarts[user + 1] {
                text += "\(user + 1) \(Int(columnIndices[position]) + 1)"
                text += binary ? "\n" : " \(values[position])\n"
            }
        }
        return text
    }
}
