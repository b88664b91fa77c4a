import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 4: a 200 MB attachment is extracted with flat memory (peak RSS under 40 MB).
final class ExtractLargeMessageTests: XCTestCase {
    func testTwoHundredMegabyteAttachmentInFlatMemory() throws {
        guard FileManager.default.isExecutableFile(atPath: PopvaultProcess.binary.path) else {
            throw XCTSkip("popvault binary not built")
        }
        guard FileManager.default.fileExists(atPath: "/proc/self/status") else {
            throw XCTSkip("peak RSS is sampled from /proc (Linux)")
        }
        let dir = try TemporaryDirectory(prefix: "extract-large")
        defer { dir.remove() }
        // One pseudo-random block of 57 × 4096 bytes (whole base64 lines), repeated to 200 MB.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let block = (0..<(57 * 4096)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let repeats = 200_000_000 / block.count + 1
        let encoded = Data(block).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let input = dir.url.appendingPathComponent("big.eml")
        try Data().write(to: input)
        let handle = try FileHandle(forWritingTo: input)
        try handle.write(contentsOf: Data("""
            From: big@example.com
            Subject: big
            Date: Fri, 01 Mar 2024 12:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="big"

            --big
            Content-Type: text/plain

            see attached
            --big
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="big.bin"
            Content-Transfer-Encoding: base64


            """.utf8))
        let encodedLines = Data((encoded + "\n").utf8)
        for _ in 0..<repeats { try handle.write(contentsOf: encodedLines) }
        try handle.write(contentsOf: Data("--big--\n".utf8))
        try handle.close()

        let out = dir.url.appendingPathComponent("out").path
        let (status, peakKB) = try Self.runMeasured(["extract", "--quiet", input.path, "--to", out])
        XCTAssertEqual(status, 0)
        XCTAssertGreaterThan(peakKB, 0, "no /proc sample taken")
        XCTAssertLessThan(Double(peakKB) / 1024, 40, "peak RSS (MB) of the extracting process")

        let output = try XCTUnwrap(FileHandle(forReadingAtPath: out + "/2024-03/big.bin"))
        defer { try? output.close() }
        for index in 0..<repeats {
            let chunk = try XCTUnwrap(try output.read(upToCount: block.count), "short at block \(index)")
            guard chunk.elementsEqual(block) else { return XCTFail("block \(index) differs") }
        }
        XCTAssertEqual(try output.read(upToCount: 1)?.count ?? 0, 0, "longer than the attachment")
    }

    /// Runs popvault and samples its `VmHWM` (the peak RSS of its own address space) from `/proc`
    /// while it runs. `ru_maxrss` cannot be used: `posix_spawn` starts the child in the parent's
    /// address space (vfork), so the kernel charges the test process's size to it.
    static func runMeasured(_ arguments: [String]) throws -> (status: Int32, peakKB: Int) {
        let process = Process()
        process.executableURL = PopvaultProcess.binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var peak = 0
        while process.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            {
                peak = max(peak, kilobytes)
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        return (process.terminationStatus, peak)
    }
}
