import Foundation
import MailStore
import MIME

/// Sits between a mailbox reader and an ``ExportWriter``: buffers each message's header block (up
/// to `ExportOptions.maximumHeaderBytes`) to read `Date:`, `Status:`, `X-Status:` and
/// `Return-Path:`, applies the date range and the resume point, then streams the message through.
///
/// The bytes written are the bytes read, with one exception: a message going from a Maildir to an
/// mbox that carries neither `Status:` nor `X-Status:` gets those headers, derived from its Maildir
/// flags, inserted before the header block's empty line. Existing headers are never changed.
final class ExportGate: MailboxConsumer {
    /// What the current input is; it decides where flags and the delivery time come from.
    enum SourceKind { case mbox, maildir, messageFile }

    private let writer: ExportWriter
    private let options: ExportOptions
    var summary = ExportSummary()
    var progress: ((ExportSummary) -> Void)?
    private(set) var sourceKey = ""
    private var kind = SourceKind.mbox
    private var resumeFrom = 0
    private var sequence = 0
    /// For ledger-recorded mbox segments: the stored size of the message starting at each offset
    /// (the record's content is that many bytes; a line end after it was added by the mbox writer).
    var storedSizes: [Int64: Int64]?

    private enum Phase { case idle, skipping, header, body }
    private var phase = Phase.idle
    private var origin = MailboxMessage(source: "", index: 0)
    private var index = 0
    private var header: [UInt8] = []
    private var sniffer = HeaderSniffer()
    private var remaining: Int64?
    private var messageSize: Int64 = 0

    init(writer: ExportWriter, options: ExportOptions) {
        self.writer = writer
        self.options = options
    }

    /// Starts a source; `key` names it in the resume state (the same input must give the same key).
    func startSource(key: String, kind: SourceKind) {
        sourceKey = key
        self.kind = kind
        resumeFrom = writer.resumePoint(source: key)
        sequence = 0
        storedSizes = nil
    }

    /// Switches how the next messages of the same source are read (an archive's mbox segments
    /// after its Maildir files), keeping the source's position count.
    func setSourceKind(_ kind: SourceKind) {
        self.kind = kind
    }

    func messageBegan(_ message: MailboxMessage) throws {
        index = sequence
        sequence += 1
        summary.read += 1
        guard index >= resumeFrom else {
            summary.alreadyExported += 1
            phase = .skipping
            return
        }
        origin = message
        header.removeAll(keepingCapacity: true)
        sniffer = HeaderSniffer(options: .init(
            maximumHeaderBytes: options.maximumHeaderBytes, oversizedHeader: .summarizePrefix))
        remaining = message.offset.flatMap { storedSizes?[$0] }
        phase = .header
    }

    func messageBytes(_ chunk: UnsafeRawBufferPointer) throws {
        var bytes = chunk
        if let left = remaining {
            bytes = UnsafeRawBufferPointer(rebasing: chunk.prefix(Int(min(Int64(chunk.count), left))))
            remaining = left - Int64(bytes.count)
        }
        switch phase {
        case .idle, .skipping:
            return
        case .body:
            messageSize += Int64(bytes.count)
            try writer.write(bytes)
        case .header:
            guard let part = try sniffer.consume(bytes) else { return header.append(contentsOf: bytes) }
            header.append(contentsOf: bytes.prefix(part))
            try decide()
            if phase == .body {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[part...])
                messageSize += Int64(rest.count)
                try writer.write(rest)
            }
        }
    }

    func messageEnded() throws {
        if phase == .header {
            sniffer.finish()
            try decide()
        }
        if phase == .body, try writer.end() {
            summary.exported += 1
            summary.exportedBytes += messageSize
        } else if phase == .body {
            summary.alreadyExported += 1
        }
        phase = .idle
        try writer.progressed(source: sourceKey, done: sequence)
        progress?(summary)
    }

    /// Reading failed mid-message: forget it (and whatever the writer drops with it).
    func abandonMessage() {
        summary.exported -= writer.abandon()
        phase = .idle
    }

    /// The header block is complete: filter, then begin the message and write the header.
    private func decide() throws {
        let fields = HeaderBlock(header)
        let date = fields.date.flatMap(MessageDate.parse)
        guard options.dates.admits(date) else {
            summary.outsideDates += 1
            phase = .skipping
            return
        }
        let name = origin.file.map { ($0 as NSString).lastPathComponent }
        var flags = MaildirFlags(status: fields.status, xStatus: fields.xStatus)
        var separator = origin.fromLine
        var receivedAt = origin.fromLine.flatMap(FromLine.date)
        if kind == .maildir, let file = origin.file, let name {
            flags = MaildirFlags(maildirFile: file)
            separator = ExportMaildirName.separator(inName: name)
            receivedAt = ExportMaildirName.seconds(inName: name).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        let message = ExportedMessage(
            source: sourceKey, index: index, receivedAt: receivedAt ?? date ?? Date(timeIntervalSince1970: 0),
            separator: separator, returnPath: fields.returnPath, flags: flags)
        try writer.begin(message)
        phase = .body
        messageSize = Int64(header.count)
        if options.format == .mbox && kind == .maildir && fields.status == nil && fields.xStatus == nil,
            let inserted = Self.inserting(flags, into: header, at: fields.emptyLineOffset)
        {
            try inserted.withUnsafeBytes { try writer.write($0) }
        } else {
            try header.withUnsafeBytes { try writer.write($0) }
        }
    }

    /// The header with `Status:`/`X-Status:` lines for `flags` before its empty line (or at its
    /// end when it ends with a line end); nil when there is nothing to insert or no place for it.
    static func inserting(_ flags: MaildirFlags, into header: [UInt8], at emptyLine: Int?) -> [UInt8]? {
        var lines = ""
        if let status = flags.status { lines += "Status: \(status)\n" }
        if let xStatus = flags.xStatus { lines += "X-Status: \(xStatus)\n" }
        guard !lines.isEmpty else { return nil }
        let position = emptyLine ?? (header.last == 0x0A ? header.count : nil)
        guard let position else { return nil }
        var result = header
        result.insert(contentsOf: Array(lines.utf8), at: position)
        return result
    }
}
