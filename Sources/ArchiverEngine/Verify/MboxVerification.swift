import Foundation
import Ledger
import MailStore

/// Verifies an mbox account: every segment the ledger names, plus those on disk even when the ledger
/// names none of them (``AccountArchiveLayout/mboxSegmentsOnDisk()``: a POP3 account's current mbox
/// and its rotated segments, every folder's mbox of an IMAP account). A segment is
/// read once, front to back (a `.gz` one through `GzipReader`: offsets are in the uncompressed
/// stream), cut into records by `MboxSplitter`; a record starting at a recorded offset is hashed
/// and compared, any other record is unrecorded.
struct MboxVerification {
    let layout: AccountArchiveLayout
    let chunkSize: Int
    /// Where the ledger's journal says an interrupted fetch began appending, per segment: an
    /// incomplete last record from there on is popvault's own (``SegmentEnd``).
    var openAppends: [String: Int64] = [:]

    func run(_ recorded: [LedgerMessage], into result: inout AccountVerification) throws -> [UnrecordedMessage] {
        var order: [String] = []
        var bySegment: [String: [Int64: LedgerMessage]] = [:]
        for message in recorded {
            guard case .mbox(let segment, let offset, _) = message.location else { continue }
            if bySegment[segment] == nil { order.append(segment) }
            bySegment[segment, default: [:]][offset] = message
        }
        for segment in layout.mboxSegmentsOnDisk() where bySegment[segment] == nil {
            order.append(segment)
            bySegment[segment] = [:]
        }
        var unrecorded: [UnrecordedMessage] = []
        for segment in order {
            let path = layout.file(segment)
            let messages = bySegment[segment] ?? [:]
            result.checked += messages.count
            guard FileManager.default.fileExists(atPath: path) else {
                for (offset, message) in messages.sorted(by: { $0.key < $1.key }) {
                    result.findings.append(VerifyFinding(
                        kind: .missing, location: Self.location(path, offset, message), key: message.key,
                        detail: "segment \(segment) is missing"))
                }
                continue
            }
            let scanner = SegmentScanner(segment: segment, recorded: messages)
            var splitter = MboxSplitter()
            do {
                try GzipReader.forEachChunk(ofFile: path, chunkSize: chunkSize) { chunk in
                    try splitter.feed(chunk) { scanner.take($0) }
                    scanner.streamLength += Int64(chunk.count)
                }
                try splitter.finish { scanner.take($0) }
            } catch {
                throw VerifyError.unreadable(path: path, reason: "\(error)")
            }
            scanner.close()
            let tornFrom = try GzipReader.isCompressed(path: path)
                ? nil : try MboxTail.endOfLastCompleteMessage(in: URL(fileURLWithPath: path))
            report(scanner, path: path, tornFrom: tornFrom, named: !messages.isEmpty, into: &result,
                   unrecorded: &unrecorded)
        }
        return unrecorded
    }

    /// `named`: whether the ledger records anything in this segment. Records of a segment it does
    /// not name are reported but not repairable: such a file is usually one half of a rotation
    /// that stopped midway (the `.gz` written but not adopted, or the plain file not yet removed),
    /// whose messages the ledger records in the other half; the next fetch or rotate finishes it.
    private func report(
        _ scanner: SegmentScanner, path: String, tornFrom: Int64?, named: Bool, into result: inout AccountVerification,
        unrecorded: inout [UnrecordedMessage]
    ) {
        for record in scanner.records {
            let location = "\(path)@\(record.offset)+\(record.length)"
            if let message = record.recorded {
                let same = record.size == message.storedSize && record.sha256 == message.sha256
                if same && record.unexpectedExcess == nil {
                    result.matched += 1
                } else {
                    let detail = record.unexpectedExcess.map {
                        "the record holds \($0) bytes more than the \(message.storedSize) recorded"
                    } ?? MaildirVerification.difference(size: record.size, sha256: record.sha256, recorded: message)
                    result.findings.append(VerifyFinding(kind: .altered, location: location, key: message.key,
                                                         detail: detail))
                }
                continue
            }
            let torn = tornFrom.map { record.offset >= $0 } ?? false
            let stored = StoredMessage(
                location: .mbox(segment: scanner.segment, offset: record.offset, length: record.length),
                size: record.size, sha256: record.sha256, headers: record.headers ?? HeaderSummary())
            unrecorded.append(UnrecordedMessage(
                stored: stored, findingIndex: result.findings.count, isRepairable: named && !torn))
            let ours = openAppends[scanner.segment].map { record.offset >= $0 } ?? false
            let detail = torn && ours ? "a torn tail an interrupted fetch began (the next fetch cuts it off)"
                : torn ? "an incomplete record popvault did not write (fetch will not cut it: move it out of the file)"
                : named ? "\(record.size) bytes, not in the ledger"
                : "\(record.size) bytes, in a segment the ledger does not name (not repaired)"
            result.findings.append(VerifyFinding(kind: .unrecorded, location: location, detail: detail))
        }
        for (offset, message) in scanner.recorded.sorted(by: { $0.key < $1.key }) where !scanner.seen.contains(offset) {
            result.findings.append(VerifyFinding(
                kind: .missing, location: Self.location(path, offset, message), key: message.key,
                detail: "no record starts at offset \(offset)"))
        }
    }

    static func location(_ path: String, _ offset: Int64, _ message: LedgerMessage) -> String {
        guard case .mbox(_, _, let length) = message.location else { return "\(path)@\(offset)" }
        return "\(path)@\(offset)+\(length)"
    }
}
