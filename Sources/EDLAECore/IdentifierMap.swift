/// A bijection between external identifiers (user or item ids as they appear in a file) and the
/// contiguous 0-based indices of an ``InteractionMatrix``.
///
/// Identifiers are strings; an integer id is identified by its decimal text (`7` is `"7"`, so
/// `"007"` and `"7"` are different identifiers). Indices are assigned in **first-seen order**:
/// the first identifier inserted gets index 0, the next new one index 1, and so on. Reading a file
/// therefore numbers users and items in the order they first occur in it.
///
/// ``integers(count:)`` is the identity map of the integers `0 ..< count` (identifier `"i"` is
/// index `i`). It stores no strings, and is what the readers produce when a file's integer ids are
/// used directly as indices (``CSVReadingOptions/IdentifierMode/indices``).
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

    /// The number of identifiers (equal to the number of indices).
    /// - Complexity: O(1).
    public var count: Int {
        switch storage {
        case .integers(let count): count
        case .strings(let identifiers, _): identifiers.count
        }
    }

    /// Whether the map is the identity of `0 ..< count` stored without strings (see ``integers(count:)``).
    public var isIntegerIdentity: Bool {
        if case .integers = storage { return true }
        return false
    }

    /// The index of `identifier`, or `nil` when it is not in the map.
    /// - Complexity: O(length of `identifier`) expected.
    public func index(of identifier: String) -> Int? {
        switch storage {
        case .integers(let count):
            guard let value = Int(identifier), value >= 0, value < count, String(value) == identifier else { return nil }
            return value
        case .strings(_, let indices):
            return indices[identifier]
        }
    }

    /// The index of the integer identifier `identifier` (its decimal text), or `nil`.
    /// - Complexity: O(1) expected.
    public func index(of identifier: Int) -> Int? {
        switch storage {
        case .integers(let count): (0..<count).contains(identifier) ? identifier : nil
        case .strings(_, let indices): indices[String(identifier)]
        }
    }

    /// The identifier of index `index`.
    /// - Precondition: `0 <= index < count`.
    /// - Complexity: O(1).
    public func identifier(at index: Int) -> String {
        precondition(index >= 0 && index < count, "Index \(index) out of range 0..<\(count)")
        switch storage {
        case .integers: return String(index)
        case .strings(let identifiers, _): return identifiers[index]
        }
    }

    /// All identifiers, ordered by index.
    /// - Complexity: O(count).
    public var identifiers: [String] {
        switch storage {
        case .integers(let count): (0..<count).map { String($0) }
        case .strings(let identifiers, _): identifiers
        }
    }

    /// Adds `identifier` with the next index unless it is present already.
    /// - Returns: whether it was added, and its index.
    /// - Complexity: O(1) amortised expected (O(count) once, when an integer identity map receives
    ///   an identifier other than the next integer and switches to stored strings).
    @discardableResult
    public mutating func insert(_ identifier: String) -> (inserted: Bool, index: Int) {
        if let existing = index(of: identifier) { return (false, existing) }
        switch storage {
        case .integers(let count):
            if identifier == String(count) {
                storage = .integers(count: count + 1)
                return (true, count)
            }
            var ids = identifiers, lookup = [String: Int](minimumCapacity: count + 1)
            for (i, id) in ids.enumerated() { lookup[id] = i }
            ids.append(identifier)
            lookup[identifier] = count
            storage = .strings(identifiers: ids, indices: lookup)
            return (true, count)
        case .strings(var ids, var lookup):
            storage = .integers(count: 0) // release the arrays so the appends below do not copy them
            let index = ids.count
            ids.append(identifier)
            lookup[identifier] = index
            storage = .strings(identifiers: ids, indices: lookup)
            return (true, index)
        }
    }

    /// A short summary: the first identifiers and the count.
    public var description: String {
        if isIntegerIdentity { return "IdentifierMap(integers 0..<\(count))" }
        let shown = identifiers.prefix(5).joined(separator: ", ")
        return count <= 5 ? "IdentifierMap([\(shown)])" : "IdentifierMap([\(shown), ...] \(count) identifiers)"
    }

    /// Whether both maps hold the same identifiers at the same indices, however they are stored.
    /// - Complexity: O(count).
    public static func == (lhs: IdentifierMap, rhs: IdentifierMap) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case let (.integers(a), .integers(b)): return a == b
        case let (.strings(a, _), .strings(b, _)): return a == b
        default:
            guard lhs.count == rhs.count else { return false }
            return (0..<lhs.count).allSatisfy { lhs.identifier(at: $0) == rhs.identifier(at: $0) }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case integerCount
        case identifiers
    }

    /// Decodes `{"integerCount": n}` (an integer identity map) or `{"identifiers": [...]}`.
    /// Throws `DecodingError.dataCorrupted` for a negative count or a repeated identifier.
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
        let identifiers = try container.decode([String].self, forKey: .identifiers)
        self.init(identifiers)
        guard count == identifiers.count else {
            throw DecodingError.dataCorruptedError(forKey: .identifiers, in: container,
                                                   debugDescription: "repeated identifiers")
        }
    }

    /// Encodes an integer identity map as `{"integerCount": n}`, any other as `{"identifiers": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch storage {
        case .integers(let count): try container.encode(count, forKey: .integerCount)
        case .strings(let identifiers, _): try container.encode(identifiers, forKey: .identifiers)
        }
    }
}
