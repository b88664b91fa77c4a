import Foundation
import Ledger
import MailStore

extension SegmentRotator {
    /// What a due rotation compresses, and under which name.
    struct Plan {
        var length: Int64
        var target: String
    }

    /// The committed length of the plain segment: the end of its last recorded message, or the
    /// length it had before popvault first wrote to it (bytes nobody recorded, kept as they are).
    /// A tail popvault tore past it is not compressed (it goes with the plain file); other bytes past
    /// it refuse the rotation (``UnrecordedMboxTail``): removing the plain file would lose them.
    func committedLength() throws -> (length: Int64, fileLength: Int64)? {
        guard let fileLength = try SegmentFiles.size(file.path) else { return nil }
        let end = try SegmentEnd(ledger: ledger, account: account, accountName: nil, file: file, currentLength: fileLength)
        let length = try end.keptLength(fileLength: fileLength)
        guard length <= fileLength else {
            throw MailStoreError(
                .committedLengthBeyondEnd(committed: length, fileLength: fileLength), operation: .stat, path: file.path)
        }
        return (length, fileLength)
    }

    /// When the plain segment began: when its first recorded message was archived, or, when it
    /// holds none (content older than popvault), the file's last modification.
    func segmentStart() throws -> Date {
        if let first = try ledger.firstArchivedAt(account: account, segment: plainName) { return first }
        return Date(timeIntervalSince1970: try SegmentFiles.modificationTime(file.path))
    }

    /// The rotation due at `now`, or `nil`.
    func plan(now: Date, force: Bool) throws -> Plan? {
        if policy == .none && !force { return nil }
        guard let (length, _) = try committedLength(), length > 0 else { return nil }
        var start: Date?
        let due: Bool
        switch policy {
        case .none:
            due = force
        case .monthly:
            let began = try segmentStart()
            start = began
            due = force || SegmentNaming.monthIndex(began) < SegmentNaming.monthIndex(now)
        case .size(let limit):
            due = force || length >= limit
        }
        guard due else { return nil }
        let onDisk = Set(try SegmentFiles.names(in: directory.path))
        let naming = SegmentNaming(plain: plainName, taken: onDisk.union(try ledger.mboxSegmentNames(account: account)))
        if case .size = policy { return Plan(length: length, target: naming.numbered()) }
        return Plan(length: length, target: naming.monthly(try start ?? segmentStart()))
    }
}
