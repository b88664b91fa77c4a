import Foundation
import MailTransport
import TestSupport
import XCTest

/// A 50 MB message from Dovecot streams through with flat memory.
final class LargeMessageTests: XCTestCase {
    func testFiftyMegabyteMessageKeepsPeakRSSFlat() async throws {
        let dovecot = try DovecotServer.startOrSkip()
        defer { dovecot.stop() }
        let target = 50 * 1024 * 1024
        // Stored with LF line ends, as Dovecot's own delivery does; RETR and LIST use CRLF.
        var expected = FNV1a()
        var expectedOctets = 0
        try dovecot.deliver(to: "alice") { handle in
            handle.write(Data("Subject: large\n\n".utf8))
            expected.update("Subject: large\r\n\r\n".utf8)
            expectedOctets += 18
            var written = 16
            var number = 0
            while written < target {
                var block = ""
                for _ in 0..<1000 {
                    number += 1
                    // Every 7th line starts with "." to exercise unstuffing at scale.
                    let lead = number % 7 == 0 ? "." : "L"
                    block += "\(lead)\(number) The quick brown fox jumps over the lazy dog 0123456789 abcdefgh\n"
                }
                handle.write(Data(block.utf8))
                written += block.utf8.count
                let crlf = block.replacingOccurrences(of: "\n", with: "\r\n")
                expected.update(crlf.utf8)
                expectedOctets += crlf.utf8.count
            }
        }
        let configuration = POP3Configuration(
            host: dovecot.host, port: dovecot.pop3Port, tls: .none, user: "alice", password: { "alicepass" },
            auth: .user, timeouts: .init(connect: .seconds(5), response: .seconds(30), idle: .seconds(60))
        )
        let session = try await POP3Session.connect(configuration)
        let list = try await session.list()
        XCTAssertEqual(list.first?.size, expectedOctets, "Dovecot's LIST counts CRLF line ends")

        let canMeasure = ProcessMemory.resetPeak()
        let baseline = ProcessMemory.residentBytes ?? 0
        let receiver = HashingReceiver()
        try await session.retrieve([1], expectedSizes: [1: expectedOctets], into: receiver)
        let peak = ProcessMemory.peakResidentBytes ?? 0
        try await session.quit()

        XCTAssertEqual(receiver.received, expectedOctets)
        XCTAssertEqual(receiver.ended?.octets, expectedOctets)
        XCTAssertEqual(receiver.hash.value, expected.value, "content differs")
        if canMeasure {
            let growth = peak - baseline
            print("50 MB RETR: baseline RSS \(baseline >> 20) MiB, peak \(peak >> 20) MiB, growth \(growth >> 20) MiB")
            XCTAssertLessThan(growth, 40 * 1024 * 1024)
        } else {
            print("50 MB RETR: /proc/self/clear_refs not writable here; peak RSS not checked")
        }
    }
}
