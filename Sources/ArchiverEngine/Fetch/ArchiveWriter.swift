import Foundation
import Ledger
import MailStore
import MIME

/// Streams retrieved messages into a sink and commits them in batches, in the durability order of
/// DESIGN.md §1: data fsynced and made visible by the sink, then one ledger transaction per batch.
///
/// For Maildir the batch is first journalled in the ledger as pending (with the names its files
/// will have), so that a crash between the rename and the ledger transaction is repaired on the
/// next run (`PendingRecovery`) instead of leaving an unrecorded copy. A full Maildir batch goes to a
/// `MaildirCommitter`, which does all of that on its own thread while the next batch is received.
final class ArchiveWriter: SourceMessageReceiver {
    private let sink: any MessageSink
    private let ledger: ArchiveLedger
    private let accountID: Int64
    private let target: ArchiveTarget
    private let options: FetchOptions
    private let progress: (any FetchProgress)?
    /// Prepended to every stored location: the folder's directory for IMAP (`.Work/`), else "".
    private let locationPrefix: String
    private let committer: MaildirCommitter?
    /// The ledger's run row, whose counts grow with every batch's transaction.
    private let runID: Int64?

    private var current: SourceMessage?
    private struct Received {
        var key: String
        var octets: Int
        var sourceSHA256: String?
    }

    private var batch: [Received] = []
    private var batchBytes = 0
    private(set) var committedCount = 0
    private(set) var committedBytes: Int64 = 0
    private(set) var listSizeDiffers: [String] = []
    /// Whether the failure that stopped the run came from the sink (disk) rather than the source.
    private(set) var sinkFailed = false

    init(
        sink: any MessageSink, ledger: ArchiveLedger, accountID: Int64, target: ArchiveTarget,
        options: FetchOptions, progress: (any FetchProgress)?, locationPrefix: String = "", runID: Int64? = nil
    ) {
        self.locationPrefix = locationPrefix
        self.runID = runID
        self.sink = sink
        self.ledger = ledger
        self.accountID = accountID
        self.target = target
        self.options = options
        self.progress = progress
        committer = sink is MaildirSink ? MaildirCommitter(ledger: ledger, accountID: accountID, runID: runID) : nil
    }

    /// The message being received when a failure happened, if any.
    var messageInFlight: SourceMessage? { current }

    func begin(_ message: SourceMessage) throws {
        current = message
        let envelope = MessageEnvelope(receivedAt: message.receivedAt ?? Date(), flags: message.flags)
        try storing { try sink.begin(envelope) }
    }

    func bytes(_ chunk: UnsafeRawBufferPointer) throws {
        try storing { try sink.append(chunk) }
    }

    func end(_ message: SourceMessage, octets: Int) throws {
        try end(message, octets: octets, sourceSHA256: nil)
    }

    /// Ends the message; `sourceSHA256` is the hash of the bytes as the server sent them (IMAP).
    func end(_ message: SourceMessage, octets: Int, sourceSHA256: String?) throws {
        try storing { try sink.end() }
        if octets != message.size {
            listSizeDiffers.append(message.key)
        }
        batch.append(Received(key: message.key, octets: octets, sourceSHA256: sourceSHA256))
        batchBytes += octets
        current = nil
        if batch.count >= options.batchMessages || batchBytes >= options.batchBytes {
            try submitBatch()
        }
    }

    /// Makes everything received so far durable and recorded, and returns once it is.
    func flush() throws {
        try submitBatch()
        try settle()
    }

    /// Starts making the open batch durable. Maildir: the batch is detached from the sink and handed
    /// to the committer (after the previous batch is settled), and receiving goes on meanwhile.
    /// Other sinks: fsync and ledger transaction right here.
    private func submitBatch() throws {
        guard !batch.isEmpty else { return }
        if let committer, let maildir = sink as? MaildirSink {
            try settle()
            let records = try ledgerMessages(maildir.endedMessages)
            committer.submit(try storing { try maildir.detachBatch() }, records: records)
        } else {
            let records = try ledgerMessages(storing { try sink.commit() })
            try ledger.record(records, run: runID, append: openAppend)
            account(records)
        }
        batch.removeAll(keepingCapacity: true)
        batchBytes = 0
    }

    /// Waits for the batch the committer holds, if any, and counts it.
    private func settle() throws {
        guard let committer else { return }
        let records: [LedgerMessage]?
        do {
            records = try committer.wait()
        } catch {
            if error is MailStoreError { sinkFailed = true }
            throw error
        }
        if let records { account(records) }
    }

    /// The mbox append ``SinkOpener`` journalled, starting at the sink's committed end.
    private var openAppend: MboxAppend? {
        guard let mbox = sink as? MboxSink else { return nil }
        return MboxAppend(account: accountID, segment: mbox.segment, start: mbox.committedLength)
    }

    /// Once the mbox ends where the ledger says again, the append is over: removing the journal row
    /// keeps a later run from taking someone else's bytes there for a torn tail of popvault's.
    private func endAppend() {
        guard let append = openAppend else { return }
        try? ledger.endAppend(account: append.account, segment: append.segment)
    }

    private func account(_ records: [LedgerMessage]) {
        committedCount += records.count
        committedBytes += records.reduce(0) { $0 + $1.storedSize }
        progress?.committed(account: target.account, messages: committedCount, bytes: Int(committedBytes))
    }

    private func ledgerMessages(_ stored: [StoredMessage]) throws -> [LedgerMessage] {
        guard stored.count == batch.count else {
            throw SinkMismatch(expected: batch.count, got: stored.count)
        }
        let now = Date()
        return zip(batch, stored).map { received, stored in
            LedgerMessage(account: accountID, key: received.key, serverSize: Int64(received.octets), stored: stored,
                          at: now, locationPrefix: locationPrefix, sourceSHA256: received.sourceSHA256)
        }
    }

    private func storing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            sinkFailed = true
            throw error
        }
    }

    /// Runs `retrieve` (which feeds this writer), then commits the last batch and closes the sink. On
    /// failure the error is thrown as a `store` failure (the sink failed) or a `retrieve` one, naming the
    /// message in flight. A failure of the source keeps the messages that ended before it: they are
    /// committed in the durability order, so that a link that keeps dropping still makes progress; a
    /// source that ends a message only once it is known to be the one asked for (POP3's size checks)
    /// thereby keeps nothing from the point of doubt on. After a failure of the sink the open batch is
    /// abandoned.
    func complete(account: String, _ retrieve: () async throws -> Void) async throws {
        do {
            try await retrieve()
            try flush()
            try sink.close()
            endAppend()
        } catch {
            let inFlight = messageInFlight
            if !sinkFailed { keepEnded() }
            abandon()
            if let error = error as? ArchiveError { throw error }
            throw ArchiveError(account: account, phase: sinkFailed ? .store : .retrieve, message: inFlight,
                               underlying: error)
        }
    }

    /// Discards the message in flight and commits the ones that ended. If that fails too, the caller's
    /// `abandon` leaves nothing of the open batch, and the source's failure stays the one reported.
    private func keepEnded() {
        let failed = sinkFailed
        defer { sinkFailed = failed }
        do {
            if current != nil {
                current = nil
                try sink.discardOpenMessage()
            }
            try flush()
        } catch {}
    }

    /// Discards the open message and the batch not yet handed to the committer: nothing of them
    /// stays visible (none of it was journalled). A batch the committer holds is finished first and,
    /// if it made it into the ledger, counted.
    func abandon() {
        if let records = try? committer?.wait() { account(records) }
        // A tail the abort could not cut stays journalled: the next run cuts it.
        if (try? sink.abort()) != nil { endAppend() }
        batch.removeAll()
        batchBytes = 0
        current = nil
    }
}

/// A sink that committed another number of messages than it was given: a bug, never ignored.
struct SinkMismatch: Error, CustomStringConvertible {
    var expected: Int
    var got: Int
    var description: String { "the sink committed \(got) messages of a batch of \(expected)" }
}

extension LedgerMessage {
    init(
        account: Int64, key: String, serverSize: Int64, stored: StoredMessage, at now: Date,
        locationPrefix: String = "", sourceSHA256: String? = nil
    ) {
        let location: LedgerLocation
        switch stored.location {
        case .maildir(let path):
            location = .maildir(path: locationPrefix + path)
        case .mbox(let segment, let offset, let length):
            location = .mbox(segment: locationPrefix + segment, offset: offset, length: length)
        }
        let headers = ArchivedHeaders(stored.headers)
        self.init(
            account: account, key: key, serverSize: serverSize, storedSize: stored.size,
            sha256: stored.sha256, messageID: headers.messageID, date: headers.date,
            from: headers.from, subject: headers.subject, location: location,
            state: .archived, archivedAt: now, deletedAt: nil, sourceSHA256: sourceSHA256
        )
    }
}
