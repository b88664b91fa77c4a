import ArchiverEngine
import Foundation
import Synchronization

/// An in-memory IMAP account for engine tests: folders with UIDVALIDITY and UIDs, renames and
/// recreation, UID EXPUNGE, and injected faults.
final class ScriptedIMAPSource: IMAPSource {
    struct Message: Sendable {
        var uid: UInt32
        var bytes: [UInt8]
        var flags: IMAPMessageFlags
    }

    struct Folder: Sendable {
        var name: String
        var selectable = true
        var uidValidity: UInt32
        var uidNext: UInt32 = 1
        var messages: [Message] = []
    }

    struct Account: Sendable {
        var folders: [Folder] = []
        var nextValidity: UInt32 = 1000
        var examined: String?
        /// Whether the folder `examined` names was opened with `select`.
        var selected = false
        var uidPlus = true
        /// Answer every UID search with no UIDs, as GNU Mailutils imap4d 3.15 answers `UID SEARCH UID 1:*`.
        var searchFindsNothing = false
        /// Fail a body fetch after this many bytes of the whole session.
        var failAfterBytes: Int?
        /// Every body fetched: "folder/uid".
        var bodies: [String] = []
        var expunged: [String] = []
    }

    let state = Mutex(Account())

    func add(folder name: String, selectable: Bool = true) {
        state.withLock { account in
            account.nextValidity += 1
            account.folders.append(Folder(name: name, selectable: selectable, uidValidity: account.nextValidity))
        }
    }

    func append(_ bytes: [UInt8], to name: String, flags: IMAPMessageFlags = []) {
        state.withLock { account in
            let index = account.folders.firstIndex { $0.name == name }!
            let uid = account.folders[index].uidNext
            account.folders[index].uidNext += 1
            let message = Message(uid: uid, bytes: ScriptedMailSource.wire(bytes), flags: flags)
            account.folders[index].messages.append(message)
        }
    }

    /// Renames a folder (UIDs and UIDVALIDITY are kept, as Dovecot does).
    func rename(_ name: String, to newName: String) {
        state.withLock { account in
            let index = account.folders.firstIndex { $0.name == name }!
            account.folders[index].name = newName
        }
    }

    /// Deletes and recreates the folder with the same messages under new UIDs and a new UIDVALIDITY.
    func recreate(_ name: String) {
        state.withLock { account in
            let index = account.folders.firstIndex { $0.name == name }!
            account.nextValidity += 1
            var folder = account.folders[index]
            folder.uidValidity = account.nextValidity
            folder.uidNext = 1
            folder.messages = folder.messages.map { message in
                defer { folder.uidNext += 1 }
                return Message(uid: folder.uidNext, bytes: message.bytes, flags: message.flags)
            }
            account.folders[index] = folder
        }
    }

    var bodies: [String] { state.withLock { $0.bodies } }

    func messages(in name: String) -> [Message] {
        state.withLock { account in account.folders.first { $0.name == name }?.messages ?? [] }
    }

    // MARK: - IMAPSource

    func folders() async throws -> [IMAPFolder] {
        state.withLock { $0.folders.map { IMAPFolder(name: $0.name, delimiter: "/", isSelectable: $0.selectable) } }
    }

    func examine(_ folder: IMAPFolder) async throws -> IMAPFolderStatus {
        try state.withLock { account in
            guard let found = account.folders.first(where: { $0.name == folder.name }) else {
                throw ScriptedIMAPFailure(reason: "no folder \(folder.name)")
            }
            account.examined = folder.name
            account.selected = false
            return IMAPFolderStatus(
                uidValidity: found.uidValidity, uidNext: found.uidNext, exists: found.messages.count)
        }
    }

    private func current(_ account: Account) -> Folder {
        account.folders.first { $0.name == account.examined }!
    }

    func messages(fromUID first: UInt32) async throws -> [IMAPMessageInfo] {
        state.withLock { account in
            guard !account.searchFindsNothing else { return [] }
            let messages = current(account).messages
            // RFC 3501 §6.4.8: `n:*` always includes the highest message.
            let chosen = messages.filter { $0.uid >= first }
            let list = chosen.isEmpty ? Array(messages.suffix(1)) : chosen
            return list.map { IMAPMessageInfo(uid: $0.uid, size: $0.bytes.count, flags: $0.flags) }
        }
    }

    func messages(uids: [UInt32]) async throws -> [IMAPMessageInfo] {
        state.withLock { account in
            current(account).messages.filter { uids.contains($0.uid) }.map {
                IMAPMessageInfo(uid: $0.uid, size: $0.bytes.count, flags: $0.flags)
            }
        }
    }

    func retrieve(_ messages: [SourceMessage], into receiver: SourceMessageReceiver) async throws {
        for message in messages {
            let (name, body) = state.withLock { account in
                let folder = current(account)
                return (folder.name, folder.messages.first { $0.uid == UInt32(message.number) }?.bytes)
            }
            guard let body else { continue }
            try receiver.begin(message)
            var offset = 0
            while offset < body.count {
                let budget = state.withLock { $0.failAfterBytes } ?? Int.max
                let take = min(body.count - offset, 700, budget)
                try body[offset..<offset + take].withUnsafeBytes { try receiver.bytes($0) }
                offset += take
                try state.withLock { account in
                    if let left = account.failAfterBytes {
                        account.failAfterBytes = left - take
                        if left - take <= 0 {
                            account.failAfterBytes = nil
                            throw ScriptedIMAPFailure(reason: "connection dropped in \(name)/\(message.number)")
                        }
                    }
                }
            }
            try receiver.end(message, octets: body.count)
            state.withLock { $0.bodies.append("\(name)/\(message.number)") }
        }
    }

    func canExpungeByUID() async throws -> Bool {
        state.withLock { $0.uidPlus }
    }

    func select(_ folder: IMAPFolder) async throws -> IMAPFolderStatus? {
        guard let status = try? await examine(folder) else { return nil }
        state.withLock { $0.selected = true }
        return status
    }

    func expunge(uids: [UInt32], uidValidity: UInt32) async throws {
        try state.withLock { account in
            let index = account.folders.firstIndex { $0.name == account.examined }!
            guard account.selected, account.folders[index].uidValidity == uidValidity else {
                throw ScriptedIMAPFailure(reason: "expunge outside a SELECT of UIDVALIDITY \(uidValidity)")
            }
            account.folders[index].messages.removeAll { uids.contains($0.uid) }
            account.expunged += uids.map { "\(account.folders[index].name)/\($0)" }
        }
    }

    func logout() async throws {}

    func close() async {}
}

struct ScriptedIMAPFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
