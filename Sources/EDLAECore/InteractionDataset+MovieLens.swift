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
    /// Users and movies get contiguous indices in ascending id order among the **kept** ratings (a
    /// user or movie with no kept rating does not appear; `movieId`s with gaps, up to 193,609 for
    /// 9,742 movies in ml-latest, give one index per movie that occurs); their identifiers are the
    /// decimal ids (``IdentifierMap/ascendingIntegers(_:)``). The header line is optional (a first
    /// line whose `userId` field is not an integer is taken as the header); a UTF-8 byte-order mark
    /// before it is ignored. Each data line has exactly 4 fields: integer `userId` and `movieId`, a
    /// finite non-negative `rating`, an integer `timestamp` (not kept). The file is read in chunks
    /// and ids are parsed from the bytes: the peak memory is about 12 bytes per kept rating.
    /// - Throws: ``InteractionReadError`` with the 1-based line for a wrong number of fields, an
    ///   empty field, a non-integer id or timestamp, a rating that is not a number, negative or not
    ///   finite; ``InteractionReadError/Reason/noInteractions`` when no rating passes.
    /// - Complexity: O(bytes + kept ratings + d log d) for d distinct ids.
    public init(contentsOfMovieLensRatingsFile path: String, keeping threshold: RatingThreshold = .above(3.5)) throws(InteractionReadError) {
        try Self.checkDataFile(path)
        let file = try InteractionFile(path: path)
        var parser = MovieLensParser(path: path, byteCount: file.size, threshold: threshold)
        try file.forEachChunk { (chunk, isFirst) throws(InteractionReadError) in
            try parser.consume(chunk, atStartOfFile: isFirst)
        }
        self = try parser.finish()
    }

    /// Reads MovieLens ratings text as ``init(contentsOfMovieLensRatingsFile:keeping:)`` reads a
    /// file; errors name `sourceName`.
    public init(movieLensRatingsText text: String, sourceName: String = "<text>",
                keeping threshold: RatingThreshold = .above(3.5)) throws(InteractionReadError) {
        var parser = MovieLensParser(path: sourceName, byteCount: text.utf8.count, threshold: threshold)
        try InteractionTextScanner.withBytes(of: text) { (bytes) throws(InteractionReadError) in
            try parser.consume(bytes, atStartOfFile: true)
        }
        self = try parser.finish()
    }
}

/// The state of a MovieLens ratings read, fed chunks of whole lines.
struct MovieLensParser {
    let path: String
    let threshold: InteractionDataset.RatingThreshold
    private var users = IdentifierColumn(mode: .automatic, name: "userId")
    private var movies = IdentifierColumn(mode: .automatic, name: "movieId")
    private var lines: InteractionLines
    private var fields: [InteractionTextScanner.Field] = []
    private var linesRead = 0
    private var isFirst = true
    private var sawLine = false

    init(path: String, byteCount: Int, threshold: InteractionDataset.RatingThreshold) {
        self.path = path
        self.threshold = threshold
        lines = InteractionLines(byteCount: byteCount, duplicates: .keepMaximum)
    }

    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, atStartOfFile: Bool) throws(InteractionReadError) {
        var scanner = InteractionTextScanner(bytes: chunk, path: path, linesBefore: linesRead, atStartOfFile: atStartOfFile)
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
                let userIndex = try users.index(ofInteger: user, scanner: scanner)
                let movieIndex = try movies.index(ofInteger: movie, scanner: scanner)
                try lines.append(user: userIndex, item: movieIndex, value: nil, userCount: users.count,
                                 itemCount: movies.count, scanner: scanner)
            }
        }
        linesRead = scanner.lineNumber
    }

    mutating func finish() throws(InteractionReadError) -> InteractionDataset {
        guard sawLine else { throw InteractionReadError(path: path, line: nil, reason: .empty) }
        guard lines.count > 0 else { throw InteractionReadError(path: path, line: nil, reason: .noInteractions) }
        let maps = lines.finish(users: &users, items: &movies)
        let matrix = lines.takeMatrix(userCount: maps.users.count, itemCount: maps.items.count)
        return InteractionDataset(interactions: matrix, users: maps.users, items: maps.items)
    }
}
