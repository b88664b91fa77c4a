/// One open level of the entity tree while parsing.
enum Frame {
    case message(MessageFrame)
    case multipart(MultipartFrame)
}

/// An open top-level or embedded message.
struct MessageFrame {
    var header: MessageHeader
    var defects: [MIMEDefect]
}

/// An open multipart body (RFC 2046 §5.1).
struct MultipartFrame {
    /// The boundary bytes, without the leading `--`.
    var boundary: [UInt8]
    var subtype: String
    /// Section prefix of the children ("" for the top-level message's body).
    var childPrefix: String
    var childCount = 0
    /// True after the close delimiter: the boundary no longer matches (we are in the epilogue).
    var closed = false
    /// True if this is the `multipart/alternative` holding the main body.
    var holdsMainBody = false
    /// The multipart's own header and path, to deliver its body as a leaf if no delimiter is found.
    var header: EntityHeader
    var path: String

    func childPath(_ index: Int) -> String {
        childPrefix.isEmpty ? "\(index)" : "\(childPrefix).\(index)"
    }
}

/// What the header being read belongs to.
enum PendingEntity {
    /// A message header (top-level, or the content of a `message/rfc822` part at `prefix`).
    case message(prefix: String)
    /// A body part at `path` with `defaultType` (text/plain, or message/rfc822 in a digest).
    case part(path: String, defaultType: String)
}

/// The line break that ended a line (kept aside: before a delimiter it belongs to the delimiter).
enum LineBreak: Int {
    case none = 0, lf, cr, crlf

    init(length: Int, first: UInt8) {
        if length == 2 { self = .crlf } else if length == 0 { self = .none } else { self = first == 0x0D ? .cr : .lf }
    }
}

/// Memory owned by the parser for decoded output; one allocation, reused.
final class ScratchBuffer {
    static let inputSlice = 64 * 1024
    let capacity = ScratchBuffer.inputSlice + 4096
    let pointer: UnsafeMutableRawPointer

    init() {
        pointer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        pointer.deallocate()
    }
}

/// The preamble of the innermost multipart while it has no part yet (bounded), kept by reference.
final class PreambleBuffer {
    var bytes: [UInt8] = []
    var active = false
    var overflow = false

    func start() {
        bytes.removeAll(keepingCapacity: true)
        active = true
        overflow = false
    }

    func stop() {
        bytes.removeAll()
        active = false
    }
}

/// A counter shared by reference.
final class EntityCounter {
    var value = 0
}
