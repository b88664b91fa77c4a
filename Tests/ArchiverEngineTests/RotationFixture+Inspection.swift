import ArchiverEngine
import Foundation
import Ledger
import MailStore
import TestSupport
import XCTest

extension RotationFixture {
    /// Reads every recorded message back from its segment (plain or `.gz`) at its recorded offset and
    /// checks it against the ledger's size and SHA-256 and against what the server sent; checks that
    /// every `.gz` passes `gzip -t`, that no temporary file or journal entry is left, and that every
    /// segment holds only recorded messages (nothing duplicated). Returns the segment names in use.
    @discardableResult
    func assertArchiveIntact(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Int] {
        let id = try accountID
        XCTAssertEqual(try ledger.rotations(account: id), [], "no rotation left half done", file: file, line: line)
        let messages = try ledger.messages(account: id)
        XCTAssertEqual(Set(messages.map(\.key)), Set(sent.keys), "every message archived", file: file, line: line)
        var bySegment: [String: [LedgerMessage]] = [:]
        for message in messages {
            guard case .mbox(let segment, _, _) = message.location else {
                XCTFail("\(message.key): not in an mbox", file: file, line: line)
                continue
            }
            bySegment[segment, default: []].append(message)
        }
        for (segment, recorded) in bySegment {
            let records = try MailboxRecords(path: path(segment))
            XCTAssertEqual(records.offsets.count, recorded.count,
                           "\(segment) holds exactly its recorded messages", file: file, line: line)
            for message in recorded {
                guard case .mbox(_, let offset, _) = message.location, let bytes = records.content[offset] else {
                    XCTFail("\(message.key): no record at its offset in \(segment)", file: file, line: line)
                    continue
                }
                let stored = Array(bytes.prefix(Int(message.storedSize)))
                XCTAssertEqual(stored, sent[message.key], "\(message.key) byte-identical", file: file, line: line)
                XCTAssertEqual(ContentDigest.sha256(stored), message.sha256, file: file, line: line)
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: mboxDirectory.path)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [], "no temporary file left", file: file, line: line)
        for name in names where name.hasSuffix(".gz") {
            XCTAssertNotNil(bySegment[name], "\(name) is recorded in the ledger", file: file, line: line)
            try GzipTool.test(path(name))
        }
        return bySegment.mapValues(\.count)
    }
}

/// The messages of one mbox segment (plain or gzip), by the offset of their `From ` line.
struct MailboxRecords {
    var content: [Int64: [UInt8]] = [:]
    var offsets: [Int64] = []

    init(path: String) throws {
        let collector = Collector()
        try MboxReader(path: path).read(into: collector)
        content = collector.content
        offsets = collector.offsets
    }

    private final class Collector: MailboxConsumer {
        var content: [Int64: [UInt8]] = [:]
        var offsets: [Int64] = []
        var current: Int64 = -1

        func messageBegan(_ message: MailboxMessage) throws {
            current = message.offset ?? -1
            offsets.append(current)
            content[current] = []
        }

        func messageBytes(_ chunk: UnsafeRawBufferPointer) throws { content[current]! += chunk }
        func messageEnded() throws {}
    }
}
