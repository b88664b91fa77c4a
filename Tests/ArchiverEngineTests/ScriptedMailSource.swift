import ArchiverEngine
import Foundation
import Synchronization
import XCTest

/// An in-memory mailbox for engine tests, beside the real POP3 tests: it follows POP3 semantics
/// (deletions applied only at a successful QUIT) and injects faults on request.
final class ScriptedMailSource: MailSource {
    struct Fault: Sendable {
        /// Fail the retrieval after this many bytes of the whole run.
        var failAfterBytes: Int?
        /// Answer QUIT with an error (deletions are then not applied).
        var failQuit = false
        /// Announce a LIST size this much larger than the real one for these keys.
        var misreportedSizes: [String: Int] = [:]
        /// List keys and sizes separately (`keys()`, then `sizes(of:)`), as the POP3 source does.
        var keysFirst = false
    }

    struct Mailbox: Sendable {
        var messages: [(key: String, bytes: [UInt8])] = []
        var marked: Set<String> = []
        var sessions = 0
        var retrieved: [String] = []
        /// The listings asked for, in order: `inventory`, `keys`, `sizes`.
        var listings: [String] = []
    }

    let state: Mutex<Mailbox>
    let fault: Mutex<Fault>

    init(messages: [(String, [UInt8])], fault: Fault = Fault()) {
        state = Mutex(Mailbox(messages: messages.map { (key: $0.0, bytes: $0.1) }))
        self.fault = Mutex(fault)
    }

    /// The bytes on the wire: CRLF line ends, as a POP3 server sends them.
    static func wire(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { out.append(UInt8(ascii: "\r")) }
            out.append(byte)
        }
        return out
    }

    var remainingKeys: [String] { state.withLock { $0.messages.map(\.key) } }
    var retrievedKeys: [String] { state.withLock { $0.retrieved } }

    func add(_ key: String, _ bytes: [UInt8]) {
        state.withLock { $0.messages.append((key: key, bytes: bytes)) }
    }

    var listings: [String] { state.withLock { $0.listings } }

    func inventory() async throws -> [SourceMessage] {
        listing("inventory")
    }

    func keys() async throws -> [SourceMessage]? {
        guard fault.withLock({ $0.keysFirst }) else { return nil }
        return listing("keys").map { SourceMessage(number: $0.number, key: $0.key, size: 0) }
    }

    func sizes(of listing: [SourceMessage]) async throws -> [SourceMessage] {
        let sized = state.withLock { mailbox in
            mailbox.listings.append("sizes")
            return sizedMessages(mailbox)
        }
        XCTAssertEqual(sized.map(\.key), listing.map(\.key), "sizes are asked for the listing just read")
        return sized
    }

    /// A new session's listing (pending deletions dropped, as a POP3 server does).
    private func listing(_ name: String) -> [SourceMessage] {
        state.withLock { mailbox in
            mailbox.sessions += 1
            mailbox.marked = []
            mailbox.listings.append(name)
            return sizedMessages(mailbox)
        }
    }

    private func sizedMessages(_ mailbox: Mailbox) -> [SourceMessage] {
        let extra = fault.withLock { $0.misreportedSizes }
        return mailbox.messages.enumerated().map { index, message in
            SourceMessage(number: index + 1, key: message.key,
                          size: Self.wire(message.bytes).count + (extra[message.key] ?? 0))
        }
    }

    func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        var budget = fault.withLock { $0.failAfterBytes } ?? Int.max
        for message in messages {
            let bytes = state.withLock { $0.messages[message.number - 1].bytes }
            let wire = Self.wire(bytes)
            try receiver.begin(message)
            var offset = 0
            while offset < wire.count {
                let end = min(wire.count, offset + 1000)
                let take = min(end - offset, budget)
                try wire[offset..<offset + take].withUnsafeBytes { try receiver.bytes($0) }
                budget -= take
                offset += take
                if budget == 0 { throw ConnectionDropped(afterMessage: message.key) }
            }
            try receiver.end(message, octets: wire.count)
            state.withLock { $0.retrieved.append(message.key) }
        }
    }

    func delete(_ messages: [SourceMessage]) async throws {
        state.withLock { mailbox in
            for message in messages { mailbox.marked.insert(message.key) }
        }
    }

    func quit() async throws {
        if fault.withLock({ $0.failQuit }) {
            state.withLock { $0.marked = [] }
            throw ConnectionDropped(afterMessage: "QUIT")
        }
        state.withLock { mailbox in
            mailbox.messages.removeAll { mailbox.marked.contains($0.key) }
            mailbox.marked = []
        }
    }

    func close() async {
        state.withLock { $0.marked = [] }
    }
}

struct ConnectionDropped: Error, CustomStringConvertible {
    var afterMessage: String
    var description: String { "connection dropped during \(afterMessage)" }
}
