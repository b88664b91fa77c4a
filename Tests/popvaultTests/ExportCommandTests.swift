import Foundation
import POP3TestServer
import TestSupport
import XCTest

/// `popvault export`, the binary: round trips, its report, and reruns after SIGKILL.
final class ExportCommandTests: XCTestCase {
    private var work: TemporaryDirectory!

    override func setUpWithError() throws {
        work = try TemporaryDirectory(prefix: "popvault-export-cli")
    }
    override func tearDown() { work.remove() }

    private func path(_ name: String) -> String { work.path + "/" + name }

    private func export(_ arguments: [String]) throws -> PopvaultProcess.Result {
        try PopvaultProcess.run(["export", "--quiet"] + arguments)
    }

    func testMboxToMaildirToMboxIsByteIdenticalAndReported() throws {
        let messages = SampleMail.messages(count: 60, seed: 31)
        let source = MboxWriter.mboxrd(messages, separator: MboxWriter.separator)
        try Data(source).write(to: URL(fileURLWithPath: path("source.mbox")))
        let toMaildir = try export(["--from", path("source.mbox"), "--to", path("md"), "--format", "maildir",
                                    "--report", "json"])
        XCTAssertEqual(toMaildir.status, 0, toMaildir.stderr)
        let report = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(toMaildir.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["exported"] as? Int, 60)
        XCTAssertEqual(report["already_exported"] as? Int, 0)
        XCTAssertEqual(MboxWriter.files(path("md")).count, 60)

        let back = try export(["--from", path("md"), "--to", path("back.mbox"), "--format", "mbox"])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("back.mbox"))), Data(source))

        let usage = try export(["--from", path("md"), "--to", path("x"), "--format", "mbox", "--since", "soon"])
        XCTAssertEqual(usage.status, 64, usage.stderr)
        let missing = try export(["--from", path("nothing.mbox"), "--to", path("x.mbox"), "--format", "mbox"])
        XCTAssertEqual(missing.status, 74, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nothing.mbox"), missing.stderr)
    }

    /// Kills the export at several points of its run; each rerun continues, and the final result is
    /// exactly what one uninterrupted run writes: nothing lost, nothing twice.
    func testExportResumesAfterSIGKILLWithoutDuplicates() throws {
        let messages = SampleMail.messages(count: 600, seed: 32)
        let source = MboxWriter.mboxrd(messages, separator: MboxWriter.separator)
        try Data(source).write(to: URL(fileURLWithPath: path("source.mbox")))
        for format in ["mbox", "maildir"] {
            let reference = path("reference-" + format)
            let whole = try export(["--from", path("source.mbox"), "--to", reference, "--format", format])
            XCTAssertEqual(whole.status, 0, whole.stderr)
            let size = PopvaultProcess.bytes(under: reference)

            // Each kill comes when the target holds a given part of the reference's bytes: a point of the
            // export, not of the clock, so a machine whose speed changes between runs still gets them.
            let target = path("killed-" + format)
            var kills = 0
            for fraction in [0.15, 0.35, 0.55, 0.75] {
                let killed = try PopvaultProcess.runAndKill(
                    ["export", "--quiet", "--from", path("source.mbox"), "--to", target, "--format", format],
                    when: { PopvaultProcess.bytes(under: target) >= Int(Double(size) * fraction) })
                if killed { kills += 1 }
            }
            XCTAssertGreaterThan(kills, 0, "\(format): at least one run was killed mid-way")
            let last = try export(["--from", path("source.mbox"), "--to", target, "--format", format,
                                   "--report", "json"])
            XCTAssertEqual(last.status, 0, last.stderr)
            if format == "mbox" {
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)),
                               try Data(contentsOf: URL(fileURLWithPath: reference)), "mbox after \(kills) kills")
            } else {
                XCTAssertEqual(MboxWriter.files(target), MboxWriter.files(reference), "Maildir after \(kills) kills")
                let contents = try MboxWriter.files(target).map {
                    Array(try Data(contentsOf: URL(fileURLWithPath: target + "/" + $0)))
                }
                XCTAssertEqual(contents, messages)
            }
            let again = try export(["--from", path("source.mbox"), "--to", target, "--format", format,
                                    "--report", "json"])
            let report = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(report["exported"] as? Int, 0, "a complete export has nothing left to do")
            XCTAssertEqual(report["already_exported"] as? Int, messages.count)
        }
    }
}

extension ExportCommandTests {
    func testHelpShowsExportAndVerifyOptions() throws {
        let help = try PopvaultProcess.run(["--help"])
        XCTAssertTrue(help.stdout.contains("export") && help.stdout.contains("verify"), help.stdout)
        let export = try PopvaultProcess.run(["export", "--help"])
        XCTAssertEqual(export.status, 0)
        for option in ["--from", "--account", "--to", "--format", "--since", "--until", "--report", "--quiet"] {
            XCTAssertTrue(export.stdout.contains(option), "export --help shows \(option): \(export.stdout)")
        }
        let verify = try PopvaultProcess.run(["verify", "--help"])
        XCTAssertEqual(verify.status, 0)
        for option in ["--account", "--repair", "--report", "--config"] {
            XCTAssertTrue(verify.stdout.contains(option), "verify --help shows \(option): \(verify.stdout)")
        }
        let nothing = try PopvaultProcess.run(["export", "--to", "x", "--format", "mbox"])
        XCTAssertEqual(nothing.status, 64, "no input is a usage error")
    }
}
