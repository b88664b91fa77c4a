import Foundation

/// The mailbox format `popvault export` writes.
public enum ExportFormat: String, Sendable, Equatable, CaseIterable {
    /// A Maildir: one file per message in `new/` or `cur/`, named deterministically (see
    /// ``ExportMaildirName``).
    case maildir
    /// One mboxrd file, appended to (see ``ExportState`` for how a rerun resumes).
    case mbox
}

/// What `MailboxExporter` writes and where.
public struct ExportOptions: Sendable {
    /// The Maildir directory or mbox file written to (created if missing, 0700/0600).
    public var destination: String
    public var format: ExportFormat
    /// `--since` / `--until`: only messages whose `Date:` header falls inside.
    public var dates: ExportDateRange
    /// The read buffer size (and inflate output buffer for `.gz`).
    public var readChunkSize: Int
    /// Messages per durable batch (mbox: one fsync and one state file update; Maildir: one
    /// directory fsync).
    public var batchSize: Int
    /// The most header bytes buffered to read `Date:`, `Status:` and `X-Status:`; a longer header
    /// block is read up to this limit and the rest passes as body.
    public var maximumHeaderBytes: Int

    public init(
        destination: String, format: ExportFormat, dates: ExportDateRange = ExportDateRange(),
        readChunkSize: Int = 1 << 18, batchSize: Int = 256, maximumHeaderBytes: Int = 256 * 1024
    ) {
        self.destination = destination
        self.format = format
        self.dates = dates
        self.readChunkSize = readChunkSize
        self.batchSize = max(1, batchSize)
        self.maximumHeaderBytes = maximumHeaderBytes
    }
}
