import Crypto
import Ledger

/// Messages that share a UIDL, each archived under a key of its own.
///
/// RFC 1939 §7: "The unique-id of a message is an arbitrary server-determined string … which uniquely
/// identifies a message within a maildrop". popa3d derives it from the headers and repeats it when they
/// repeat. One ledger key cannot record two messages, so each such message is archived under its content
/// key: the UIDL, a space, and the SHA-256 of the message as the server sent it (a UIDL holds no space,
/// 0x21–0x7E, so no content key is ever a UIDL). Each distinct message is archived once: a later run
/// hashes them again (RETR into a ``DigestReceiver``, nothing stored) and finds their keys known. They
/// are never deleted (``DeletionPlan``): which one a DELE would remove cannot be told.
///
/// A UIDL the ledger records as a plain key (archived while the server listed it once) is left alone:
/// which of the messages now listed under it that record holds is unknown, so none of them is archived
/// under a content key, counted as archived, or deleted.
struct ContentKeys {
    /// The messages to archive, keys replaced by content keys, in server order.
    private(set) var toFetch: [SourceMessage] = []
    /// Messages whose content key the ledger knows, or byte-identical to one fetched in this run.
    private(set) var alreadyKnown = 0

    /// Hashes the messages of `plan`'s duplicate keys that the ledger does not record as plain keys.
    init(plan: FetchPlan, inventory: [SourceMessage], known: KeyIndex, source: any MailSource) async throws {
        let unrecorded = Set(plan.duplicateKeys.filter { known.position(of: $0) == nil })
        let twins = inventory.filter { unrecorded.contains($0.key) }
        guard !twins.isEmpty else { return }
        let digests = DigestReceiver()
        try await source.retrieve(twins, into: digests)
        var fetching = Set<String>()
        for message in twins {
            guard let digest = digests.digests[message.number] else {
                throw ContentKeyMismatch(message: message, expected: nil, received: nil)
            }
            let key = Self.key(uid: message.key, sha256: digest.sha256)
            guard known.position(of: key) == nil, fetching.insert(key).inserted else {
                alreadyKnown += 1
                continue
            }
            var keyed = message
            keyed.key = key
            toFetch.append(keyed)
        }
    }

    static func key(uid: String, sha256: String) -> String { uid + " " + sha256 }

    /// The parts of a content key (a UIDL, a space, 64 lower-case hex digits); nil for any other key.
    static func components(_ key: String) -> (uid: Substring, sha256: Substring)? {
        let utf8 = key.utf8
        guard utf8.count > 65, let space = utf8.firstIndex(of: UInt8(ascii: " ")),
            utf8.distance(from: space, to: utf8.endIndex) == 65
        else { return nil }
        let digest = utf8[utf8.index(after: space)...]
        guard digest.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            !utf8[..<space].contains(UInt8(ascii: "\t"))
        else { return nil }
        return (key[..<space], key[key.index(after: space)...])
    }
}

/// Between the source and the ``ArchiveWriter`` when content-keyed messages are fetched: hashes them again
/// and refuses one whose bytes are not those its key was made from (a server answering RETR with other
/// bytes than a moment before); the batch it is in is then abandoned. Other messages pass untouched.
final class ContentKeyIntake: SourceMessageReceiver {
    private let writer: ArchiveWriter
    private var hasher: SHA256?

    init(writer: ArchiveWriter) {
        self.writer = writer
    }

    func begin(_ message: SourceMessage) throws {
        hasher = ContentKeys.components(message.key) == nil ? nil : SHA256()
        try writer.begin(message)
    }

    func bytes(_ chunk: UnsafeRawBufferPointer) throws {
        hasher?.update(bufferPointer: chunk)
        try writer.bytes(chunk)
    }

    func end(_ message: SourceMessage, octets: Int) throws {
        guard let hasher, let expected = ContentKeys.components(message.key)?.sha256 else {
            return try writer.end(message, octets: octets)
        }
        let received = IMAPIntake.hex(hasher.finalize())
        guard received == expected else {
            throw ContentKeyMismatch(message: message, expected: String(expected), received: received)
        }
        try writer.end(message, octets: octets, sourceSHA256: received)
    }
}

/// A message archived under its content key came back with other bytes than when the key was made.
public struct ContentKeyMismatch: Error, CustomStringConvertible {
    public var message: SourceMessage
    public var expected: String?
    public var received: String?

    public var description: String {
        let uid = ContentKeys.components(message.key).map { String($0.uid) } ?? message.key
        guard let expected, let received else {
            return "message \(message.number) (UIDL \(uid)) was not delivered when it was hashed"
        }
        return "message \(message.number) (UIDL \(uid)) changed between two retrievals in one session:"
            + " SHA-256 \(expected), then \(received)"
    }
}
