import Foundation
import MailStore

/// One input of `popvault extract`.
public enum ExtractInput: Sendable, Equatable {
    /// An mboxrd file, plain or gzip-compressed.
    case mbox(String)
    /// A Maildir (a directory holding `cur/` or `new/`).
    case maildir(String)
    /// A file holding one message (`.eml`), plain or gzip-compressed.
    case messageFile(String)
    /// An account's archive, as recorded in the ledger (`--account`).
    case archived(ArchivedMessages)

    public var path: String {
        switch self {
        case .mbox(let path), .maildir(let path), .messageFile(let path): path
        case .archived(let archive): archive.path
        }
    }

    /// Decides by content, not by name: a Maildir directory, a file (possibly gzip-compressed)
    /// whose first line starts with `From ` is an mbox, any other file is one message.
    public static func detect(_ path: String) throws -> ExtractInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExtractError.input(path: path, reason: "no such file or directory")
        }
        if isDirectory.boolValue {
            guard MaildirReader.isMaildir(path) else {
                throw ExtractError.input(path: path, reason: "a directory, but not a Maildir (no cur/ or new/)")
            }
            return .maildir(path)
        }
        return try startsWithFromLine(path) ? .mbox(path) : .messageFile(path)
    }

    /// Reads (and inflates) only the first few bytes.
    static func startsWithFromLine(_ path: String) throws -> Bool {
        struct Enough: Error {}
        var head: [UInt8] = []
        do {
            try GzipReader.forEachChunk(ofFile: path, chunkSize: 4096) { chunk in
                head.append(contentsOf: chunk.prefix(5 - head.count))
                if head.count >= 5 { throw Enough() }
            }
        } catch is Enough {
        }
        return head == Array("From ".utf8)
    }
}
