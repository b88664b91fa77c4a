import Foundation

/// What a destination needs to know about a message before its bytes arrive.
struct ExportedMessage {
    /// The source the message comes from (the resume state's key) and its position there.
    var source: String
    var index: Int
    /// The delivery time: Maildir name time and mtime, or the derived `From ` line's date.
    var receivedAt: Date
    /// The mbox `From ` line text to keep, if the source had (or carried) one.
    var separator: String?
    /// The `Return-Path:` value, from which `MboxSink` derives a separator when none is kept.
    var returnPath: String?
    var flags: MaildirFlags
}

/// A destination of `MailboxExporter`: a stream of messages, made durable in batches.
protocol ExportWriter: AnyObject {
    /// How many messages of `source` an earlier run already wrote durably (they are skipped).
    func resumePoint(source: String) -> Int
    func begin(_ message: ExportedMessage) throws
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Ends the message; false when the destination already held it (nothing was written).
    func end() throws -> Bool
    /// Records that the first `done` messages of `source` are handled (written or skipped).
    func progressed(source: String, done: Int) throws
    /// Reading failed mid-message: drops what is not durable yet; returns how many messages
    /// reported written by `end` were dropped with it.
    func abandon() -> Int
    /// Makes everything written so far durable (and, for mbox, the progress with it).
    func checkpoint() throws
    /// Checkpoints and releases the destination.
    func finish() throws
}
