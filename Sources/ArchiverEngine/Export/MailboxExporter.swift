import Foundation
import MailStore

/// `popvault export`: copies messages from mboxes (plain or `.gz`), Maildirs, message files and
/// archived accounts into one Maildir or mbox, byte for byte, resumably (see ``ExportOptions``,
/// ``ExportMaildirName``, ``ExportState``).
///
/// Bytes: what the reader yields (after mboxrd unquoting) is what the Maildir file holds, and what
/// goes back into an mbox (which `MboxSink` quotes again and stores with LF line ends). The mbox
/// `From ` line is kept: in the Maildir name when it cannot be derived, and written back as it was.
public final class MailboxExporter {
    public let options: ExportOptions
    private let writer: ExportWriter
    private let gate: ExportGate
    /// Called after every message with the counts so far.
    public var progress: ((ExportSummary) -> Void)? {
        get { gate.progress }
        set { gate.progress = newValue }
    }

    /// Opens the destination (creating it) and, for mbox, its resume state.
    public init(options: ExportOptions) throws {
        self.options = options
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: options.destination, isDirectory: &isDirectory)
        switch options.format {
        case .maildir:
            if exists && !isDirectory.boolValue {
                throw ExportError.usage("\(options.destination) is a file, not a Maildir directory")
            }
            writer = try MaildirExportWriter(root: options.destination, batchSize: options.batchSize)
        case .mbox:
            if exists && isDirectory.boolValue {
                throw ExportError.usage("\(options.destination) is a directory, not an mbox file")
            }
            var sinkOptions = SinkOptions()
            sinkOptions.header = .init(oversizedHeader: .summarizePrefix)
            writer = try MboxExportWriter(file: options.destination, batchSize: options.batchSize, options: sinkOptions)
        }
        gate = ExportGate(writer: writer, options: options)
    }

    /// The counts so far.
    public var summary: ExportSummary { gate.summary }

    /// Detects what `path` is (Maildir, mbox, message file) and exports it; an unreadable input is
    /// recorded in the summary and the run goes on. Throws only when writing fails.
    public func export(path: String) throws {
        do {
            try export(ExtractInput.detect(path))
        } catch let error as ExtractError {
            gate.summary.inputErrors.append(error.description)
        }
    }

    /// Exports one input (see ``export(path:)``).
    public func export(_ input: ExtractInput) throws {
        if case .archived(let archive) = input {
            return try export(ArchivedExport(archive: archive, storedSizes: [:]))
        }
        let path = input.path
        guard !sameFile(path, options.destination) else {
            throw ExportError.usage("\(path) is the export destination itself")
        }
        let kind: ExportGate.SourceKind = switch input {
        case .maildir: .maildir
        case .messageFile: .messageFile
        default: .mbox
        }
        try writer.checkpoint()
        gate.startSource(key: Self.key(kind, path), kind: kind)
        try reading(path) {
            switch input {
            case .mbox: try MboxReader(path: path, chunkSize: options.readChunkSize).read(into: gate)
            case .maildir: try MaildirReader(path: path, chunkSize: options.readChunkSize).read(into: gate)
            default: try MessageFileReader(path: path, chunkSize: options.readChunkSize).read(into: gate)
            }
        }
    }

    /// Exports the messages an account's ledger records, in archive order.
    public func export(_ archived: ArchivedExport) throws {
        let archive = archived.archive
        guard !sameFile(archive.path, options.destination) else {
            throw ExportError.usage("\(archive.path) is the export destination itself")
        }
        try writer.checkpoint()
        gate.startSource(key: archived.sourceKey, kind: .maildir)
        for (index, file) in archive.maildirFiles.enumerated() {
            try reading(file.path) {
                try MessageFileReader(path: file.path, chunkSize: options.readChunkSize).read(
                    into: gate, as: MailboxMessage(source: archive.path, index: index, file: file.relative))
            }
        }
        for segment in archive.mboxSegments {
            gate.setSourceKind(.mbox)
            gate.storedSizes = Dictionary(uniqueKeysWithValues: archived.storedSizes.compactMap { location, size in
                guard case .mbox(let recorded, let offset, _) = location, recorded == segment.name else { return nil }
                return (offset, size)
            })
            try reading(segment.path) {
                try MboxReader(path: segment.path, chunkSize: options.readChunkSize).read(
                    into: RecordedMessageFilter(next: gate, offsets: segment.offsets))
            }
        }
        gate.storedSizes = nil
    }

    /// Makes everything durable and releases the destination.
    public func finish() throws -> ExportSummary {
        try writer.finish()
        return gate.summary
    }

    /// Runs a reader; a reading failure is recorded, a writing failure (`ExportError.output`,
    /// `MailStoreError`) is thrown.
    private func reading(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExportError {
            gate.abandonMessage()
            if case .input(let path, let reason) = error {
                gate.summary.inputErrors.append("\(path): \(reason)")
                return
            }
            throw error
        } catch let error as MailStoreError {
            gate.abandonMessage()
            throw error
        } catch {
            gate.abandonMessage()
            gate.summary.inputErrors.append("\(path): \(error)")
        }
    }

    private static func key(_ kind: ExportGate.SourceKind, _ path: String) -> String {
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return "\(kind):\(resolved)"
    }

    private func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
