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
            progress: progress, locationPrefix: target.format == .maildir && !location.isEmpty ? location + "/" : "",
            runID: runID)
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

