#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interactions together with the external identifiers of their users and items.
///
/// ``InteractionMatrix`` is purely numeric (rows and columns are 0-based indices), so the solvers
/// and metrics never see identifiers. The readers return an `InteractionDataset`, whose
/// ``users`` and ``items`` maps translate row and column indices back to the ids of the file
/// (to print recommendations, or to line item names up with item indices):
///
/// ```swift
/// let data = try InteractionDataset(contentsOfCSVFile: "groceries.csv")
/// let gram = data.interactions.gram()
/// let name = data.items.identifier(at: 13)   // "13": its ids are 0 ..< 169, kept as indices
/// ```
///
/// Readers: ``init(contentsOfCSVFile:options:)``, ``init(contentsOfMovieLensRatingsFile:keeping:)``,
/// ``init(contentsOfMatrixMarketFile:duplicates:)`` (and their in-memory `text` variants).
public struct InteractionDataset: Sendable, Equatable {
    /// The users x items interactions `X`.
    public let interactions: InteractionMatrix
    /// The identifiers of the rows: `users.identifier(at: u)` is the id of user `u`.
    public let users: IdentifierMap
    /// The identifiers of the columns: `items.identifier(at: i)` is the id of item `i`.
    public let items: IdentifierMap

    /// Pairs interactions with their identifier maps.
    /// - Precondition: `users.count == interactions.userCount` and `items.count == interactions.itemCount`.
    /// - Complexity: O(1).
    public init(interactions: InteractionMatrix, users: IdentifierMap, items: IdentifierMap) {
        precondition(users.count == interactions.userCount && items.count == interactions.itemCount,
                     "Identifier maps of \(users.count) users and \(items.count) items do not fit a \(interactions.userCount)x\(interactions.itemCount) matrix")
        self.interactions = interactions
        self.users = users
        self.items = items
    }

    /// Interactions whose identifiers are their indices (``IdentifierMap/integers(count:)``).
    /// - Complexity: O(1).
    public init(interactions: InteractionMatrix) {
        self.init(interactions: interactions, users: .integers(count: interactions.userCount),
                  items: .integers(count: interactions.itemCount))
    }

    /// The users `selected` (in that order) with their identifiers, and all items.
    /// - Precondition: every index is in `0 ..< interactions.userCount` and none repeats.
    /// - Complexity: O(rows selected + their entries).
    public func selectingUsers<S: Sequence>(_ selected: S) -> InteractionDataset where S.Element == Int {
        let order = Array(selected)
        let userMap = IdentifierMap(order.map { users.identifier(at: $0) })
        precondition(userMap.count == order.count, "selectingUsers(_:) was given a repeated user")
        return InteractionDataset(interactions: interactions.rows(order), users: userMap, items: items)
    }
}

extension InteractionDataset {
    /// Checks a shape read from untrusted input against ``MemoryBudget/current`` before any
    /// allocation of that size: the CSR arrays take about `16 (users + 1) + 8 items + 24 nonzeros` bytes.
    static func checkMemory(users: Int, items: Int, nonzeros: Int, path: String,
                            line: Int?) throws(InteractionReadError) {
        let needed = MemoryBudget.sum([MemoryBudget.product([users, 16]), 16, MemoryBudget.product([items, 8]),
                                       MemoryBudget.product([nonzeros, 24])])
        do {
            try MemoryBudget.current.check(bytes: needed, purpose: "reading \(path)")
        } catch {
            guard case let .exceedsMemoryBudget(needed, available, _) = error else { return }
            throw InteractionReadError(path: path, line: line, reason: .exceedsMemoryBudget(
                users: users, items: items, needed: needed, available: available))
        }
    }

    /// Throws ``InteractionReadError/Reason/noInteractions`` when nothing but zero values was read.
    static func requireInteractions(_ matrix: InteractionMatrix, path: String) throws(InteractionReadError) {
        if matrix.nonzeroCount == 0 { throw InteractionReadError(path: path, line: nil, reason: .noInteractions) }
    }
}

extension InteractionDataset {
    /// Throws ``InteractionReadError/Reason/unreadable(_:)`` with a reason a person can act on when
    /// `path` is not a regular file that can be read: missing, a directory, a FIFO, a device such
    /// as `/dev/null`, a socket, or not readable by this user. The readers of files call it first;
    /// a caller may call it to check a path before other work.
    /// - Complexity: one `stat` and one `access` call.
    public static func checkDataFile(_ path: String) throws(InteractionReadError) {
        func fail(_ reason: String) -> InteractionReadError {
            InteractionReadError(path: path, line: nil, reason: .unreadable(reason))
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { throw fail("no such file") }
            throw fail(String(cString: strerror(code)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw fail("is a directory; give a data file inside it")
        case S_IFIFO: throw fail("is a FIFO (named pipe), not a regular file; write the data to a file first")
        case S_IFCHR, S_IFBLK: throw fail("is a device (such as /dev/null), not a data file")
        case S_IFSOCK: throw fail("is a socket, not a data file")
        default: throw fail("is not a regular file")
        }
        guard access(path, R_OK) == 0 else { throw fail("permission denied (the file is not readable by this user)") }
    }
}
