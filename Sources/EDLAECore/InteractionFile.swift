#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An interaction file opened for reading, handed to a reader in chunks of whole lines, so that
/// reading never holds the whole file in memory (the chunk buffer is 1 MiB, larger only for a
/// longer line).
///
/// Only regular files are read: a directory, a FIFO or a device (`/dev/null`, a terminal) is
/// refused with ``InteractionReadError/Reason/unreadable(_:)`` saying what the path is, before
/// anything is read (a FIFO is opened without blocking).
final class InteractionFile {
    let path: String
    /// The size of the file in bytes when it was opened.
    let size: Int
    private let descriptor: Int32

    /// Opens `path`.
    /// - Throws: ``InteractionReadError/Reason/unreadable(_:)`` with the system's reason, or
    ///   saying that the path is a directory or not a regular file.
    init(path: String) throws(InteractionReadError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.systemError(path: path) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = Self.systemError(path: path)
            close(descriptor)
            throw error
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(descriptor)
            let what = kind == S_IFDIR ? "it is a directory, not a file" : "it is not a regular file (a FIFO, socket or device)"
            throw InteractionReadError(path: path, line: nil, reason: .unreadable(what))
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    private static func systemError(path: String) -> InteractionReadError {
        InteractionReadError(path: path, line: nil, reason: .unreadable(String(cString: strerror(errno))))
    }

    /// Calls `body` with consecutive chunks of the file: every chunk but the last ends with a line
    /// break `\n`, so no line is split between two chunks. The Boolean is `true` for the first chunk.
    /// - Throws: what `body` throws, or ``InteractionReadError/Reason/unreadable(_:)`` when reading fails.
    /// - Complexity: O(bytes); memory: the chunk buffer (1 MiB, or twice the longest line).
    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>, Bool) throws(InteractionReadError) -> Void) throws(InteractionReadError) {
        var capacity = 1 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0, isFirst = true
        while true {
            if filled == capacity {
                // A line longer than the buffer: make room for more of it.
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
                larger.moveInitialize(from: buffer, count: filled)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let received = read(descriptor, buffer + filled, capacity - filled)
            if received < 0 {
                if errno == EINTR { continue }
                throw Self.systemError(path: path)
            }
            if received == 0 {
                if filled > 0 { try body(UnsafeBufferPointer(start: buffer, count: filled), isFirst) }
                return
            }
            // Only the bytes just read can hold the chunk's last line break.
            let previous = filled
            filled += received
            var end = filled
            while end > previous && buffer[end - 1] != 0x0A { end -= 1 }
            guard end > previous else { continue }
            try body(UnsafeBufferPointer(start: buffer, count: end), isFirst)
            isFirst = false
            let rest = filled - end
            if rest > 0 { memmove(buffer, buffer + end, rest) }
            filled = rest
        }
    }
}
