import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level scanning shared by the interaction readers: lines, delimited fields, numbers.
///
/// The readers work on the raw UTF-8 bytes of a file, a chunk of whole lines at a time
/// (``InteractionFile``), with no `String` per line; only identifiers that are kept as text
/// become `String`s. A UTF-8 byte-order mark (`EF BB BF`) at the start of the text is skipped.
struct InteractionTextScanner {
    /// A field of a line: bytes `start ..< end` (without surrounding blanks or quotes).
    struct Field {
        var start: Int
        var end: Int
        /// Whether the field was quoted and contains a doubled quote `""` standing for `"`.
        var hasEscapedQuote: Bool
        var isEmpty: Bool { start == end }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    private(set) var position = 0
    /// The 1-based number of the line last returned by ``nextLine()``.
    private(set) var lineNumber = 0

    /// A scanner of `bytes`, whose first line is line `linesBefore + 1` of the file.
    /// - Parameter atStartOfFile: whether `bytes` begin the text: a byte-order mark there is skipped.
    init(bytes: UnsafeBufferPointer<UInt8>, path: String, linesBefore: Int = 0, atStartOfFile: Bool = true) {
        self.bytes = bytes
        self.path = path
        self.lineNumber = linesBefore
        if atStartOfFile && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            position = 3
        }
    }

    /// Reads a whole file as bytes, or throws ``InteractionReadError/Reason/unreadable(_:)``.
    static func contents(ofFile path: String) throws(InteractionReadError) -> [UInt8] {
        let file = try InteractionFile(path: path)
        var contents = [UInt8]()
        contents.reserveCapacity(file.size)
        try file.forEachChunk { (chunk, _) throws(InteractionReadError) in contents.append(contentsOf: chunk) }
        return contents
    }

    /// Calls `body` with the UTF-8 bytes of `text` (a copy in one buffer).
    static func withBytes(of text: String,
                          _ body: (UnsafeBufferPointer<UInt8>) throws(InteractionReadError) -> Void) throws(InteractionReadError) {
        let count = text.utf8.count
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(count, 1))
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: text.utf8)
        try body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
    }

    /// An error at the current line.
    func error(_ reason: InteractionReadError.Reason) -> InteractionReadError {
        InteractionReadError(path: path, line: lineNumber, reason: reason)
    }

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The next line without its line terminator (`\n` or `\r\n`) and without leading and trailing
    /// blanks, or `nil` at the end of the text.
    mutating func nextLine() -> Range<Int>? {
        let count = bytes.count
        guard position < count, let base = bytes.baseAddress else { return nil }
        var end = count
        if let newline = memchr(base + position, 0x0A, count - position) {
            end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
        }
        var start = position
        position = end + 1
        lineNumber += 1
        while start < end && Self.isBlank(bytes[start]) { start += 1 }
        while end > start && (Self.isBlank(bytes[end - 1]) || bytes[end - 1] == 0x0D) { end -= 1 }
        return start..<end
    }

    /// The next line that is not blank (and, when `commentPrefix` is given, does not start with it).
    mutating func nextContentLine(skippingComments commentPrefix: UInt8? = nil) -> Range<Int>? {
        while let line = nextLine() {
            if line.isEmpty { continue }
            if let commentPrefix, bytes[line.lowerBound] == commentPrefix { continue }
            return line
        }
        return nil
    }

    /// Splits `line` at `delimiter` into `fields`, trimming blanks around each field and removing
    /// double quotes around a quoted field (`""` inside one stands for `"`).
    /// - Returns: the 1-based column of a malformed quoted field, or `nil` when the line is well formed.
    func splitDelimited(_ line: Range<Int>, delimiter: UInt8, into fields: inout [Field]) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let end = line.upperBound
        var cursor = line.lowerBound
        while true {
            var start = cursor
            while start < end && bytes[start] != delimiter && Self.isBlank(bytes[start]) { start += 1 }
            if start < end && bytes[start] == 0x22 {
                var close = start + 1, escaped = false
                while close < end {
                    if bytes[close] == 0x22 {
                        if close + 1 < end && bytes[close + 1] == 0x22 { escaped = true; close += 2; continue }
                        break
                    }
                    close += 1
                }
                guard close < end else { return fields.count + 1 }
                var after = close + 1
                while after < end && bytes[after] != delimiter && Self.isBlank(bytes[after]) { after += 1 }
                guard after == end || bytes[after] == delimiter else { return fields.count + 1 }
                fields.append(Field(start: start + 1, end: close, hasEscapedQuote: escaped))
                if after == end { return nil }
                cursor = after + 1
            } else {
                var stop = start
                while stop < end && bytes[stop] != delimiter { stop += 1 }
                var trimmed = stop
                while trimmed > start && Self.isBlank(bytes[trimmed - 1]) { trimmed -= 1 }
                fields.append(Field(start: start, end: trimmed, hasEscapedQuote: false))
                if stop == end { return nil }
                cursor = stop + 1
            }
        }
    }

    /// Splits `line` at runs of blanks into `fields`.
    func splitWhitespace(_ line: Range<Int>, into fields: inout [Field]) {
        fields.removeAll(keepingCapacity: true)
        var cursor = line.lowerBound
        let end = line.upperBound
        while cursor < end {
            while cursor < end && Self.isBlank(bytes[cursor]) { cursor += 1 }
            guard cursor < end else { break }
            let start = cursor
            while cursor < end && !Self.isBlank(bytes[cursor]) { cursor += 1 }
            fields.append(Field(start: start, end: cursor, hasEscapedQuote: false))
        }
    }

    /// The text of `field` (unescaping `""`).
    func string(_ field: Field) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.hasEscapedQuote ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// The text of a line.
    func string(_ line: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[line]), as: UTF8.self)
    }

    /// `field` as a non-negative decimal integer (digits only, optionally a leading `+`), or `nil`.
    /// Values above `Int32.max` saturate to `Int.max` (the caller reports them as too large).
    func nonNegativeInteger(_ field: Field) -> Int? {
        var index = field.start
        if index < field.end && bytes[index] == 0x2B { index += 1 }
        guard index < field.end else { return nil }
        var value = 0
        while index < field.end {
            let digit = Int(bytes[index]) &- 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            if value <= Int(Int32.max) { value = value * 10 + digit }
            index += 1
        }
        return value > Int(Int32.max) ? Int.max : value
    }

    /// `field` as an integer id in canonical decimal form (digits only, no sign, no leading zero
    /// unless the id is `0`, at most `Int.max`), or `nil`: the ids that the readers keep as integers
    /// (``CSVReadingOptions/IdentifierMode/automatic``), whose text `String(id)` gives back exactly.
    @inline(__always)
    func canonicalInteger(_ field: Field) -> Int? {
        let length = field.end - field.start
        guard length > 0 && length <= 19 && !field.hasEscapedQuote else { return nil }
        if length > 1 && bytes[field.start] == 0x30 { return nil }
        var value = 0
        if length < 19 {
            for index in field.start..<field.end {
                let digit = bytes[index] &- 0x30
                guard digit <= 9 else { return nil }
                value = value &* 10 &+ Int(digit)
            }
            return value
        }
        for index in field.start..<field.end {
            let digit = bytes[index] &- 0x30
            guard digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(digit))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// The two ids of a line that is exactly `<integer><delimiter><integer>`, both in canonical
    /// decimal form of at most 18 digits (see ``canonicalInteger(_:)``), or `nil` for any other line
    /// (blanks, quotes, a third field, a sign, a leading zero...), which the caller then splits.
    @inline(__always)
    func canonicalIntegerPair(_ line: Range<Int>, delimiter: UInt8) -> (Int, Int)? {
        var position = line.lowerBound
        let end = line.upperBound
        func integer(_ position: inout Int) -> Int? {
            let start = position
            var value = 0
            while position < end {
                let digit = bytes[position] &- 0x30
                if digit > 9 { break }
                value = value &* 10 &+ Int(digit)
                position += 1
            }
            let length = position - start
            guard length > 0 && length <= 18 && (length == 1 || bytes[start] != 0x30) else { return nil }
            return value
        }
        guard let first = integer(&position), position < end, bytes[position] == delimiter else { return nil }
        position += 1
        guard let second = integer(&position), position == end else { return nil }
        return (first, second)
    }

    /// `field` as a `Double` (any syntax `Double(String)` accepts), or `nil`. A field of at most
    /// 15 digits is converted without creating a string.
    func double(_ field: Field) -> Double? {
        if field.end - field.start <= 15 {
            var value = 0, index = field.start
            while index < field.end {
                let digit = Int(bytes[index]) &- 0x30
                guard digit >= 0 && digit <= 9 else { break }
                value = value * 10 + digit
                index += 1
            }
            if index == field.end && index > field.start { return Double(value) }
        }
        return Double(string(field))
    }

    /// Whether `field` reads as a number (used to tell a header from a data line).
    func isNumeric(_ field: Field) -> Bool { !field.isEmpty && double(field) != nil }

    /// Parses a non-negative, finite value of `name`, or throws the matching error at the current line.
    func value(_ field: Field, named name: String) throws(InteractionReadError) -> Double {
        guard let value = double(field) else { throw error(.invalidNumber(field: name, text: string(field))) }
        guard value.isFinite else { throw error(.nonFiniteValue(field: name, text: string(field))) }
        guard value >= 0 else { throw error(.negativeValue(field: name, text: string(field))) }
        return value
    }

    /// Parses an integer identifier used as an index (`0 ... Int32.max - 1`), or throws at the current line.
    func index(_ field: Field, named name: String) throws(InteractionReadError) -> Int {
        guard let value = nonNegativeInteger(field) else {
            throw error(.invalidIdentifier(field: name, text: string(field)))
        }
        guard value < Int(Int32.max) else { throw error(.identifierTooLarge(field: name, text: string(field))) }
        return value
    }
}

/// Assigns first-seen indices to string identifiers while reading.
struct IdentifierCollector {
    var identifiers: [String] = []
    var indices: [String: Int] = [:]

    @inline(__always)
    mutating func index(of identifier: String) -> Int {
        if let existing = indices[identifier] { return existing }
        let index = identifiers.count
        identifiers.append(identifier)
        indices[identifier] = index
        return index
    }

    var map: IdentifierMap { IdentifierMap(uncheckedIdentifiers: identifiers, indices: indices) }
}
