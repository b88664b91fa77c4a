import Foundation
import TestSupport
import XCTest

/// The running `popvault` can leave no core dump, which would hold every copy of the password: while its
/// `password_command` runs (the moment a secret is about to be read), the command reads its parent's
/// limits and the owner of its parent's `/proc` files.
final class CoreDumpTests: XCTestCase {
    func testThePasswordReadingProcessHasNoCoreLimitAndIsNotDumpable() throws {
        let shared = try TemporaryDirectory(prefix: "popvault-core")
        defer { shared.remove() }
        chmod(shared.path, 0o777)
        let report = shared.path + "/report"
        let config = shared.path + "/config.toml"
        // The parent of the command's shell is popvault itself.
        let command = "grep 'Max core file size' /proc/$PPID/limits > \(report); "
            + "stat -c 'owner=%u' /proc/$PPID/status >> \(report); echo \"self=$(id -u)\" >> \(report); echo pw"
        try """
            [archive]
            root = "\(shared.path)/archive"

            [[account]]
            name = "work"
            host = "127.0.0.1"
            port = 1
            tls = "none"
            user = "me"
            password_command = '''\(command)'''
            """.write(toFile: config, atomically: true, encoding: .utf8)
        chmod(config, 0o644)
        if getuid() == 0 {
            // A root process's /proc files are root's whatever it does: run popvault as another user, whose
            // files they are unless it made itself undumpable.
            let binary = shared.path + "/popvault"
            try FileManager.default.copyItem(atPath: PopvaultProcess.binary.path, toPath: binary)
            chmod(binary, 0o755)
            _ = try programExitStatus("/usr/sbin/runuser", ["-u", "nobody", "--", binary, "fetch", "--config", config])
        } else {
            _ = try PopvaultProcess.run(["fetch", "--config", config])
        }
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, "\(lines)")
        let limit = lines.first?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        XCTAssertEqual(Array(limit.dropFirst(4).prefix(2)), ["0", "0"], "RLIMIT_CORE soft and hard are 0: \(lines)")
        XCTAssertNotEqual(lines.last, "self=0", "the check needs popvault to run as another user than root")
        XCTAssertEqual(lines.dropFirst().first, "owner=0", "PR_SET_DUMPABLE 0 gives the process's /proc files to root")
    }
}
