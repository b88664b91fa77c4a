import Foundation
import Ledger
import MailStore

/// Opens the account's sink, repairing what an interrupted run left: popvault's own `tmp/` leftovers
/// in a Maildir are removed by `MaildirSink`; an mbox's torn tail is cut back to the end of the last
/// message the ledger recorded (or to the length the file had before popvault first wrote to it), but
/// only when the ledger's journal shows popvault's own append began there (``SegmentEnd``). The
/// append is journalled before the sink writes anything; the ``ArchiveWriter`` moves and ends it.
struct SinkOpener {
    let ledger: ArchiveLedger
    let account: Int64
    let target: ArchiveTarget

    /// A message whose header block passes the sniffer's limit is still archived, byte for byte;
    /// only the ledger's header summary is taken from the part that fit. Refusing it would stop every
    /// later message of the account behind it.
    static let options = SinkOptions(header: HeaderSniffer.Options(oversizedHeader: .summarizePrefix))

    func open() throws -> any MessageSink {
        switch target.format {
        case .maildir:
            return try MaildirSink(directory: target.path, options: Self.options)
        case .mbox:
            let length = (try? FileManager.default.attributesOfItem(atPath: target.path.path)[.size] as? Int64) ?? 0
            let end = try SegmentEnd(
                ledger: ledger, account: account, accountName: target.account, file: target.path,
                currentLength: length)
            let sink = try MboxSink(file: target.path, options: Self.options) { try end.keptLength(fileLength: $0) }
            do {
                try ledger.beginAppend(MboxAppend(account: account, segment: end.segment, start: sink.committedLength))
            } catch {
                try? sink.close()
                throw error
            }
            return sink
        }
    }
}

/// Settles a Maildir batch that was journalled as pending when the previous run stopped: a message
/// whose file made it into `new/` or `cur/` is recorded as archived (its rename happened, so its
/// data was already fsynced); the others are forgotten (their `tmp/` files are removed by the sink).
struct PendingRecovery {
    let ledger: ArchiveLedger
    let account: Int64
    let target: ArchiveTarget

    /// Returns how many pending messages were settled.
    func run() throws -> Int {
        let pending = try ledger.pendingMessages(account: account)
        guard !pending.isEmpty else { return 0 }
        let visible = pending.filter { message in
            guard case .maildir(let path) = message.location else { return false }
            return isVisible(path)
        }
        if !visible.isEmpty {
            try ledger.commitPending(visible)
        }
        try ledger.clearPending(account: account, keys: pending.map(\.key))
        return pending.count
    }

    /// `new/NAME` as recorded, or `cur/NAME` / `cur/NAME:2,FLAGS` if a mail reader moved it (for
    /// IMAP the same inside the folder's directory: `.Work/new/NAME`).
    private func isVisible(_ path: String) -> Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path.appendingPathComponent(path).path) { return true }
        let components = path.split(separator: "/")
        let name = String((components.last ?? "").split(separator: ":").first ?? "")
        guard !name.isEmpty else { return false }
        let folder = components.dropLast(2).joined(separator: "/")
        let cur = target.path.appendingPathComponent(folder.isEmpty ? "cur" : folder + "/cur")
        let entries = (try? fm.contentsOfDirectory(atPath: cur.path)) ?? []
        return entries.contains { $0 == name || $0.hasPrefix(name + ":") }
    }
}
