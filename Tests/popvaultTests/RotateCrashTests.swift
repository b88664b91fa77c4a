import Foundation
import Ledger
import TestSupport
import XCTest

/// SIGKILL at random moments of `popvault fetch` (which rotates at its end) and `popvault rotate`:
/// after each kill the ledger still points at readable bytes for every recorded message; the next
/// runs complete what was interrupted; in the end every message is archived exactly once, every
/// segment passes `gzip -t`, and no temporary file, stray `.gz` or duplicate record is left.
final class RotateCrashTests: DovecotFetchTestCase {
    /// A text message of about `kilobytes` KiB (compressible, like mail).
    private func message(_ index: Int, kilobytes: Int) -> [UInt8] {
        var text = "From: crash@example.org\nSubject: crash trial \(index)\nMessage-ID: <crash\(index)@example.org>\n\n"
        var line = 0
        while text.utf8.count < kilobytes << 10 {
            text += "trial \(index) line \(line): the quick brown fox \(line * 7919 % 10007) jumps\n"
            if line % 50 == 0 { text += "From the archive, a line that mboxrd must quote\n" }
            line += 1
        }
        return Array(text.utf8)
    }

    /// Counts the records of a segment (plain, or through zcat): lines starting with `From ` (a
    /// content line that does is stored quoted as `>From `).
    private func records(_ path: String) throws -> Int {
        var cache: [String: [UInt8]] = [:]
        let bytes = try ArchiveInspection.segmentBytes(path, cache: &cache)
        let from = Array("From ".utf8)
        var count = bytes.starts(with: from) ? 1 : 0
        for index in bytes.indices.dropLast(5) where bytes[index] == UInt8(ascii: "\n")
            && bytes[(index + 1)...].starts(with: from) {
            count += 1
        }
        return count
    }

    /// Whether a rotation's temporary `.gz` exists in the archive.
    private func rotationStarted() -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).contains { $0.hasSuffix(".gz.tmp") }
    }

    /// Rotations a killed run left in the ledger's journal (0 or 1).
    private func journalledRotations() throws -> Int {
        let ledger = try ArchiveLedger(path: root + "/popvault.sqlite")
        guard let id = try ledger.existingAccount(named: "crash") else { return 0 }
        return try ledger.rotations(account: id).count
    }

    func testSigkillDuringRotationLosesAndDuplicatesNothing() throws {
        guard GzipTool.path != nil else { throw XCTSkip("gzip(1) is not installed") }
        try writeConfig([.init(name: "crash", format: "mbox", path: "crash.mbox", rotate: "size:1KiB")])
        let environment = [TestConfig.passwordVariable: password]
        var delivered: [[UInt8]] = []
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        var attempts = 0
        var interruptedRotations = 0
        // Kills come at a random moment after a rotation's temporary file appeared (so that most
        // land inside the rotation: compressing, renaming, updating the ledger, removing the plain
        // file), or, every third fetch, at a random moment of the whole run. A run that finishes
        // first narrows its window, so that most attempts interrupt whatever the machine's speed.
        var window = ["fetch": 0.3, "rotate": 0.3, "anytime": 1.0]
        for trial in 0..<10 {
            let batch = (0..<3).map { message(trial * 3 + $0, kilobytes: 400) }
            for bytes in batch { try dovecot.deliver(bytes, to: user) }
            delivered += batch
            for command in ["fetch", "rotate"] {
                let mode = command == "fetch" && trial % 3 == 2 ? "anytime" : command
                let delay = Double.random(in: 0.0...window[mode]!, using: &generator)
                let arguments = [command, "--config", configPath, "--quiet"]
                attempts += 1
                let outcome: PopvaultProcess.KillOutcome = mode == "anytime"
                    ? try PopvaultProcess.runAndKill(arguments, after: delay + 0.005, environment: environment)
                        ? .killed : .finished
                    : try PopvaultProcess.runAndKill(arguments, once: rotationStarted, after: delay,
                                                     environment: environment)
                switch outcome {
                case .killed:
                    killed += 1
                    interruptedRotations += try journalledRotations()
                case .finished:
                    window[mode] = max(0.01, window[mode]! * 0.7)
                case .finishedBeforeStart:
                    break
                }
                // Whatever moment the kill came at, every recorded message reads back intact.
                let archive = try ArchiveInspection(root: root, account: "crash", path: root + "/crash.mbox")
                let archived = Set(archive.contents.values.map(ArchiveInspection.sha256))
                XCTAssertTrue(archived.isSubset(of: Set(delivered.map(ArchiveInspection.sha256))),
                              "trial \(trial) \(command): only delivered messages")
            }
        }
        XCTAssertGreaterThan(killed, 0, "some runs must really be interrupted")
        print("RotateCrashTests: \(killed) of \(attempts) runs killed, "
            + "\(interruptedRotations) in the middle of a rotation")

        let final = try fetch()
        XCTAssertEqual(final.status, 0, final.stderr)
        let settle = try PopvaultProcess.run(["rotate", "--config", configPath])
        XCTAssertEqual(settle.status, 0, settle.stderr)
        XCTAssertEqual(settle.stdout, "crash: nothing due\n", "the final fetch left nothing to do")

        let archive = try ArchiveInspection(root: root, account: "crash", path: root + "/crash.mbox")
        XCTAssertEqual(archive.contents.values.map(ArchiveInspection.sha256).sorted(),
                       delivered.map(ArchiveInspection.sha256).sorted(), "every message archived exactly once")
        let names = try FileManager.default.contentsOfDirectory(atPath: root)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [], "no temporary file left")
        XCTAssertFalse(names.contains("crash.mbox"), "the last segment was rotated")
        var stored = 0
        for name in names where name.hasSuffix(".mbox.gz") {
            try GzipTool.test(root + "/" + name)
            stored += try records(root + "/" + name)
        }
        XCTAssertEqual(stored, delivered.count, "no record stored twice, no stray segment")
    }
}
