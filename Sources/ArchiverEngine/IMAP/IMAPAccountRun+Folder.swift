import Foundation
import Ledger
import MailStore

extension IMAPAccountRun {
    /// EXAMINE → plan → re-match → fetch → watermark → expunge, for one folder.
    mutating func archive(
        _ folder: IMAPFolder, listedNames: Set<String>, from source: any IMAPSource,
        report: inout AccountReport, into folderReport: inout IMAPFolderReport
    ) async throws {
        let status: IMAPFolderStatus
        do {
            status = try await source.examine(folder)
        } catch {
            throw archiver.fail(.inventory, folder: folder.name, error)
        }
        folderReport.uidValidity = status.uidValidity
        folderReport.serverMessages = status.exists
        report.serverMessages += status.exists
        let state = folderStates[folder.name]
        let sameValidity = state?.uidValidity == status.uidValidity
        let first = sameValidity ? state?.uidWatermark ?? 1 : 1
        let listed = try await listMessages(folder, status: status, from: first, source: source)
        if !sameValidity {
            folderReport.rematched = try await rematch(
                listed, folder: folder, status: status, listedNames: listedNames, source: source)
        }
        let plan = FetchPlan(inventory: listed, known: known)
        folderReport.planned = plan.toFetch.count
        report.planned += plan.toFetch.count
        let knownListed = listed.count { known.contains($0.key) }
        // Below the watermark are the UIDs that an earlier run listed and recorded (the ledger sets the
        // watermark only after the folder's messages are recorded): known too, without listing them.
        let knownBelowWatermark = first > 1 ? max(0, status.exists - listed.count) : 0
        folderReport.alreadyKnown = knownListed + knownBelowWatermark
        report.alreadyKnown += knownListed + knownBelowWatermark
        if status.exists > 0, listed.isEmpty, knownBelowWatermark == 0 {
            // The server says the folder holds mail, yet names none of it: never report that as done,
            // and keep the watermark where it is, or the next run would skip those messages for good.
            silentFolders.append(IMAPArchiveError.SilentFolder(name: folder.name, exists: status.exists))
            return
        }
        // `bytesToFetch` sums part of `listed`, whose sizes `listMessages` found to add up within an Int;
        // the folders together must too. The progress adds up each folder's share.
        let folderBytes = plan.bytesToFetch
        let (bytes, overflow) = plannedBytes.addingReportingOverflow(folderBytes)
        guard !overflow else {
            throw archiver.fail(.inventory, folder: folder.name, IMAPArchiveError.sizesOverflow(messages: listed.count))
        }
        plannedBytes = bytes
        archiver.progress?.planned(account: target.account, messages: plan.toFetch.count, bytes: folderBytes)

        if dryRun {
            report.wouldFetch += plan.toFetch.map(\.key)
            let candidates = try deletionCandidates(folder, uidValidity: status.uidValidity, alsoArchived: plan.toFetch)
            let deletion = try await deletionPlan(
                candidates, folder: folder, uidValidity: status.uidValidity, source: source)
            report.wouldDelete += deletion.toDelete.map(\.key)
            report.sizeMismatches += deletion.sizeMismatches
            return
        }
        guard let accountID else { return }
        try await fetch(plan.toFetch, of: folder, from: source, account: accountID, report: &report,
                        folderReport: &folderReport)
        let watermark = IMAPFolderState(
            folder: folder.name, uidValidity: status.uidValidity, uidWatermark: Self.watermark(from: first, listed))
        do {
            try ledger.setIMAPFolder(account: accountID, watermark)
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        folderStates[folder.name] = watermark
        if target.deletion != .never {
            folderReport.deleted = try await dispose(
                folder, status: status, source: source, account: accountID, report: &report,
                folderReport: &folderReport)
            report.deleted += folderReport.deleted
        }
    }

    /// The folder's messages from UID `first` on, as the engine's messages (number = UID).
    private func listMessages(
        _ folder: IMAPFolder, status: IMAPFolderStatus, from first: UInt32, source: any IMAPSource
    ) async throws -> [SourceMessage] {
        guard status.exists > 0 else { return [] }
        let infos: [IMAPMessageInfo]
        do {
            infos = try await source.messages(fromUID: first)
        } catch {
            throw archiver.fail(.inventory, folder: folder.name, error)
        }
        // Each size is within the parser's `maximumMessageSize`; their sum must fit too, so that no
        // sum over part of them (the plan, the progress) can overflow.
        var total = 0
        for info in infos {
            let (sum, overflow) = total.addingReportingOverflow(info.size)
            guard !overflow else {
                let error = IMAPArchiveError.sizesOverflow(messages: infos.count)
                throw archiver.fail(.inventory, folder: folder.name, error)
            }
            total = sum
        }
        return infos.filter { $0.uid >= first }.sorted { $0.uid < $1.uid }.map { info in
            SourceMessage(
                number: Int(info.uid),
                key: LedgerMessage.imapKey(folder: folder.name, uidValidity: status.uidValidity, uid: info.uid),
                size: info.size, flags: info.flags.maildirInfo, receivedAt: info.internalDate)
        }
    }

    /// The UID the next run lists from: the one after the highest UID listed from `first`.
    ///
    /// Only UIDs the server actually listed move it, never its UIDNEXT: a UIDNEXT announced too high
    /// would make later mail invisible. RFC 3501 §9 `uniqueid = nz-number` ends at 4294967295; after
    /// that UID the watermark stays on it (it is known, so a rerun lists it and fetches nothing).
    static func watermark(from first: UInt32, _ listed: [SourceMessage]) -> UInt32 {
        guard let highest = listed.map(\.number).max() else { return first }
        let uid = UInt32(highest)
        return max(first, uid == .max ? uid : uid + 1)
    }

    /// Renames the ledger keys of messages recognised in `listed` (see ``IMAPRematch``); a dry run
    /// only counts them. Returns how many were recognised.
    private mutating func rematch(
        _ listed: [SourceMessage], folder: IMAPFolder, status: IMAPFolderStatus, listedNames: Set<String>,
        source: any IMAPSource
    ) async throws -> Int {
        guard let accountID, !listed.isEmpty else { return 0 }
        do {
            if recorded == nil { recorded = try ledger.messages(account: accountID) }
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        var rematch = IMAPRematch(
            messages: recorded ?? [], listedFolders: listedNames, folder: folder.name, uidValidity: status.uidValidity)
        let candidates = rematch.candidates(listed, known: known)
        guard !candidates.isEmpty else { return 0 }
        let digests = DigestReceiver()
        do {
            try await source.retrieve(candidates, into: digests)
        } catch {
            throw archiver.fail(.retrieve, folder: folder.name, error)
        }
        let renames = rematch.match(candidates, digests: digests.digests)
        guard !renames.isEmpty else { return 0 }
        if !dryRun {
            do {
                try ledger.renameKeys(account: accountID, renames)
            } catch {
                throw archiver.fail(.ledger, nil, error)
            }
        }
        var newKey: [String: String] = [:]
        for rename in renames {
            newKey[rename.from] = rename.to
            known.remove(rename.from)
            known.insert(rename.to)
        }
        if var messages = recorded {
            for index in messages.indices {
                if let key = newKey[messages[index].key] { messages[index].key = key }
            }
            recorded = messages
        }
        return renames.count
    }
}
