import Foundation
import MIME
import MailStore

/// Extracts attachments from mailboxes in bulk (issue 4 item 4): reads each input as a stream of
/// messages, parses each message with `MIMEParser`, and writes every attachment part under the
/// output directory with a safe, unique name, atomically (a hidden temporary file linked into place),
/// mode 0600, never overwriting and never outside the directory.
///
/// Which parts are attachments: every leaf part that is not the top-level message's main text/HTML
/// body, including parts of attached messages and named `inline` parts; unnamed inline parts with a
/// `Content-ID` (images of an HTML body) only with `includeInlineResources`.
///
/// Broken messages do not stop the run: their defects go to the manifest and a message the parser
/// gives up on counts in `unparsableMessages`. An input that cannot be read is recorded in
/// `inputErrors`. Only a failure to write under the output directory stops the run (it is thrown).
///
/// Usage: `extract(_:)` each input, then `finish()`.
public final class AttachmentExtractor {
    public let options: ExtractOptions
    /// Called after each message (and at the end of each input) with the counts so far.
    public var progress: ((ExtractProgress) -> Void)?
    let session: MessageExtraction

    /// Opens (creating it with mode 0700 if needed) the output directory and the manifest.
    public init(options: ExtractOptions) throws {
        self.options = options
        let tree = try OutputTree(root: options.outputDirectory, policy: options.filenamePolicy)
        let manifest = try options.manifestPath.map { try ManifestWriter(path: $0) }
        session = MessageExtraction(options: options, tree: tree, manifest: manifest)
    }

    /// The counts so far.
    public var summary: ExtractSummary { session.summary }

    /// Reads every message of `input`. Throws only `ExtractError.output` (writing failed); reading
    /// failures are recorded in the summary and the run can go on with the next input.
    public func extract(_ input: ExtractInput) throws {
        session.progress = progress
        session.source = input.path
        do {
            switch input {
            case .mbox(let path):
                try extractForeignMbox(path)
            case .maildir(let path):
                try MaildirReader(path: path, chunkSize: options.readChunkSize).read(into: session)
            case .messageFile(let path):
                try MessageFileReader(path: path, chunkSize: options.readChunkSize).read(into: session)
            case .archived(let archive):
                try extract(archive)
            }
        } catch let error as ExtractError {
            session.abandonMessage()
            if case .output = error { throw error }
            session.summary.inputErrors.append(error.description)
        } catch {
            session.abandonMessage()
            session.summary.inputErrors.append("\(input.path): \(error)")
        }
        session.reportProgress()
    }

    /// Reads the recorded messages of an account: Maildir files one by one, mbox segments whole but
    /// passing on only the messages the ledger recorded. A missing file or segment is an input
    /// error and the rest is still read.
    func extract(_ archive: ArchivedMessages) throws {
        for (index, file) in archive.maildirFiles.enumerated() {
            try readRecoverably(file.path) {
                try MessageFileReader(path: file.path, chunkSize: options.readChunkSize).read(
                    into: session, as: MailboxMessage(source: archive.path, index: index, file: file.relative))
            }
        }
        for segment in archive.mboxSegments {
            session.source = segment.path
            try readRecoverably(segment.path) {
                try MboxReader(path: segment.path, chunkSize: options.readChunkSize).read(
                    into: RecordedMessageFilter(next: session, offsets: segment.offsets))
            }
        }
    }

    /// An mbox from any writer: split as mutt does (`MboxSplitter.Options.foreignDialects`). When a
    /// heuristic was taken, the manifest gets a line for the file with the messages found and each
    /// heuristic as a defect. popvault's own segments (`extract(_: ArchivedMessages)`) are read as
    /// the mboxrd popvault writes, exactly as verify and export read them.
    func extractForeignMbox(_ path: String) throws {
        let before = session.summary.messages
        let reader = MboxReader(
            path: path, chunkSize: options.readChunkSize, options: .init(foreignDialects: true))
        let heuristics = try reader.read(into: session)
        let defects = heuristics.descriptions
        guard !defects.isEmpty else { return }
        session.summary.defects += defects.count
        try session.manifest?.appendMailbox(
            source: path, messages: session.summary.messages - before, defects: defects)
    }

    /// Runs `body`; a reading failure is recorded as an input error, a writing failure is thrown.
    private func readRecoverably(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExtractError {
            session.abandonMessage()
            if case .output = error { throw error }
            session.summary.inputErrors.append(error.description)
        } catch {
            session.abandonMessage()
            session.summary.inputErrors.append("\(path): \(error)")
        }
    }

    /// Detects the kind of `path` and extracts it; an undetectable path is an input error.
    public func extract(path: String) throws {
        do {
            try extract(ExtractInput.detect(path))
        } catch let error as ExtractError {
            if case .output = error { throw error }
            session.summary.inputErrors.append(error.description)
        } catch {
            session.summary.inputErrors.append("\(path): \(error)")
        }
    }

    /// Flushes the manifest and, with `syncFiles`, `fsync`s the directories written to.
    public func finish() throws -> ExtractSummary {
        try session.manifest?.finish()
        if options.syncFiles { try session.tree.syncDirectories() }
        return session.summary
    }
}
