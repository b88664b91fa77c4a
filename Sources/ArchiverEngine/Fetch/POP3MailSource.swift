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
        return try Self.join(uids.map { SourceMessage(number: $0.number, key: $0.uid, size: 0) }, sizes)
    }

    /// UIDL alone: on a no-op run the LIST answer (as long as UIDL's) is neither asked for nor parsed.
    public func keys() async throws -> [SourceMessage]? {
        try await session.uidl().map { SourceMessage(number: $0.number, key: $0.uid, size: 0) }
    }

    /// LIST, joined with an earlier UIDL listing.
    public func sizes(of listing: [SourceMessage]) async throws -> [SourceMessage] {
        try Self.join(listing, try await session.list())
    }

    /// Servers list UIDL and LIST in message order: join by position, and by number only where they differ.
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
            guard let size = sizeByNumber[joined[index].number] else {
                throw POP3InventoryError.missingListing(number: joined[index].number, uid: joined[index].key)
            }
            joined[index].size = size
        }
        return joined
    }

    public func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        try await session.retrieve(messages.map(\.number), into: Receiver(messages: messages, receiver: receiver))
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

/// The server's UIDL and LIST answers disagree.
public enum POP3InventoryError: Error, CustomStringConvertible {
    case missingListing(number: Int, uid: String)

    public var description: String {
        switch self {
        case .missingListing(let number, let uid):
            "the server's UIDL lists message \(number) (\(uid)) but its LIST does not"
        }
    }
}
