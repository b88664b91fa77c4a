import Foundation
import Ledger
import MailStore

/// Where the bytes the ledger accounts for in a plain mbox segment end, and what may happen to the
/// bytes past that end: the one place fetch (``SinkOpener``) and rotation decide it.
///
/// Past the end can lie a tail popvault tore itself (killed during a batch) or complete records
/// someone else wrote: a mail client's append, or messages archived by runs that a ledger restored
/// from an older backup no longer knows (and maybe deleted on the server since). Only the first may
/// be cut, and it is told apart by the ledger's journal of the open append (``MboxAppend``), written
/// before the first byte and moved in every batch's transaction: it starts exactly at the end then.
/// A crash at any instant leaves either no bytes past the end, or bytes with that journal row.
struct SegmentEnd {
    let path: String
    let segment: String
    /// The end of the last recorded message, or the length the file had before popvault first
    /// wrote to it (bytes nobody recorded, kept as they are).
    let committed: Int64
    /// Where the journalled open append starts, if one is.
    let appendStart: Int64?
    /// The account's name, for the advice of ``UnrecordedMboxTail`` (`nil`: not known here).
    let accountName: String?

    /// Reads the ledger's view of `file`; `currentLength` becomes the segment's base length if the
    /// ledger has never seen it.
    init(ledger: ArchiveLedger, account: Int64, accountName: String?, file: URL, currentLength: Int64) throws {
        path = file.standardizedFileURL.path
        segment = file.lastPathComponent
        let base = try ledger.segmentBase(account: account, segment: segment, currentLength: currentLength)
        let end = try ledger.lastCommittedEnd(account: account, segment: segment) ?? base
        committed = max(end, base)
        appendStart = try ledger.openAppend(account: account, segment: segment)
        self.accountName = accountName
    }

    /// The length to keep of the file, now `fileLength` long: the committed end. Bytes past it are
    /// given up only when popvault's open append began there; otherwise this throws
    /// ``UnrecordedMboxTail`` and nothing may change. (A file shorter than the end is the caller's
    /// `committedLengthBeyondEnd`.)
    func keptLength(fileLength: Int64) throws -> Int64 {
        guard fileLength > committed, appendStart != committed else { return committed }
        let complete = try? MboxTail.endOfLastCompleteMessage(in: URL(fileURLWithPath: path))
        throw UnrecordedMboxTail(
            account: accountName, path: path, offset: committed, fileLength: fileLength,
            incompleteFrom: complete.flatMap { $0 < fileLength ? max($0, committed) : nil })
    }
}

/// An mbox segment holds bytes past the end of what the ledger records that popvault did not write
/// (or cannot prove it wrote): they are refused, never cut (exit 65).
public struct UnrecordedMboxTail: Error, CustomStringConvertible, Sendable, Equatable {
    public var account: String?
    public var path: String
    /// Where the ledger's records end.
    public var offset: Int64
    public var fileLength: Int64
    /// Where an incomplete last record starts, when the file does not end with a complete one.
    public var incompleteFrom: Int64?

    public var description: String {
        let verify = "popvault verify --repair" + (account.map { " --account \($0)" } ?? "")
        var text = "\(path): the \(fileLength - offset) bytes from offset \(offset) to the end are not in the ledger "
            + "and no interrupted popvault run wrote them (a mail client's append, or a ledger restored from an "
            + "older backup); nothing was cut. Run `\(verify)` to record the messages there, then try again"
        if let incompleteFrom {
            text += "; the record from offset \(incompleteFrom) is incomplete and must first be moved out of the file "
                + "by hand (verify --repair records complete messages only)"
        }
        return text
    }
}
