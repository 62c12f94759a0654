/// The ids of one column (users or items) while a file is read: gives each line's id a provisional
/// index, and at the end turns them into the final indices and the ``IdentifierMap``.
///
/// - ``CSVReadingOptions/IdentifierMode/automatic``: while every id is a canonical decimal
///   integer, ids are hashed as integers (no `String` per line, ``IntegerIdentifierTable``) and
///   numbered in first-seen order; ``finish(remapping:)`` renumbers them in ascending numeric
///   order. At the first other id the column switches to text: the integer ids seen so far
///   become strings in their first-seen order (so their provisional indices stay valid) and the
///   column continues as `.mapped`.
/// - `.mapped`: every id is text, numbered in first-seen order (one `String` per line looked up).
/// - `.indices`: the id is the index.
struct IdentifierColumn {
    let mode: CSVReadingOptions.IdentifierMode
    /// The column's name in error messages (`user`, `item`, `userId`, ...).
    let name: String
    private var integers = IntegerIdentifierTable()
    private var texts = IdentifierCollector()
    private var isText: Bool
    /// One more than the largest index in `.indices` mode.
    private(set) var indexLimit = 0
    private var previousID = -1
    private var previousIndex: Int32 = 0

    init(mode: CSVReadingOptions.IdentifierMode, name: String) {
        self.mode = mode
        self.name = name
        isText = mode == .mapped
    }

    /// The number of distinct ids so far (in `.indices` mode, the largest index plus one).
    var count: Int {
        switch mode {
        case .indices: indexLimit
        default: isText ? texts.identifiers.count : integers.count
        }
    }

    /// Whether ``index(ofCanonicalInteger:scanner:)`` may be used: the column reads integer ids.
    var readsIntegers: Bool { mode == .indices || (mode == .automatic && !isText) }

    /// The provisional index of an id that the scanner read as a canonical integer
    /// (``InteractionTextScanner/canonicalInteger(_:)``), or `nil` when the column must see the
    /// field itself (an `.indices` id too large to be an index, whose error names the text).
    /// - Precondition: ``readsIntegers``.
    @inline(__always)
    mutating func index(ofCanonicalInteger id: Int, scanner: InteractionTextScanner) throws(InteractionReadError) -> Int32? {
        if mode == .indices {
            guard id < Int(Int32.max) else { return nil }
            if id >= indexLimit { indexLimit = id + 1 }
            return Int32(truncatingIfNeeded: id)
        }
        return try index(ofInteger: id, scanner: scanner)
    }

    /// The provisional index of the id in `field` of the scanner's current line.
    /// - Throws: in `.indices` mode, ``InteractionReadError/Reason/invalidIdentifier(field:text:)``
    ///   or ``InteractionReadError/Reason/identifierTooLarge(field:text:)``; in every mode,
    ///   ``InteractionReadError/Reason/tooManyIdentifiers(field:limit:)``.
    @inline(__always)
    mutating func index(of field: InteractionTextScanner.Field,
                        in scanner: InteractionTextScanner) throws(InteractionReadError) -> Int32 {
        switch mode {
        case .indices:
            let index = try scanner.index(field, named: name)
            if index >= indexLimit { indexLimit = index + 1 }
            return Int32(truncatingIfNeeded: index)
        case .automatic where !isText:
            if let id = scanner.canonicalInteger(field) { return try index(ofInteger: id, scanner: scanner) }
            switchToText()
            return try index(ofText: scanner.string(field), scanner: scanner)
        default:
            return try index(ofText: scanner.string(field), scanner: scanner)
        }
    }

    /// The provisional index of the integer id `id` (for readers whose ids are always integers).
    @inline(__always)
    mutating func index(ofInteger id: Int, scanner: InteractionTextScanner) throws(InteractionReadError) -> Int32 {
        if id == previousID { return previousIndex }
        if integers.count == Int(Int32.max) - 1 {
            throw scanner.error(.tooManyIdentifiers(field: name, limit: Int(Int32.max) - 1))
        }
        let index = integers.index(of: id)
        previousID = id
        previousIndex = index
        return index
    }

    private mutating func index(ofText text: String, scanner: InteractionTextScanner) throws(InteractionReadError) -> Int32 {
        if texts.identifiers.count == Int(Int32.max) - 1 && texts.indices[text] == nil {
            throw scanner.error(.tooManyIdentifiers(field: name, limit: Int(Int32.max) - 1))
        }
        return Int32(truncatingIfNeeded: texts.index(of: text))
    }

    /// Continues as `.mapped`: the integer ids seen so far become strings in first-seen order.
    private mutating func switchToText() {
        for id in integers.idsByIndex { _ = texts.index(of: String(id)) }
        integers = IntegerIdentifierTable()
        isText = true
    }

    /// The identifier map, after renumbering `indices` (the provisional indices of every line)
    /// in place when the column's ids are integers numbered in ascending order.
    /// - Complexity: O(lines + d log d) for d distinct integer ids; O(1) otherwise.
    mutating func finish(remapping indices: UnsafeMutableBufferPointer<Int32>) -> IdentifierMap {
        switch mode {
        case .indices: return .integers(count: indexLimit)
        case _ where isText: return texts.map
        default:
            let ids = integers.idsByIndex
            integers = IntegerIdentifierTable()
            let order = ids.indices.sorted { ids[$0] < ids[$1] }
            var rank = [Int32](repeating: 0, count: ids.count)
            var needsRemap = false
            for (position, provisional) in order.enumerated() {
                rank[provisional] = Int32(truncatingIfNeeded: position)
                if position != provisional { needsRemap = true }
            }
            if needsRemap {
                rank.withUnsafeBufferPointer { rank in
                    for line in indices.indices { indices[line] = rank[Int(indices[line])] }
                }
            }
            return IdentifierMap(uncheckedAscendingIntegers: order.map { ids[$0] })
        }
    }
}
