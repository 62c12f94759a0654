extension InteractionDataset {
    /// Which explicit ratings count as an implicit interaction when ratings are binarised.
    public enum RatingThreshold: Sendable, Equatable {
        /// Keep ratings strictly above the value: `.above(3.5)` keeps 4, 4.5 and 5 stars, the
        /// preprocessing of the VAE-CF experiments (Liang et al. 2018) that Steck 2020 follows.
        case above(Double)
        /// Keep ratings at or above the value: `.atLeast(3.5)` also keeps 3.5 stars.
        case atLeast(Double)

        /// Whether `rating` passes.
        /// - Complexity: O(1).
        public func keeps(_ rating: Double) -> Bool {
            switch self {
            case .above(let threshold): rating > threshold
            case .atLeast(let threshold): rating >= threshold
            }
        }
    }

    /// Reads a MovieLens `ratings.csv` (`userId,movieId,rating,timestamp`, as in ml-20m and
    /// ml-latest) and binarises it: a rating that `keeping` passes becomes an interaction of value 1,
    /// every other rating is dropped.
    ///
    /// Users and movies get indices in first-seen order among the **kept** ratings (a user or movie
    /// with no kept rating does not appear); their identifiers are the decimal ids. The header line
    /// is optional (a first line whose `userId` field is not an integer is taken as the header).
    /// Each data line has exactly 4 fields: integer `userId` and `movieId`, a finite non-negative
    /// `rating`, an integer `timestamp` (not kept).
    /// - Throws: ``InteractionReadError`` with the 1-based line for a wrong number of fields, an
    ///   empty field, a non-integer id or timestamp, a rating that is not a number, negative or not
    ///   finite; ``InteractionReadError/Reason/noInteractions`` when no rating passes.
    /// - Complexity: O(bytes + nnz log(nnz / users)).
    public init(contentsOfMovieLensRatingsFile path: String, keeping threshold: RatingThreshold = .above(3.5)) throws(InteractionReadError) {
        try Self.checkDataFile(path)
        let bytes = try InteractionTextScanner.contents(ofFile: path)
        self = try Self.parseMovieLens(bytes, path: path, threshold: threshold)
    }

    /// Reads MovieLens ratings text as ``init(contentsOfMovieLensRatingsFile:keeping:)`` reads a
    /// file; errors name `sourceName`.
    public init(movieLensRatingsText text: String, sourceName: String = "<text>",
                keeping threshold: RatingThreshold = .above(3.5)) throws(InteractionReadError) {
        self = try Self.parseMovieLens(Array(text.utf8), path: sourceName, threshold: threshold)
    }

    static func parseMovieLens(_ bytes: [UInt8], path: String, threshold: RatingThreshold) throws(InteractionReadError) -> InteractionDataset {
        let result: Result<InteractionDataset, InteractionReadError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(InteractionReadError) {
                return .success(try parseMovieLens(InteractionTextScanner(bytes: buffer, path: path), threshold: threshold))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parseMovieLens(_ scanner: InteractionTextScanner, threshold: RatingThreshold) throws(InteractionReadError) -> InteractionDataset {
        var scanner = scanner
        var users = IdentifierCollector(), items = IdentifierCollector()
        var triplets: [(user: Int, item: Int, value: Double)] = []
        var fields: [InteractionTextScanner.Field] = []
        var isFirst = true
        var sawLine = false
        while let line = scanner.nextContentLine() {
            sawLine = true
            if let column = scanner.splitDelimited(line, delimiter: 0x2C, into: &fields) {
                throw scanner.error(.malformedQuotedField(column: column))
            }
            guard fields.count == 4 else { throw scanner.error(.wrongColumnCount(expected: 4...4, found: fields.count)) }
            if isFirst {
                isFirst = false
                if !fields[0].isEmpty && scanner.nonNegativeInteger(fields[0]) == nil { continue }
            }
            if let empty = fields.firstIndex(where: \.isEmpty) { throw scanner.error(.emptyField(column: empty + 1)) }
            guard let user = scanner.nonNegativeInteger(fields[0]) else {
                throw scanner.error(.invalidIdentifier(field: "userId", text: scanner.string(fields[0])))
            }
            guard let movie = scanner.nonNegativeInteger(fields[1]) else {
                throw scanner.error(.invalidIdentifier(field: "movieId", text: scanner.string(fields[1])))
            }
            guard user != Int.max else { throw scanner.error(.identifierTooLarge(field: "userId", text: scanner.string(fields[0]))) }
            guard movie != Int.max else { throw scanner.error(.identifierTooLarge(field: "movieId", text: scanner.string(fields[1]))) }
            let rating = try scanner.value(fields[2], named: "rating")
            guard scanner.nonNegativeInteger(fields[3]) != nil else {
                throw scanner.error(.invalidNumber(field: "timestamp", text: scanner.string(fields[3])))
            }
            if threshold.keeps(rating) {
                triplets.append((users.index(of: String(user)), items.index(of: String(movie)), 1))
            }
        }
        guard sawLine else { throw InteractionReadError(path: scanner.path, line: nil, reason: .empty) }
        guard !triplets.isEmpty else { throw InteractionReadError(path: scanner.path, line: nil, reason: .noInteractions) }
        let matrix = InteractionMatrix(users: users.identifiers.count, items: items.identifiers.count,
                                       triplets: triplets, duplicates: .keepMaximum)
        return InteractionDataset(interactions: matrix, users: users.map, items: items.map)
    }
}
