import Foundation
import Ledger
import MailStore
import MIME

/// The last check before a DELE: is the message the server lists under a key the one archived under it?
///
/// The size check of `DeletionPlan` does not see a UIDL reused for other mail of the same size, nor a
/// server that answered every RETR with one message. So, for the messages about to be deleted only (a
/// run that deletes nothing asks nothing more), the source shows each one's header block (POP3:
/// `TOP n 0`, pipelined) and the fields the ledger recorded when the message was archived —
/// Message-ID, Date, From and Subject, sniffed by the same code from the same bytes — must be found
/// there unchanged. Headers a server adds on its own (`Status:`, `X-UID:`) do not count, and no ledger
/// column is needed. A message that fails the check, or that the server would not show, is kept on
/// the server and reported.
///
/// Without TOP there is no check, and the size check alone decides, as before; but several keys whose
/// archived copies are byte-identical (one SHA-256) are then all kept: the signature of a server that
/// served one message for several RETRs. With TOP they are deleted only if each passes the check.
struct DeletionCheck {
    let ledger: ArchiveLedger
    let account: Int64

    /// The messages of `candidates` that may be deleted, and the keys kept on the server.
    func confirm(
        _ candidates: [SourceMessage], on source: any MailSource
    ) async throws -> (confirmed: [SourceMessage], kept: [String]) {
        guard !candidates.isEmpty else { return ([], []) }
        let wanted = Set(candidates.map(\.key))
        var archived: [String: LedgerMessage] = [:]
        for record in try ledger.deletionCandidates(account: account, archivedBefore: nil)
        where wanted.contains(record.key) {
            archived[record.key] = record
        }
        let shown = HeaderSummaries()
        let checked = try await source.headers(of: candidates, into: shown)
        var confirmed: [SourceMessage] = []
        var kept: [String] = []
        let copies = Dictionary(grouping: candidates.compactMap { archived[$0.key]?.sha256 }, by: { $0 })
        for message in candidates {
            guard let record = archived[message.key] else {
                kept.append(message.key)
                continue
            }
            let passes: Bool
            if checked {
                passes = shown.summaries[message.key].map { ArchivedHeaders($0) == ArchivedHeaders(record) } ?? false
            } else {
                passes = copies[record.sha256, default: []].count == 1
            }
            if passes { confirmed.append(message) } else { kept.append(message.key) }
        }
        return (confirmed, kept)
    }
}

/// The header fields the ledger records for a message, as compared by `DeletionCheck`.
struct ArchivedHeaders: Equatable {
    var messageID: String?
    var date: Date?
    var from: String?
    var subject: String?

    /// As the ledger records them from a stored message's header summary.
    init(_ headers: HeaderSummary) {
        messageID = headers.messageID
        date = headers.date.flatMap(MessageDate.parse)
        from = headers.from
        subject = headers.subject
    }

    /// As the ledger recorded them.
    init(_ record: LedgerMessage) {
        messageID = record.messageID
        date = record.date
        from = record.from
        subject = record.subject
    }
}

/// The header summary of each message a source shows, by key (nothing else of it is kept).
private final class HeaderSummaries: SourceMessageReceiver {
    private(set) var summaries: [String: HeaderSummary] = [:]
    private var reader = WireHeaderReader(options: SinkOpener.options.header)

    func begin(_ message: SourceMessage) throws {
        reader = WireHeaderReader(options: SinkOpener.options.header)
    }

    func bytes(_ chunk: UnsafeRawBufferPointer) throws {
        reader.add(chunk)
    }

    func end(_ message: SourceMessage, octets: Int) throws {
        summaries[message.key] = reader.finish()
    }
}
