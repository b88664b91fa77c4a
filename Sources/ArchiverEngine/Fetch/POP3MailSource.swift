import MailTransport
import NIOCore
import POP3Wire

/// The engine's view of a POP3 mailbox, over a `POP3Session`: UIDL joined with LIST, pipelined
/// RETR streamed into the engine's receiver, DELE, and QUIT.
public final class POP3MailSource: MailSource {
    private let session: POP3Session

    public init(session: POP3Session) {
        self.session = session
    }

    /// Connects, upgrades to TLS and authenticates as the configuration says.
    public static func connect(_ configuration: POP3Configuration) async throws -> POP3MailSource {
        POP3MailSource(session: try await POP3Session.connect(configuration))
    }

    public var authenticationMethod: String? { session.authenticationMethod }

    /// UIDL joined with LIST. A server without UIDL is refused: without stable keys every run would
    /// download everything again.
    public func inventory() async throws -> [SourceMessage] {
        let (uids, sizes) = try await session.uidlAndList()
        return try Self.join(try Self.keyed(uids), sizes)
    }

    /// UIDL alone: on a no-op run the LIST answer (as long as UIDL's) is neither asked for nor parsed.
    public func keys() async throws -> [SourceMessage]? {
        try Self.keyed(try await session.uidl())
    }

    /// LIST, joined with an earlier UIDL listing.
    public func sizes(of listing: [SourceMessage]) async throws -> [SourceMessage] {
        try Self.join(listing, try await session.list())
    }

    /// The UIDL listing as messages (sizes still 0). The session has checked that no number is listed
    /// twice; here every number must be one of 1…n. RFC 1939 §5 numbers the messages of a maildrop 1…n,
    /// and nothing is deleted yet when popvault lists them: a number past the listing's length means the
    /// server's numbering is not the one its RETR and DELE will use.
    private static func keyed(_ uids: [POP3UIDLEntry]) throws -> [SourceMessage] {
        if let stray = uids.first(where: { $0.number > uids.count }) {
            throw POP3InventoryError.numberOutOfRange(number: stray.number, uid: stray.uid, count: uids.count)
        }
        return uids.map { SourceMessage(number: $0.number, key: $0.uid, size: 0) }
    }

    /// Servers list UIDL and LIST in message order: join by position, and by number only where they differ.
    /// Both must list the same messages (neither lists a number twice: the session checked that).
    private static func join(_ listing: [SourceMessage], _ sizes: [POP3ListEntry]) throws -> [SourceMessage] {
        var joined = listing
        if listing.count == sizes.count, zip(listing, sizes).allSatisfy({ $0.number == $1.number }) {
            for index in joined.indices { joined[index].size = sizes[index].size }
            return joined
        }
        var sizeByNumber: [Int: Int] = [:]
        sizeByNumber.reserveCapacity(sizes.count)
        for entry in sizes { sizeByNumber[entry.number] = entry.size }
        for index in joined.indices {
            guard let size = sizeByNumber.removeValue(forKey: joined[index].number) else {
                throw POP3InventoryError.missingListing(number: joined[index].number, uid: joined[index].key)
            }
            joined[index].size = size
        }
        if let extra = sizes.first(where: { sizeByNumber[$0.number] != nil }) {
            throw POP3InventoryError.missingUIDL(number: extra.number, size: extra.size)
        }
        return joined
    }

    /// RETR, each message checked against its LIST size (a desync check, see `RetrievalCheck`).
    public func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        let sizes = Dictionary(messages.map { ($0.number, $0.size) }, uniquingKeysWith: { first, _ in first })
        try await session.retrieve(
            messages.map(\.number), expectedSizes: sizes, into: Receiver(messages: messages, receiver: receiver))
    }

    /// `TOP n 0`, pipelined, when CAPA offers TOP (or the server has no CAPA: RFC 1939 servers mostly
    /// answer TOP anyway). A `-ERR` leaves the messages not yet shown without headers; the session stays usable.
    public func headers(of messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws -> Bool {
        let capabilities = session.capabilities
        guard capabilities.supportsTop || capabilities.capabilities.isEmpty else { return false }
        do {
            let numbers = messages.map(\.number)
            try await session.top(numbers, lines: 0, into: Receiver(messages: messages, receiver: receiver))
        } catch let error as POP3Error {
            guard case .serverError = error.kind else { throw error }
        }
        return true
    }

    public func delete(_ messages: [SourceMessage]) async throws {
        try await session.delete(messages.map(\.number))
    }

    public func quit() async throws {
        try await session.quit()
    }

    public func close() async {
        await session.close()
    }

    /// Maps session message numbers back to the engine's messages.
    private struct Receiver: POP3MessageReceiver {
        let byNumber: [Int: SourceMessage]
        let receiver: SourceMessageReceiver

        init(messages: [SourceMessage], receiver: SourceMessageReceiver) {
            var byNumber: [Int: SourceMessage] = [:]
            for message in messages { byNumber[message.number] = message }
            self.byNumber = byNumber
            self.receiver = receiver
        }

        func begin(message: Int) throws {
            try receiver.begin(byNumber[message]!)
        }

        func bytes(_ chunk: ByteBuffer) throws {
            try chunk.withUnsafeReadableBytes { try receiver.bytes($0) }
        }

        func end(message: Int, octets: Int) throws {
            try receiver.end(byNumber[message]!, octets: octets)
        }
    }
}

/// The server's UIDL and LIST answers disagree, or break RFC 1939's numbering or unique ids.
public enum POP3InventoryError: Error, CustomStringConvertible {
    case missingListing(number: Int, uid: String)
    /// A LIST line for a message UIDL does not list: it has no key, and would never be archived.
    case missingUIDL(number: Int, size: Int)
    /// A UIDL line numbered past the listing's length (RFC 1939 §5 numbers messages 1…n).
    case numberOutOfRange(number: Int, uid: String, count: Int)
    /// UIDLs the server lists for more than one message (RFC 1939 §7: "The unique-id of a message … is
    /// unique"), each with its message numbers: those messages are never deleted (see ``ContentKeys``).
    case duplicateUIDLs([(uid: String, messages: [Int])])

    public var description: String {
        switch self {
        case .missingListing(let number, let uid):
            "the server's UIDL lists message \(number) (\(uid)) but its LIST does not"
        case .missingUIDL(let number, let size):
            "the server's LIST lists message \(number) (\"\(number) \(size)\") but its UIDL does not"
        case .numberOutOfRange(let number, let uid, let count):
            "the server's UIDL numbers a message \(number) (\"\(number) \(uid)\") in a listing of \(count) messages"
        case .duplicateUIDLs(let duplicates):
            "the server lists "
                + duplicates.map { uid, messages in
                    "UIDL \(uid) for messages " + messages.map(String.init).joined(separator: ", ")
                }.joined(separator: "; ")
                + " (RFC 1939 requires unique ids): those messages are never deleted; each is archived under its UIDL"
                + " and SHA-256 unless the ledger recorded the UIDL before the server shared it"
        }
    }
}
