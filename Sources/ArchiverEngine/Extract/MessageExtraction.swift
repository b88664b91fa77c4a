import Foundation
import MIME
import MailStore

/// The per-message work of `AttachmentExtractor`: it receives messages from a mailbox reader, runs a
/// `MIMEParser` over each, and turns the parser's part events into files and manifest lines.
final class MessageExtraction: MailboxConsumer {
    let options: ExtractOptions
    let tree: OutputTree
    let manifest: ManifestWriter?
    var summary = ExtractSummary()
    var progress: ((ExtractProgress) -> Void)?
    var source = ""

    var message: MailboxMessage?
    var parser: MIMEParser?
    /// How the manifest names the current message: its Maildir file, else its index in the mbox
    /// (0 for a single message file).
    var messageRef: ManifestEntry.MessageRef {
        guard let message else { return .index(0) }
        if let file = message.file, file != source { return .file(file) }
        return .index(message.index)
    }
    /// The parser stopped on this message; the rest of its bytes are skipped.
    var parserFailed = false
    var topHeader: MessageHeader?
    /// Parts being written, by part path (an inline uuencoded file nests inside its text part).
    var openParts: [String: PartFile] = [:]
    /// Hashes the parts' bytes on a second thread.
    let hasher = PartHasher()
    /// An output failure inside a handler callback that cannot throw (`partBegan`).
    var deferredError: ExtractError?
    /// First file written for each SHA-256 (for `--dedupe`).
    var firstCopies: [String: (directory: OutputTree.Directory, name: String)] = [:]

    init(options: ExtractOptions, tree: OutputTree, manifest: ManifestWriter?) {
        self.options = options
        self.tree = tree
        self.manifest = manifest
    }

    func messageBegan(_ message: MailboxMessage) throws {
        self.message = message
        parserFailed = false
        topHeader = nil
        summary.messages += 1
        parser = MIMEParser(options: options.parserOptions, handler: self)
    }

    func messageBytes(_ chunk: UnsafeRawBufferPointer) throws {
        summary.bytesRead += Int64(chunk.count)
        guard !parserFailed else { return }
        do {
            try parser?.feed(chunk)
        } catch let error as ExtractError {
            throw error
        } catch {
            messageFailed(error)
        }
        if let error = deferredError { throw error }
    }

    func messageEnded() throws {
        if !parserFailed {
            do {
                try parser?.finish()
            } catch let error as ExtractError {
                throw error
            } catch {
                messageFailed(error)
            }
        }
        if let error = deferredError { throw error }
        abandonMessage()
        reportProgress()
    }

    /// The parser gave up on the current message: parts already written stay, open ones are dropped.
    func messageFailed(_ error: Error) {
        parserFailed = true
        let which = message.map { $0.file == source ? "" : "\($0.file ?? "message \($0.index)"): " } ?? ""
        summary.messageErrors.append("\(source): \(which)\(error)")
        dropOpenParts()
    }

    /// Forgets the current message (after it ended, or when its input failed mid-way).
    func abandonMessage() {
        dropOpenParts()
        parser = nil
        message = nil
    }

    func dropOpenParts() {
        for file in openParts.values {
            file.discard()
            tree.remove(temporary: file.temporaryName, in: file.directory)
        }
        openParts.removeAll()
    }

    func reportProgress() {
        guard let progress else { return }
        progress(
            ExtractProgress(
                messages: summary.messages, parts: summary.parts, bytesRead: summary.bytesRead,
                bytesWritten: summary.bytesWritten, source: source))
    }
}
