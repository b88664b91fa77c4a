import Crypto
import IMAPWire
import MailTransport
import NIOCore

/// Collects every fetched message in memory, by UID, checking the begin → bytes → end order.
final class IMAPCollectingReceiver: IMAPMessageReceiver {
    var messages: [UInt32: [UInt8]] = [:]
    var ended: [IMAPFetchedMessage] = []
    private var current: [UInt8]?

    func begin(sequence: UInt32, uid: UInt32?) throws {
        precondition(current == nil, "begin while a message is open")
        current = []
    }

    func bytes(_ chunk: ByteBuffer) throws {
        current!.append(contentsOf: chunk.readableBytesView)
    }

    func end(_ message: IMAPFetchedMessage) throws {
        messages[message.uid] = current!
        current = nil
        ended.append(message)
    }
}

/// Keeps a count and a SHA-256 only, so a large message costs no memory here.
final class IMAPHashingReceiver: IMAPMessageReceiver {
    var hash = SHA256()
    var received = 0
    var ended: IMAPFetchedMessage?

    func begin(sequence: UInt32, uid: UInt32?) throws {}

    func bytes(_ chunk: ByteBuffer) throws {
        chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        received += chunk.readableBytes
    }

    func end(_ message: IMAPFetchedMessage) throws { ended = message }
}
