import Crypto
import Foundation
import Ledger
import XCTest

/// Reads an archive back through its ledger, for assertions: every recorded message's bytes, the
/// files nobody recorded, and the ledger's own consistency.
struct ArchiveInspection {
    var contents: [String: [UInt8]] = [:]
    var unrecordedFiles: [String] = []
    var pending = 0
    var undeletedKeys: Set<String> = []

    init(root: String, account: String, path: String) throws {
        let ledger = try ArchiveLedger(path: root + "/popvault.sqlite")
        guard let id = try ledger.existingAccount(named: account) else { return }
        pending = try ledger.pendingMessages(account: id).count
        var recordedFiles = Set<String>()
        var segments: [String: [UInt8]] = [:]
        for message in try ledger.messages(account: id) {
            let bytes: [UInt8]
            switch message.location {
            case .maildir(let file):
                recordedFiles.insert(file)
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + file)))
            case .mbox(let segment, let offset, let length):
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                let data = try Self.segmentBytes(directory.appendingPathComponent(segment).path, cache: &segments)
                XCTAssertLessThanOrEqual(Int(offset + length), data.count, "\(message.key): range inside the mbox")
                bytes = Self.unquote(Array(data[Int(offset)..<Int(offset + length)]))
            }
            XCTAssertEqual(Self.sha256(bytes), message.sha256, "\(message.key): ledger SHA-256 matches the file")
            XCTAssertEqual(Int64(bytes.count), message.storedSize, "\(message.key): ledger size matches the file")
            XCTAssertNil(contents[message.key], "\(message.key) recorded once")
            contents[message.key] = bytes
            if message.deletedAt == nil { undeletedKeys.insert(message.key) }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            for sub in ["new", "cur", "tmp"] {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + sub)) ?? []
                where !recordedFiles.contains(sub + "/" + name) {
                    unrecordedFiles.append(sub + "/" + name)
                }
            }
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// An mbox record back to the message: drop the `From ` line and the blank line that closes the
    /// record, take one `>` off every `>…>From ` line (mboxrd).
    static func unquote(_ record: [UInt8]) -> [UInt8] {
        var lines = record.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        lines.removeFirst()
        // The record ends "\n\n": the split leaves two empty strings; the last newline and the blank line.
        lines.removeLast(2)
        var out: [UInt8] = []
        for line in lines {
            let quotes = line.prefix { $0 == UInt8(ascii: ">") }.count
            if quotes > 0, line.dropFirst(quotes).starts(with: Array("From ".utf8)) {
                out += line.dropFirst()
            } else {
                out += line
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
