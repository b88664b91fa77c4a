import Foundation
import Ledger
import MailStore

/// The state of one IMAP run, released in `finish`.
struct IMAPAccountRun {
    let archiver: IMAPAccountArchiver
    var lock: AccountLock?
    var runID: Int64?
    var accountID: Int64?
    /// Keys the ledger knows (renamed keys included, as soon as they are renamed).
    var known: Set<String> = []
    var folderStates: [String: IMAPFolderState] = [:]
    /// The ledger's archived messages, loaded the first time a folder needs re-matching.
    var recorded: [LedgerMessage]?
    /// Messages archived and bytes stored so far by the folders done (for progress and the report).
    var committed = (messages: 0, bytes: Int64(0))
    /// What the folders so far planned to fetch, in octets the server announced: kept within an Int.
    var plannedBytes = 0
    /// Set when the policy asked for deletions the server cannot do safely (no UIDPLUS).
    var deletionRefused = false
    /// Folders that changed between EXAMINE and the SELECT before expunging (nothing expunged there).
    var changedFolders: [IMAPFolderChange] = []
    /// Folders whose EXISTS is above zero but whose listing named no message (issue 13: GNU Mailutils).
    var silentFolders: [IMAPArchiveError.SilentFolder] = []

    init(archiver: IMAPAccountArchiver) {
        self.archiver = archiver
    }

    var target: ArchiveTarget { archiver.target }
    var ledger: ArchiveLedger { archiver.ledger }
    var dryRun: Bool { archiver.options.dryRun }

    mutating func execute(connect: () async throws -> any IMAPSource, report: inout AccountReport) async throws {
        let opening = try RunOpening(
            lock: try RunOpening.lock(root: archiver.archiveRoot, target: target) { archiver.fail($0, nil, $1) },
            ledger: ledger, target: target, dryRun: dryRun, report: &report, fail: { archiver.fail($0, nil, $1) })
        (lock, runID, accountID) = (opening.lock, opening.runID, opening.accountID)
        do {
            if let accountID {
                known = try ledger.knownKeys(account: accountID)
                folderStates = try ledger.imapFolders(account: accountID)
            }
        } catch {
            throw archiver.fail(.ledger, nil, error)
        }
        let source: any IMAPSource
        do {
            source = try await connect()
        } catch {
            throw archiver.fail(.connect, nil, error)
        }
        do {
            try await archiveFolders(source: source, report: &report)
            do { try await source.logout() } catch { throw archiver.fail(.quit, nil, error) }
            if !silentFolders.isEmpty {
                throw archiver.fail(.inventory, nil, IMAPArchiveError.foldersListedNothing(silentFolders))
            }
            if deletionRefused { throw archiver.fail(.delete, nil, IMAPArchiveError.uidExpungeUnavailable) }
            if !changedFolders.isEmpty {
                throw archiver.fail(.delete, nil, IMAPArchiveError.foldersChanged(changedFolders))
            }
        } catch {
            await source.close()
            throw error
        }
    }

    private mutating func archiveFolders(source: any IMAPSource, report: inout AccountReport) async throws {
        let listed: [IMAPFolder]
        do {
            listed = try await source.folders()
        } catch {
            throw archiver.fail(.inventory, nil, error)
        }
        let (selected, missing) = archiver.selection.apply(to: listed)
        if !missing.isEmpty { report.missingFolders = missing }
        let listedNames = Set(listed.map(\.name))
        for folder in selected {
            var folderReport = IMAPFolderReport(
                name: folder.name, location: location(of: folder), uidValidity: 0)
            defer { report.folders?.append(folderReport) }
            try await archive(folder, listedNames: listedNames, from: source, report: &report, into: &folderReport)
        }
    }

    /// The folder's place relative to the account's path.
    func location(of folder: IMAPFolder) -> String {
        target.format == .maildir
            ? IMAPFolderLayout.maildirDirectory(for: folder) : IMAPFolderLayout.mboxFile(for: folder)
    }

    func finish(report: AccountReport) {
        RunConclusion.record(report, runID: runID, in: ledger)
        lock?.release()
    }
}
