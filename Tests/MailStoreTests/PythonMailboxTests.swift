import Foundation
import TestSupport
import XCTest
@testable import MailStore

/// Python's `mailbox` module, an independent reader, reads what the sinks wrote.
///
/// Maildir: `Maildir.get_bytes(key)` returns exactly the stored content.
/// mbox: `mbox.get_bytes(key)` returns the record's lines between the `From ` line and the final
/// empty line as they are on disk — Python undoes no quoting at all (it writes mboxo `>From ` on its
/// side and never unquotes). So the bytes that match are Python's after mboxrd unquoting (one `>`
/// off every `^>+From ` line), plus the line end the sink adds to a message that lacked one.
final class PythonMailboxTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is not installed at /usr/bin/python3")
        }
        directory = try TemporaryDirectory(prefix: "python-mailbox")
    }

    override func tearDown() { directory?.remove() }

    func testMaildirReadsBackIdentically() throws {
        let root = directory.url.appendingPathComponent("Maildir")
        let sink = try MaildirSink(directory: root, hostname: "host:with/odd")
        for (index, (_, message)) in MessageFixtures.all.enumerated() {
            try sink.write([message], envelope: MessageEnvelope(flags: index % 3 == 0 ? "S" : ""))
        }
        let stored = try sink.commit()
        let read = try python("""
            import mailbox, sys, json, base64
            box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
            print(json.dumps({key: base64.b64encode(box.get_bytes(key)).decode() for key in box.keys()}))
            """, root.path)
        XCTAssertEqual(read.count, stored.count)
        for ((name, message), record) in zip(MessageFixtures.all, stored) {
            guard case .maildir(let path) = record.location else { return XCTFail("not Maildir") }
            let key = String(path.dropFirst(4).prefix { $0 != ":" })
            XCTAssertEqual(read[key], MessageFixtures.normalized(message), name)
        }
    }

    func testMboxReadsBackIdentically() throws {
        let file = directory.url.appendingPathComponent("work.mbox")
        let sink = try MboxSink(file: file, committedLength: nil)
        for (_, message) in MessageFixtures.all { try sink.write([message]) }
        _ = try sink.commit()
        try sink.close()
        let read = try python("""
            import mailbox, sys, json, base64
            box = mailbox.mbox(sys.argv[1], create=False)
            print(json.dumps({str(key): base64.b64encode(box.get_bytes(key)).decode() for key in box.keys()}))
            """, file.path)
        XCTAssertEqual(read.count, MessageFixtures.all.count)
        for (index, (name, message)) in MessageFixtures.all.enumerated() {
            let content = MessageFixtures.normalized(message)
            let added: [UInt8] = !content.isEmpty && content.last != 0x0A ? [0x0A] : []
            XCTAssertEqual(read[String(index)].map(MessageFixtures.unquoted), content + added, name)
        }
    }

    /// Runs a Python script that prints a JSON object of base64 strings.
    private func python(_ script: String, _ argument: String) throws -> [String: [UInt8]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, argument]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: String] ?? [:]
        return object.mapValues { Array(Data(base64Encoded: $0) ?? Data()) }
    }
}
