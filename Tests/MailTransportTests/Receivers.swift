import Crypto
import MailTransport
import NIOCore

/// Collects every retrieved message in memory, and the order of the receiver calls.
final class CollectingReceiver: POP3MessageReceiver {
    var messages: [Int: [UInt8]] = [:]
    var events: [String] = []
    var octets: [Int: Int] = [:]
    private var current: Int?

    func begin(message: Int) throws {
        precondition(current == nil, "begin(\(message)) while \(current!) is open")
        current = message
        messages[message] = []
        events.append("begin \(message)")
    }

    func bytes(_ chunk: ByteBuffer) throws {
        messages[current!]! += chunk.readableBytesView
    }

    func end(message: Int, octets: Int) throws {
        precondition(current == message)
        current = nil
        self.octets[message] = octets
        events.append("end \(message)")
    }

    /// The messages completed (begun and ended).
    var completed: [Int] { events.filter { $0.hasPrefix("end ") }.compactMap { Int($0.dropFirst(4)) } }
}

/// Keeps nothing but a count and a SHA-256, so retrieving a large message costs no memory here.
final class HashingReceiver: POP3MessageReceiver {
    var hash = SHA256()
    var received = 0
    var ended: (message: Int, octets: Int)?

    func begin(message: Int) throws {}

    func bytes(_ chunk: ByteBuffer) throws {
        chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        received += chunk.readableBytes
    }

    func end(message: Int, octets: Int) throws { ended = (message, octets) }
}

/// Throws from `bytes` once it has seen `limit` bytes: a disk that fills up.
final class FailingReceiver: POP3MessageReceiver {
    struct DiskFull: Error {}
    let limit: Int
    var seen = 0
    init(limit: Int) { self.limit = limit }
    func begin(message: Int) throws {}
    func bytes(_ chunk: ByteBuffer) throws {
        seen += chunk.readableBytes
        if seen > limit { throw DiskFull() }
    }
    func end(message: Int, octets: Int) throws {}
}
