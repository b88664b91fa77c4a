import Ledger
import MailStore

/// Collects the records of one mbox segment from `MboxSplitter` events: where each starts, how
/// long it is (up to the next record or the end of the stream), and its content digest (limited to
/// the recorded size when the ledger records a message there).
final class SegmentScanner {
    struct Record {
        var offset: Int64
        var length: Int64
        var recorded: LedgerMessage?
        var digest: ContentDigest
    }

    let segment: String
    let recorded: [Int64: LedgerMessage]
    /// Bytes of the (uncompressed) stream fed so far.
    var streamLength: Int64 = 0
    private(set) var records: [Record] = []
    private(set) var seen: Set<Int64> = []
    private var current: Record?

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
            current = Record(offset: offset, length: 0, recorded: message, digest: ContentDigest(limit: message?.storedSize))
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
        guard var record = current else { return }
        record.length = end - record.offset
        records.append(record)
        current = nil
    }
}
