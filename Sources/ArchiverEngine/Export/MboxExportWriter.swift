import Foundation
import MailStore

/// Appends exported messages to an mboxrd file through `MboxSink` (mboxrd quoting, LF line ends,
/// `From ` line, fcntl lock, fsync per batch), keeping each message's original `From ` line when
/// it has one, and the resume state (``ExportState``) beside it.
final class MboxExportWriter: ExportWriter {
    let file: String
    private let statePath: String
    private var state: ExportState
    private let sink: MboxSink
    private let batchSize: Int
    /// Source progress not yet saved: it becomes durable with the next commit.
    private var progress: [String: Int] = [:]
    private var uncommitted = 0

    init(file: String, batchSize: Int, options: SinkOptions = SinkOptions()) throws {
        self.file = file
        self.batchSize = batchSize
        statePath = ExportState.path(forMbox: file)
        let saved = try ExportState.load(statePath)
        do {
            sink = try MboxSink(file: URL(fileURLWithPath: file), committedLength: saved?.committedLength,
                                options: options)
        } catch let error as MailStoreError {
            if case .committedLengthBeyondEnd = error.kind {
                throw ExportError.state(path: statePath, reason: "\(error); remove the state file to start over")
            }
            throw error
        }
        state = saved ?? ExportState(committedLength: sink.committedLength, sources: [:])
    }

    func resumePoint(source: String) -> Int { progress[source] ?? state.sources[source] ?? 0 }

    func begin(_ message: ExportedMessage) throws {
        try sink.begin(MessageEnvelope(receivedAt: message.receivedAt, separator: message.separator))
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try sink.append(bytes)
    }

    func end() throws -> Bool {
        try sink.end()
        uncommitted += 1
        return true
    }

    func progressed(source: String, done: Int) throws {
        progress[source] = done
        if uncommitted >= batchSize { try commit() }
    }

    func abandon() -> Int {
        let dropped = uncommitted
        try? sink.abort()
        uncommitted = 0
        progress = [:]
        return dropped
    }

    func checkpoint() throws { try commit() }

    func finish() throws {
        try commit()
        try sink.close()
    }

    /// fsyncs the batch, then records the new length and the sources' progress.
    private func commit() throws {
        if uncommitted > 0 { _ = try sink.commit() }
        uncommitted = 0
        guard !progress.isEmpty || state.committedLength != sink.committedLength
            || !FileManager.default.fileExists(atPath: statePath)
        else { return }
        state.committedLength = sink.committedLength
        state.sources.merge(progress) { _, new in new }
        progress = [:]
        try state.save(statePath)
    }
}
