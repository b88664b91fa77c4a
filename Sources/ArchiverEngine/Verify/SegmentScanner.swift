import Ledger
import MailStore

/// Collects the records of one mbox segment from `MboxSplitter` events: where each starts, how
/// long it is (up to the next record or the end of the stream), and its content digest (limited to
/// the recorded size when the ledger records a message there).
final class SegmentScanner {
    /// A record, reduced to its results once it ended (so memory per record stays small).
    struct Record {
        var offset: Int64
        var length: Int64
        var recorded: LedgerMessage?
        var size: Int64
        var sha256: String
        /// Bytes past the recorded size that are not just the line end the mbox writer adds.
        var unexpectedExcess: Int64?
        /// For unrecorded records: the header summary `--repair` records.
        var headers: HeaderSummary?
    }

    let segment: String
    let recorded: [Int64: LedgerMessage]
    /// Bytes of the (uncompressed) stream fed so far.
    var streamLength: Int64 = 0
    private(set) var records: [Record] = []
    private(set) var seen: Set<Int64> = []
    private var current: (offset: Int64, recorded: LedgerMessage?, digest: ContentDigest)?

    init(segment: String, recorded: [Int64: LedgerMessage]) {
        self.segment = segment
        self.recorded = recorded
    }

    func take(_ event: MboxEvent) {
        switch event {
        case .messageBegan(_, let offset, _):
            finishCurrent(at: offset)
            let message = recorded[offset]
            if message != nil { seen.insert(offset) }
            current = (offset, message, ContentDigest(limit: message?.storedSize, sniffing: message == nil))
        case .bytes(let chunk):
            current?.digest.add(chunk)
        case .messageEnded:
            break
        }
    }

    /// The stream ended: the last record runs to its end.
    func close() {
        finishCurrent(at: streamLength)
    }

    private func finishCurrent(at end: Int64) {
        guard let (offset, recorded, finished) = current else { return }
        var digest = finished
        current = nil
        records.append(Record(
            offset: offset, length: end - offset, recorded: recorded, size: digest.size, sha256: digest.hexDigest(),
            unexpectedExcess: digest.excessIsAddedLineEnd ? nil : digest.excess,
            headers: recorded == nil ? digest.summary() : nil))
    }
}
