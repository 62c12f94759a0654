/// A bijection between external identifiers (user or item ids as they appear in a file) and the
/// contiguous 0-based indices of an ``InteractionMatrix``.
///
/// Identifiers are strings; an integer id is identified by its decimal text (`7` is `"7"`, so
/// `"007"` and `"7"` are different identifiers). Maps built by ``init(_:)`` and ``insert(_:)``
/// assign indices in **first-seen order**: the first identifier inserted gets index 0, the next new
/// one index 1, and so on.
///
/// Two kinds of map store integers instead of strings:
/// - ``integers(count:)`` is the identity map of the integers `0 ..< count` (identifier `"i"` is
///   index `i`), what the readers produce when a file's integer ids are used directly as indices
///   (``CSVReadingOptions/IdentifierMode/indices``) or when its integer ids are exactly
///   `0 ..< count`;
/// - ``ascendingIntegers(_:)`` maps the `k`-th smallest of a set of non-negative integer ids to
///   index `k`: what the readers produce by default for integer ids with gaps (MovieLens `movieId`s
///   up to 193,609 for 9,742 movies give 9,742 indices). It stores 8 bytes per id.
///
/// ```swift
/// var items = IdentifierMap()
/// items.insert("milk")        // (inserted: true, index: 0)
/// items.insert("bread")       // (inserted: true, index: 1)
/// items.insert("milk")        // (inserted: false, index: 0)
/// items.index(of: "bread")    // 1
/// items.identifier(at: 0)     // "milk"
/// ```
///
/// Two maps are equal when they have the same identifiers at the same indices, whichever way they
/// are stored.
public struct IdentifierMap: Sendable, Equatable, Codable, CustomStringConvertible {
    @usableFromInline
    enum Storage: Sendable {
        /// Identifier `"i"` is index `i` for `i` in `0 ..< count`.
        case integers(count: Int)
        /// `ids[i]` (strictly ascending, non-negative) is index `i`.
        case ascendingIntegers(ids: [Int])
        /// `identifiers[i]` is index `i`; `indices` is its inverse.
        case strings(identifiers: [String], indices: [String: Int])
    }

    @usableFromInline var storage: Storage

    /// An empty map.
    /// - Complexity: O(1).
    public init() {
        storage = .strings(identifiers: [], indices: [:])
    }

    /// A map of `identifiers` in first-seen order (a repeated identifier keeps its first index).
    /// - Complexity: O(n) expected.
    public init<S: Sequence>(_ identifiers: S) where S.Element == String {
        self.init()
        for identifier in identifiers { insert(identifier) }
    }

    /// A map from arrays that are already inverse to each other (used by the readers).
    init(uncheckedIdentifiers identifiers: [String], indices: [String: Int]) {
        storage = .strings(identifiers: identifiers, indices: indices)
    }

    /// The identity map of the integers `0 ..< count`: identifier `"i"` (decimal, no sign or
    /// leading zeros) is index `i`.
    /// - Precondition: `count >= 0`.
    /// - Complexity: O(1); stores no strings.
    public static func integers(count: Int) -> IdentifierMap {
        precondition(count >= 0, "An identifier map cannot have \(count) entries")
        var map = IdentifierMap()
        map.storage = .integers(count: count)
        return map
    }

    /// The map of the strictly ascending non-negative integers `ids`: identifier `"\(ids[k])"`
    /// (decimal, no sign or leading zeros) is index `k`. When `ids` is `0 ..< ids.count` this is
    /// ``integers(count:)``.
    /// - Returns: `nil` when `ids` is not strictly ascending or holds a negative number.
    /// - Complexity: O(ids.count); stores no strings.
    public static func ascendingIntegers(_ ids: [Int]) -> IdentifierMap? {
        guard ids.first.map({ $0 >= 0 }) ?? true, zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        return IdentifierMap(uncheckedAscendingIntegers: ids)
    }

    /// ``ascendingIntegers(_:)`` without the checks (used by the readers, which sort the ids).
    init(uncheckedAscendingIntegers ids: [Int]) {
        if ids.last.map({ $0 == ids.count - 1 }) ?? true {
            storage = .integers(count: ids.count)   // 0 ..< count: the identity
        } else {
            storage = .ascendingIntegers(ids: ids)
        }
    }

    /// The number of identifiers (equal to the number of indices).
    /// - Complexity: O(1).
    public var count: Int {
        switch storage {
        case .integers(let count): count
        case .ascendingIntegers(let ids): ids.count
        case .strings(let identifiers, _): identifiers.count
        }
    }

    /// Whether the map is the identity of `0 ..< count` stored without strings (see ``integers(count:)``).
    public var isIntegerIdentity: Bool {
        if case .integers = storage { return true }
        return false
    }

    /// The index of `identifier`, or `nil` when it is not in the map.
    /// - Complexity: O(length of `identifier`) expected; O(log count) for ``ascendingIntegers(_:)``.
    public func index(of identifier: String) -> Int? {
        switch storage {
        case .integers, .ascendingIntegers:
            guard let value = Int(identifier), value >= 0, String(value) == identifier else { return nil }
            return index(of: value)
        case .strings(_, let indices):
            return indices[identifier]
        }
    }

    /// The index of the integer identifier `identifier` (its decimal text), or `nil`.
    /// - Complexity: O(1) expected; O(log count) for ``ascendingIntegers(_:)``.
    public func index(of identifier: Int) -> Int? {
        switch storage {
        case .integers(let count): return (0..<count).contains(identifier) ? identifier : nil
        case .ascendingIntegers(let ids):
            var low = 0, high = ids.count
            while low < high {
                let middle = (low + high) / 2
                if ids[middle] < identifier { low = middle + 1 } else { high = middle }
            }
            return low < ids.count && ids[low] == identifier ? low : nil
        case .strings(_, let indices): return indices[String(identifier)]
        }
    }

    /// The identifier of index `index`.
    /// - Precondition: `0 <= index < count`.
    /// - Complexity: O(1).
    public func identifier(at index: Int) -> String {
        precondition(index >= 0 && index < count, "Index \(index) out of range 0..<\(count)")
        switch storage {
        case .integers: return String(index)
        case .ascendingIntegers(let ids): return String(ids[index])
        case .strings(let identifiers, _): return identifiers[index]
        }
    }

    /// All identifiers, ordered by index.
    /// - Complexity: O(count).
    public var identifiers: [String] {
        switch storage {
        case .integers(let count): (0..<count).map { String($0) }
        case .ascendingIntegers(let ids): ids.map { String($0) }
        case .strings(let identifiers, _): identifiers
        }
    }

    /// Adds `identifier` with the next index unless it is present already.
    /// - Returns: whether it was added, and its index.
    /// - Complexity: O(1) amortised expected (O(count) once, when an integer map receives an
    ///   identifier that is not an integer above all of its ids and switches to stored strings).
    @discardableResult
    public mutating func insert(_ identifier: String) -> (inserted: Bool, index: Int) {
        if let existing = index(of: identifier) { return (false, existing) }
        switch storage {
        case .integers(let count):
            if identifier == String(count) {
                storage = .integers(count: count + 1)
                return (true, count)
            }
            if let value = Int(identifier), value > count, String(value) == identifier {
                storage = .ascendingIntegers(ids: Array(0..<count) + [value])
                return (true, count)
            }
            convertToStrings()
            return insert(identifier)
        case .ascendingIntegers(var ids):
            if let value = Int(identifier), value > ids[ids.count - 1], String(value) == identifier {
                storage = .integers(count: 0) // release the array so the append below does not copy it
                ids.append(value)
                storage = .ascendingIntegers(ids: ids)
                return (true, ids.count - 1)
            }
            convertToStrings()
            return insert(identifier)
        case .strings(var ids, var lookup):
            storage = .integers(count: 0) // release the arrays so the appends below do not copy them
            let index = ids.count
            ids.append(identifier)
            lookup[identifier] = index
            storage = .strings(identifiers: ids, indices: lookup)
            return (true, index)
        }
    }

    /// Stores the identifiers as strings (before an insertion that an integer map cannot hold).
    private mutating func convertToStrings() {
        let ids = identifiers
        var lookup = [String: Int](minimumCapacity: ids.count + 1)
        for (i, id) in ids.enumerated() { lookup[id] = i }
        storage = .strings(identifiers: ids, indices: lookup)
    }

    /// A short summary: the first identifiers and the count.
    public var description: String {
        if isIntegerIdentity { return "IdentifierMap(integers 0..<\(count))" }
        let shown = (0..<Swift.min(5, count)).map { identifier(at: $0) }.joined(separator: ", ")
        return count <= 5 ? "IdentifierMap([\(shown)])" : "IdentifierMap([\(shown), ...] \(count) identifiers)"
    }

    /// Whether both maps hold the same identifiers at the same indices, however they are stored.
    /// - Complexity: O(count).
    public static func == (lhs: IdentifierMap, rhs: IdentifierMap) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case let (.integers(a), .integers(b)): return a == b
        case let (.ascendingIntegers(a), .ascendingIntegers(b)): return a == b
        case let (.strings(a, _), .strings(b, _)): return a == b
        default:
            guard lhs.count == rhs.count else { return false }
            return (0..<lhs.count).allSatisfy { lhs.identifier(at: $0) == rhs.identifier(at: $0) }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case integerCount
        case ascendingIntegers
        case identifiers
    }

    /// Decodes `{"integerCount": n}` (an integer identity map), `{"ascendingIntegers": [...]}`
    /// or `{"identifiers": [...]}`. Throws `DecodingError.dataCorrupted` for a negative count, a
    /// repeated identifier, or integers that are negative or not strictly ascending.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let count = try container.decodeIfPresent(Int.self, forKey: .integerCount) {
            guard count >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .integerCount, in: container,
                                                       debugDescription: "negative count \(count)")
            }
            self = .integers(count: count)
            return
        }
        if let ids = try container.decodeIfPresent([Int].self, forKey: .ascendingIntegers) {
            guard let map = IdentifierMap.ascendingIntegers(ids) else {
                throw DecodingError.dataCorruptedError(forKey: .ascendingIntegers, in: container,
                                                       debugDescription: "integers not strictly ascending and non-negative")
            }
            self = map
            return
        }
        let identifiers = try container.decode([String].self, forKey: .identifiers)
        self.init(identifiers)
        guard count == identifiers.count else {
            throw DecodingError.dataCorruptedError(forKey: .identifiers, in: container,
                                                   debugDescription: "repeated identifiers")
        }
    }

    /// Encodes an integer identity map as `{"integerCount": n}`, an ``ascendingIntegers(_:)`` map
    /// as `{"ascendingIntegers": [...]}`, any other as `{"identifiers": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch storage {
        case .integers(let count): try container.encode(count, forKey: .integerCount)
        case .ascendingIntegers(let ids): try container.encode(ids, forKey: .ascendingIntegers)
        case .strings(let identifiers, _): try container.encode(identifiers, forKey: .identifiers)
        }
    }
}
