import Crypto
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
        // One block of numbered lines, repeated; every 7th line starts with "." to exercise unstuffing.
        let block = (1...1000).map { number in
            (number % 7 == 0 ? "." : "L")
                + "\(number) The quick brown fox jumps over the lazy dog 0123456789 abcdefgh\n"
        }.joined()
        let lfBlock = Data(block.utf8)
        let crlfBlock = Data(block.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let repeats = target / lfBlock.count + 1
        var expected = SHA256()
        expected.update(data: Data("Subject: large\r\n\r\n".utf8))
        for _ in 0..<repeats { expected.update(data: crlfBlock) }
        let expectedOctets = 18 + repeats * crlfBlock.count
        try dovecot.deliver(to: "alice") { handle in
            handle.write(Data("Subject: large\n\n".utf8))
            for _ in 0..<repeats { handle.write(lfBlock) }
        }
        let configuration = POP3Configuration(
            host: dovecot.host,
            port: dovecot.pop3Port,
            tls: .none,
            user: "alice",
            password: { "alicepass" },
            auth: .user,
            timeouts: .init(connect: .seconds(5), response: .seconds(30), idle: .seconds(60))
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
        XCTAssertEqual(Array(receiver.hash.finalize()), Array(expected.finalize()), "content differs")
        if canMeasure {
            let growth = peak - baseline
            print("50 MB RETR: baseline RSS \(baseline >> 20) MiB, peak \(peak >> 20) MiB, growth \(growth >> 20) MiB")
            XCTAssertLessThan(growth, 40 * 1024 * 1024)
        } else {
            print("50 MB RETR: /proc/self/clear_refs not writable here; peak RSS not checked")
        }
    }
}
