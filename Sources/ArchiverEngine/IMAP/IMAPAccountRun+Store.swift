import Foundation
import Ledger
import MailStore

extension IMAPAccountRun {
    /// Streams `messages` into the folder's sink through ``IMAPIntake`` and the ``ArchiveWriter``
    /// (journal → fsync → rename → ledger, in batches).
    mutating func fetch(
        _ messages: [SourceMessage], of folder: IMAPFolder, from source: any IMAPSource, account: Int64,
        report: inout AccountReport, folderReport: inout IMAPFolderReport
    ) async throws {
        guard !messages.isEmpty else { return }
        let location = location(of: folder)
        let path = location.isEmpty ? target.path : target.path.appendingPathComponent(location)
        let folderTarget = ArchiveTarget(
            account: target.account, protocolName: target.protocolName, format: target.format, path: path,
            deletion: target.deletion)
        let sink: any MessageSink
        do {
            if target.format == .maildir && !location.isEmpty { try Self.makeMaildirFolder(path) }
            sink = try SinkOpener(ledger: ledger, account: account, target: folderTarget).open()
        } catch {
            throw archiver.fail(.open, nil, error)
        }
        let progress = archiver.progress.map { OffsetProgress(inner: $0, base: committed) }
        let writer = ArchiveWriter(
            sink: sink, ledger: ledger, accountID: account, target: folderTarget, options: archiver.options,
            progress: progress, locationPrefix: target.format == .maildir && !location.isEmpty ? location + "/" : "")
        let intake = IMAPIntake(writer: writer, addsStatusLines: target.format == .mbox)
        defer {
            folderReport.fetched = writer.committedCount
            report.fetched += writer.committedCount
            report.fetchedBytes += writer.committedBytes
            report.listSizeDiffers += writer.listSizeDiffers
            committed = (committed.messages + writer.committedCount, committed.bytes + writer.committedBytes)
        }
        try await writer.complete(account: target.account) { try await source.retrieve(messages, into: intake) }
    }

    /// A Maildir++ folder: its directory (0700) and the empty `maildirfolder` file that tells Courier
    /// and Dovecot it is a subfolder. The sink creates `tmp/`, `new/` and `cur/`.
    static func makeMaildirFolder(_ path: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let marker = path.appendingPathComponent("maildirfolder").path
        if !manager.fileExists(atPath: marker) {
            guard manager.createFile(atPath: marker, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: marker])
            }
        }
    }

    /// Expunges the folder's committed messages the policy lets go, and records them as deleted once
    /// the server confirmed. Returns how many were expunged.
    mutating func dispose(
        _ folder: IMAPFolder, status: IMAPFolderStatus, source: any IMAPSource, account: Int64,
        report: inout AccountReport
    ) async throws -> Int {
        let plan = try await deletionPlan(folder, status: status, source: source, alsoArchived: [])
        report.sizeMismatches += plan.sizeMismatches
        if !plan.toDelete.isEmpty {
            do {
                guard try await source.canExpungeByUID() else {
                    deletionRefused = true
                    return 0
                }
                try await source.expunge(folder, uids: plan.toDelete.map { UInt32($0.number) })
            } catch {
                throw archiver.fail(.delete, nil, error)
            }
        }
        do {
            try ledger.markDeleted(account: account, keys: plan.toDelete.map(\.key) + plan.gone, at: Date())
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        return plan.toDelete.count
    }

    /// What may be expunged in `folder`: the ledger's committed messages of this folder and
    /// UIDVALIDITY (plus, for a dry run under `after-archive`, what the run would archive), still on
    /// the server with the size that was archived.
    func deletionPlan(
        _ folder: IMAPFolder, status: IMAPFolderStatus, source: any IMAPSource, alsoArchived: [SourceMessage]
    ) async throws -> DeletionPlan {
        let policy = target.deletion
        let now = Date()
        let none = DeletionPlan(policy: .never, candidates: [], inventory: [], now: now)
        guard policy != .never else { return none }
        var candidates: [DeletionCandidate] = []
        if let accountID {
            let cutoff: Date? = if case .olderThan(let age) = policy { now.addingTimeInterval(-age) } else { nil }
            do {
                candidates = try ledger.deletionCandidates(account: accountID, archivedBefore: cutoff).compactMap {
                    guard let key = LedgerMessage.imapKeyComponents($0.key), key.folder == folder.name,
                        key.uidValidity == status.uidValidity
                    else { return nil }
                    return DeletionCandidate(key: $0.key, archivedSize: Int($0.serverSize), archivedAt: $0.archivedAt)
                }
            } catch {
                throw archiver.fail(.ledger, nil, error)
            }
        }
        if policy == .afterArchive {
            candidates += alsoArchived.map { DeletionCandidate(key: $0.key, archivedSize: $0.size, archivedAt: now) }
        }
        guard !candidates.isEmpty else { return none }
        let uids = candidates.compactMap { LedgerMessage.imapKeyComponents($0.key)?.uid }
        let present: [IMAPMessageInfo]
        do {
            present = try await source.messages(uids: uids)
        } catch {
            throw archiver.fail(.delete, nil, error)
        }
        let inventory = present.map {
            SourceMessage(
                number: Int($0.uid),
                key: LedgerMessage.imapKey(folder: folder.name, uidValidity: status.uidValidity, uid: $0.uid),
                size: $0.size)
        }
        return DeletionPlan(policy: policy, candidates: candidates, inventory: inventory, now: now)
    }
}

/// Offsets the per-folder counts of an ``ArchiveWriter`` by what earlier folders committed.
struct OffsetProgress: FetchProgress {
    let inner: any FetchProgress
    let base: (messages: Int, bytes: Int64)

    func planned(account: String, messages: Int, bytes: Int) {
        inner.planned(account: account, messages: messages, bytes: bytes)
    }

    func committed(account: String, messages: Int, bytes: Int) {
        inner.committed(account: account, messages: base.messages + messages, bytes: Int(base.bytes) + bytes)
    }
}

/// Why an IMAP run could not do all it was asked.
public enum IMAPArchiveError: Error, CustomStringConvertible {
    /// `delete` is set but the server has no UID EXPUNGE (RFC 4315 UIDPLUS).
    case uidExpungeUnavailable
    /// Folders that EXAMINE says hold messages but whose listing (`UID FETCH`) named none: the server
    /// contradicts itself, and a run that archived nothing from them must not end as if all were done.
    case foldersListedNothing([SilentFolder])

    /// A folder with messages (EXISTS) of which the server listed none.
    public struct SilentFolder: Sendable, Equatable {
        public var name: String
        public var exists: Int
    }

    public var description: String {
        switch self {
        case .uidExpungeUnavailable:
            "the server does not offer UIDPLUS (UID EXPUNGE); popvault archived the messages but deletes nothing, "
                + "because a plain EXPUNGE would also remove what other clients marked \\Deleted"
        case .foldersListedNothing(let folders):
            folders.map { folder in
                "folder \"\(folder.name.unicodeScalars.map { $0.escaped(asASCII: false) }.joined())\" holds "
                    + "\(folder.exists) messages (EXISTS) but the server listed none of them (UID FETCH)"
            }.joined(separator: "; ") + "; nothing of them is archived: the server contradicts itself"
        }
    }
}
