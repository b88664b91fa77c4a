import Crypto
import Foundation
import Ledger
import TestSupport
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
        var segments: [String: MboxSegmentContents] = [:]
        for message in try ledger.messages(account: id) {
            let bytes: [UInt8]
            switch message.location {
            case .maildir(let file):
                recordedFiles.insert(file)
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + file)))
            case .mbox(let segment, let offset, let length):
                let contents = try segments[segment] ?? MboxSegmentContents(
                    path: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(segment).path)
                segments[segment] = contents
                bytes = try XCTUnwrap(
                    try contents.message(offset: offset, length: length),
                    "\(message.key): the range holds one mbox record inside \(segment)")
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
}
