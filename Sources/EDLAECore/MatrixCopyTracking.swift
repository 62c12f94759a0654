import Foundation

/// Counts the matrix buffers that copy-on-write duplicates while a piece of code runs.
///
/// A ``Matrix`` copies its buffer only when a shared buffer is about to be mutated. Wrap code in
/// ``countingCopies(_:)`` to see how many such copies it made, e.g. to confirm that an in-place
/// update of a uniquely referenced `m` x `m` matrix allocates nothing, or that
/// `(consume a).positiveDefiniteInverse()` reuses `a`'s buffer. Only copies made by the calling
/// task (and tasks it creates inside `body`) are counted; copies in unrelated concurrent tasks are not.
package enum MatrixCopyTracking {
    /// The counter of the innermost ``countingCopies(_:)`` scope of the current task, if any.
    @TaskLocal static var _counter: _CopyCounter?

    /// Records one buffer copy in the current scope (called by the storage's copy path).
    @usableFromInline
    static func _recordCopy() {
        _counter?.increment()
    }

    /// Runs `body` and returns its result together with the number of matrix buffers that
    /// copy-on-write duplicated while it ran (in this task and its child tasks).
    /// - Complexity: that of `body`; counting costs one task-local lookup per copy.
    package static func countingCopies<R>(_ body: () throws -> R) rethrows -> (result: R, copies: Int) {
        let counter = _CopyCounter()
        let result = try $_counter.withValue(counter) { try body() }
        return (result, counter.value)
    }

    /// Runs the asynchronous `body` and returns its result together with the number of matrix
    /// buffers that copy-on-write duplicated while it ran (in this task and its child tasks).
    /// - Complexity: that of `body`; counting costs one task-local lookup per copy.
    package static func countingCopies<R: Sendable>(
        _ body: () async throws -> R
    ) async rethrows -> (result: R, copies: Int) {
        let counter = _CopyCounter()
        let result = try await $_counter.withValue(counter) { try await body() }
        return (result, counter.value)
    }
}

/// A thread-safe counter (child tasks may copy concurrently).
final class _CopyCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock(); count += 1; lock.unlock()
    }

    var value: Int {
        lock.lock(); defer { lock.unlock() }
        return count
    }
}
