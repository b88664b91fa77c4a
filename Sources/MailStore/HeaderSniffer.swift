#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeaderSyntax

/// Reads the header block of an LF-normalized message as it streams past and keeps the fields the
/// ledger records (`HeaderSummary`). Used by both sinks; the mbox sink also needs `Return-Path`
/// before it can write the `From ` separator.
///
/// The header block ends at the first empty line (RFC 5322 §2.1), or with the message. Only the
/// first occurrence of each field counts (for `Return-Path` that is the one the final delivery
/// added). Values are unfolded (RFC 5322 §2.2.3: a line end followed by white space is removed)
/// and trimmed, but not RFC 2047 decoded.
public struct HeaderSniffer: Sendable {
    /// What to do with a header block longer than `maximumHeaderBytes`.
    public enum OversizedHeaderPolicy: Sendable, Equatable {
        /// Throw `MailStoreError.Kind.headerTooLarge`.
        case fail
        /// Keep the fields that ended within the limit and treat the rest of the message as body.
        case summarizePrefix
    }

    /// Limits of the sniffer.
    public struct Options: Sendable, Equatable {
        /// The most header bytes (blank line included) read for the summary.
        public var maximumHeaderBytes: Int
        public var oversizedHeader: OversizedHeaderPolicy

        public init(maximumHeaderBytes: Int = 256 * 1024, oversizedHeader: OversizedHeaderPolicy = .fail) {
            self.maximumHeaderBytes = maximumHeaderBytes
            self.oversizedHeader = oversizedHeader
        }
    }

    public let options: Options
    /// The fields seen so far; final once `isComplete`.
    public private(set) var summary = HeaderSummary()
    /// True once the header block has ended (or was cut at the limit, see `wasTruncated`).
    public private(set) var isComplete = false
    /// True when the header block ran past the limit under `.summarizePrefix`.
    public private(set) var wasTruncated = false
    /// Header bytes consumed so far.
    public private(set) var headerBytes = 0
    private var field: [UInt8] = []
    private var atLineStart = true

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Reads LF-normalized message bytes. Returns how many of them belong to the header block when
    /// it ends inside `bytes` (the rest is body), or `nil` when all of them are still header.
    /// Once complete, returns 0 without reading. A `headerTooLarge` error has an empty `path`; the
    /// sinks fill in the file.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) throws -> Int? {
        if isComplete { return 0 }
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            if atLineStart {
                let first = base.load(fromByteOffset: index, as: UInt8.self)
                if first == ASCII.lf {
                    index += 1
                    headerBytes += 1
                    complete()
                    return index
                }
                if first != ASCII.space && first != ASCII.tab { takeField() }
                atLineStart = false
            }
            let newline = memchr(base + index, Int32(ASCII.lf), count - index)
            let lineEnd = newline.map { UnsafeRawPointer($0) - base + 1 } ?? count
            let room = options.maximumHeaderBytes - headerBytes
            if lineEnd - index > room {
                guard options.oversizedHeader == .summarizePrefix else {
                    throw MailStoreError(
                        .headerTooLarge(actual: headerBytes + lineEnd - index, maximum: options.maximumHeaderBytes),
                        operation: .append, path: "")
                }
                headerBytes += room
                field.removeAll()
                wasTruncated = true
                isComplete = true
                return index + room
            }
            field.append(contentsOf: UnsafeRawBufferPointer(start: base + index, count: lineEnd - index))
            headerBytes += lineEnd - index
            atLineStart = newline != nil
            index = lineEnd
        }
        return nil
    }

    /// The message ended: whatever was read is the whole header block.
    public mutating func finish() {
        if !isComplete { complete() }
    }

    private mutating func complete() {
        takeField()
        isComplete = true
    }

    /// Files the field collected so far, if it is one the summary keeps.
    private mutating func takeField() {
        defer { field.removeAll(keepingCapacity: true) }
        // White space before the colon (RFC 5322 §4.5) is `HeaderLine`'s to accept.
        guard case .field(let nameEnd, let colon) = HeaderLine.kind(field),
            let name = HeaderSummary.Field(name: field[..<nameEnd])
        else { return }
        guard summary[name] == nil else { return }
        summary[name] = HeaderValue.unfold(field[(colon + 1)...])
    }
}
