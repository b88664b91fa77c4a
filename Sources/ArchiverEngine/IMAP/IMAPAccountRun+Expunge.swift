import Foundation
import Ledger

extension IMAPAccountRun {
    /// Expunges the folder's committed messages the policy lets go, and records them as deleted once
    /// the server confirmed. Returns how many were expunged.
    ///
    /// The folder is opened read-write (SELECT) and checked again right before the expunge: between
    /// the EXAMINE that listed it and this SELECT another client may have deleted and recreated it (a
    /// new UIDVALIDITY, and UIDs 1… name other mail: RFC 3501 §2.3.1.1), renamed it or deleted it.
    /// Then nothing is expunged there (``IMAPFolderReport/changedBeforeExpunge``) and the run ends in
    /// a temporary failure once the other folders are done: the next run examines the folder afresh,
    /// recognises what it archived (``IMAPRematch``) and expunges then. The sizes are compared in the
    /// selected folder, after the UIDVALIDITY check, so that they describe the messages expunged.
    mutating func dispose(
        _ folder: IMAPFolder, status: IMAPFolderStatus, source: any IMAPSource, account: Int64,
        report: inout AccountReport, folderReport: inout IMAPFolderReport
    ) async throws -> Int {
        let candidates = try deletionCandidates(folder, uidValidity: status.uidValidity, alsoArchived: [])
        guard !candidates.isEmpty else { return 0 }
        let selected: IMAPFolderStatus?
        do {
            guard try await source.canExpungeByUID() else {
                deletionRefused = true
                return 0
            }
            selected = try await source.select(folder)
        } catch {
            throw archiver.fail(.delete, folder: folder.name, error)
        }
        guard let selected, selected.uidValidity == status.uidValidity else {
            let change = IMAPFolderChange(
                folder: folder.name, examinedUIDValidity: status.uidValidity,
                selectedUIDValidity: selected?.uidValidity)
            folderReport.changedBeforeExpunge = change
            changedFolders.append(change)
            return 0
        }
        let plan = try await deletionPlan(candidates, folder: folder, uidValidity: status.uidValidity, source: source)
        report.sizeMismatches += plan.sizeMismatches
        if !plan.toDelete.isEmpty {
            // A ledger removed or replaced during the run would not hold what this run recorded.
            do { try ledger.checkFileUnchanged() } catch { throw archiver.fail(.ledger, nil, error) }
            do {
                let uids = plan.toDelete.map { UInt32($0.number) }
                try await source.expunge(uids: uids, uidValidity: selected.uidValidity)
            } catch {
                throw archiver.fail(.delete, folder: folder.name, error)
            }
        }
        do {
            try ledger.markDeleted(account: account, keys: plan.toDelete.map(\.key) + plan.gone, at: Date())
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        return plan.toDelete.count
    }

    /// The ledger's committed messages of `folder` under `uidValidity` that the policy lets go (plus,
    /// for a dry run under `after-archive`, what the run would archive).
    func deletionCandidates(
        _ folder: IMAPFolder, uidValidity: UInt32, alsoArchived: [SourceMessage]
    ) throws -> [DeletionCandidate] {
        let policy = target.deletion
        guard policy != .never else { return [] }
        var candidates: [DeletionCandidate] = []
        if let accountID {
            let cutoff: Date? = if case .olderThan(let age) = policy { Date().addingTimeInterval(-age) } else { nil }
            do {
                candidates = try ledger.deletionCandidates(account: accountID, archivedBefore: cutoff).compactMap {
                    guard let key = LedgerMessage.imapKeyComponents($0.key), key.folder == folder.name,
                        key.uidValidity == uidValidity
                    else { return nil }
                    return DeletionCandidate(key: $0.key, archivedSize: Int($0.serverSize), archivedAt: $0.archivedAt)
                }
            } catch {
                throw archiver.fail(.ledger, nil, error)
            }
        }
        if policy == .afterArchive {
            candidates += alsoArchived.map { DeletionCandidate(key: $0.key, archivedSize: $0.size, archivedAt: Date()) }
        }
        return candidates
    }

    /// What may be expunged of `candidates`: those the open folder still holds with the size that was
    /// archived.
    func deletionPlan(
        _ candidates: [DeletionCandidate], folder: IMAPFolder, uidValidity: UInt32, source: any IMAPSource
    ) async throws -> DeletionPlan {
        let now = Date()
        guard !candidates.isEmpty else { return DeletionPlan(policy: .never, candidates: [], inventory: [], now: now) }
        let uids = candidates.compactMap { LedgerMessage.imapKeyComponents($0.key)?.uid }
        let present: [IMAPMessageInfo]
        do {
            present = try await source.messages(uids: uids)
        } catch {
            throw archiver.fail(.delete, folder: folder.name, error)
        }
        let inventory = present.map {
            SourceMessage(
                number: Int($0.uid),
                key: LedgerMessage.imapKey(folder: folder.name, uidValidity: uidValidity, uid: $0.uid), size: $0.size)
        }
        return DeletionPlan(policy: target.deletion, candidates: candidates, inventory: inventory, now: now)
    }
}

/// Why an IMAP run could not do all it was asked.
public enum IMAPArchiveError: Error, CustomStringConvertible {
    /// `delete` is set but the server has no UID EXPUNGE (RFC 4315 UIDPLUS).
    case uidExpungeUnavailable
    /// Folders that changed between EXAMINE and the SELECT before expunging: nothing was expunged in
    /// them. Temporary: the next run expunges there.
    case foldersChanged([IMAPFolderChange])
    /// The RFC822.SIZEs the server lists (a folder's, or the folders' so far) add up past what an `Int`
    /// holds: no mailbox is that large.
    case sizesOverflow(messages: Int)
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
        case .foldersListedNothing(let folders):
            folders.map { folder in
                "folder \"\(folder.name)\" holds \(folder.exists) messages (EXISTS) but the server listed none "
                    + "of them (UID FETCH)"
            }.joined(separator: "; ") + "; nothing of them is archived: the server contradicts itself"
        case .uidExpungeUnavailable:
            "the server does not offer UIDPLUS (UID EXPUNGE); popvault archived the messages but deletes nothing, "
                + "because a plain EXPUNGE would also remove what other clients marked \\Deleted"
        case .foldersChanged(let changes):
            changes.map { "folder \"\($0.folder)\" changed before expunging (\($0.reason))" }
                .joined(separator: "; ")
                + ": nothing was expunged there, its UIDs may name other mail now; the next run archives what is "
                + "new there and expunges then"
        case .sizesOverflow(let messages):
            "the RFC822.SIZEs the server lists (\(messages) messages in this folder) add up past \(Int.max) octets, "
                + "alone or with the folders before: no mailbox is that large"
        }
    }
}

extension IMAPFolderChange {
    /// What changed, e.g. `UIDVALIDITY 7 at EXAMINE, 9 at SELECT`.
    public var reason: String {
        if let selectedUIDValidity {
            return "UIDVALIDITY \(examinedUIDValidity) at EXAMINE, \(selectedUIDValidity) at SELECT"
        }
        return "UIDVALIDITY \(examinedUIDValidity) at EXAMINE, then SELECT refused: renamed or deleted"
    }
}
