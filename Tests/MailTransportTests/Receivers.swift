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

/// Keeps nothing but a count and an FNV-1a hash, so retrieving a large message costs no memory here.
final class HashingReceiver: POP3MessageReceiver {
    var hash = FNV1a()
    var received = 0
    var ended: (message: Int, octets: Int)?

    func begin(message: Int) throws {}

    func bytes(_ chunk: ByteBuffer) throws {
        hash.update(chunk.readableBytesView)
        received += chunk.readableBytes
    }

    func end(message: Int, octets: Int) throws { ended = (message, octets) }
}

struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }
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
