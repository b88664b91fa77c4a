import Foundation
import IMAPWire
import MailTransport
import NIOCore

/// The engine's view of an IMAP account over an `IMAPSession`: LIST, EXAMINE, metadata `UID FETCH`
/// of the UIDs from the watermark up, pipelined `BODY.PEEK[]` streamed into the engine's receiver, and
/// SELECT + `UID STORE` + `UID EXPUNGE` for deletions.
public final class IMAPSessionSource: IMAPSource {
    private let session: IMAPSession

    public init(session: IMAPSession) {
        self.session = session
    }

    /// Connects, upgrades to TLS and authenticates as the configuration says.
    public static func connect(_ configuration: IMAPConfiguration) async throws -> IMAPSessionSource {
        IMAPSessionSource(session: try await IMAPSession.connect(configuration))
    }

    public func folders() async throws -> [IMAPFolder] {
        try await session.list().map { listing in
            IMAPFolder(
                name: listing.mailbox.isInbox ? "INBOX" : listing.name, delimiter: listing.delimiter,
                isSelectable: listing.isSelectable, serverName: listing.mailbox.wire)
        }
    }

    public func examine(_ folder: IMAPFolder) async throws -> IMAPFolderStatus {
        let status = try await session.examine(IMAPMailboxName(wire: folder.serverName))
        return IMAPFolderStatus(uidValidity: status.uidValidity, uidNext: status.uidNext, exists: status.exists)
    }

    public func messages(fromUID first: UInt32) async throws -> [IMAPMessageInfo] {
        try await session.fetchMetadata(from: first).map(Self.info)
    }

    public func messages(uids: [UInt32]) async throws -> [IMAPMessageInfo] {
        try await session.fetchMetadata(uids: uids).map(Self.info)
    }

    /// QUIRK: RFC 3501 §7.4.2 makes RFC822.SIZE mandatory when asked for; a server that leaves it out
    /// gets size 0 here, so the message is fetched (and reported as having a differing size).
    static func info(_ message: IMAPFetchedMessage) -> IMAPMessageInfo {
        IMAPMessageInfo(
            uid: message.uid, size: message.size ?? 0, flags: IMAPMessageFlags(names: message.flags),
            internalDate: message.internalDate.map { Date(timeIntervalSince1970: TimeInterval($0.secondsSince1970)) })
    }

    public func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        guard !messages.isEmpty else { return }
        try await session.fetchBodies(
            uids: messages.map { UInt32($0.number) }, into: Receiver(messages: messages, receiver: receiver))
    }

    public func canExpungeByUID() async throws -> Bool {
        session.supportsUIDExpunge
    }

    public func select(_ folder: IMAPFolder) async throws -> IMAPFolderStatus? {
        do {
            let status = try await session.select(IMAPMailboxName(wire: folder.serverName))
            return IMAPFolderStatus(uidValidity: status.uidValidity, uidNext: status.uidNext, exists: status.exists)
        } catch let error as IMAPError where error.kind == .refused {
            return nil
        }
    }

    public func expunge(uids: [UInt32], uidValidity: UInt32) async throws {
        guard session.supportsUIDExpunge else { throw IMAPArchiveError.uidExpungeUnavailable }
        guard let open = session.openMailbox, !open.readOnly, open.uidValidity == uidValidity else {
            let change = IMAPFolderChange(
                folder: String(decoding: session.openMailbox?.mailbox.wire ?? [], as: UTF8.self),
                examinedUIDValidity: uidValidity, selectedUIDValidity: session.openMailbox?.uidValidity)
            throw IMAPArchiveError.foldersChanged([change])
        }
        try await session.markDeleted(uids: uids)
        try await session.expunge(uids: uids)
    }

    public func logout() async throws {
        try await session.logout()
    }

    public func close() async {
        await session.close()
    }

    /// Maps fetched UIDs back to the engine's messages.
    private final class Receiver: IMAPMessageReceiver {
        let byUID: [UInt32: SourceMessage]
        /// The messages not delivered yet, in the order asked (ascending UID).
        var expected: ArraySlice<SourceMessage>
        let receiver: SourceMessageReceiver
        var current: SourceMessage?

        init(messages: [SourceMessage], receiver: SourceMessageReceiver) {
            var byUID: [UInt32: SourceMessage] = [:]
            for message in messages { byUID[UInt32(message.number)] = message }
            self.byUID = byUID
            expected = messages.sorted { $0.number < $1.number }[...]
            self.receiver = receiver
        }

        var delivered: Set<Int> = []

        func begin(sequence: UInt32, uid: UInt32?) throws {
            let message: SourceMessage
            if let uid {
                guard let known = byUID[uid] else { throw IMAPFetchMismatch(expected: nil, got: uid) }
                message = known
            } else {
                // The server sends UID after the body: assume the next UID asked for; `end` checks it.
                while let first = expected.first, delivered.contains(first.number) { expected.removeFirst() }
                guard let next = expected.first else { throw IMAPFetchMismatch(expected: nil, got: nil) }
                message = next
            }
            delivered.insert(message.number)
            current = message
            try receiver.begin(message)
        }

        func bytes(_ chunk: ByteBuffer) throws {
            try chunk.withUnsafeReadableBytes { try receiver.bytes($0) }
        }

        func end(_ fetched: IMAPFetchedMessage) throws {
            guard let current, UInt32(current.number) == fetched.uid else {
                throw IMAPFetchMismatch(expected: current.map { UInt32($0.number) }, got: fetched.uid)
            }
            self.current = nil
            try receiver.end(current, octets: fetched.octets)
        }
    }
}

/// The server delivered a body for another message than the one asked for (or expected next).
public struct IMAPFetchMismatch: Error, CustomStringConvertible {
    public var expected: UInt32?
    public var got: UInt32?

    public var description: String {
        "the server sent the body of UID \(got.map(String.init) ?? "?") where popvault expected "
            + (expected.map { "UID \($0)" } ?? "no message")
    }
}
