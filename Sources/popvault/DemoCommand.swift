import ArchiverEngine
import ArgumentParser
import Foundation
import Ledger
import MailTransport
import POP3TestServer

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Archive generated sample mail from a built-in POP3 server (no config, no network).",
        discussion: """
            Starts the in-process POP3 test server on loopback with sample mail (attachments, non-ASCII
            subjects, lines starting with "From " and "."), archives it to a Maildir and to an mbox
            under --dir, then delivers a few new messages and runs again to show that only those are
            fetched. The ledger, the archives and a config file for `popvault status` stay in --dir.
            """
    )

    @Option(name: .long, help: "Where to put the demo archive (default: a new directory under $TMPDIR).")
    var dir: String?

    @Option(name: .long, help: "How many sample messages the server starts with.")
    var messages = 40

    func validate() throws {
        guard (1...100_000).contains(messages) else { throw ValidationError("--messages must be 1…100000") }
    }

    func run() async throws {
        try await ExitStatus.mapping { try await demo() }
    }

    private func demo() async throws {
        let root = try demoDirectory()
        let sample = SampleMail.messages(count: messages + 5)
        let served = sample.prefix(messages).enumerated().map { POP3TestServer.Message($1, uid: "demo-\($0 + 1)") }
        let server = try await POP3TestServer.start(.init(messages: Array(served), user: "demo", password: "demo"))
        defer { Task { await server.stop() } }
        print("popvault demo: POP3 server on 127.0.0.1:\(server.port) with \(messages) sample messages")

        let ledger = try ArchiveLedger(path: root.appendingPathComponent("popvault.sqlite").path)
        let targets = [
            ArchiveTarget(account: "demo-maildir", format: .maildir, path: root.appendingPathComponent("Maildir"),
                          deletion: .never),
            ArchiveTarget(account: "demo-mbox", format: .mbox, path: root.appendingPathComponent("demo.mbox"),
                          deletion: .never),
        ]
        let configuration = POP3Configuration(
            host: "127.0.0.1", port: server.port, tls: .none, user: "demo", password: { "demo" }, auth: .auto)
        func runAll(_ label: String) async throws {
            let jobs = targets.map { target in
                AccountJob(archiver: AccountArchiver(ledger: ledger, archiveRoot: root, target: target)) {
                    try await POP3MailSource.connect(configuration)
                }
            }
            print("\n\(label)")
            // One after the other: a POP3 maildrop is locked while a session is open on it.
            let results = await ArchiveRun.run(jobs, concurrency: 1)
            try RunSummaryPrinter().print(results)
            let code = ExitStatus.code(for: results)
            if code != ExitStatus.ok { throw ExitCode(code) }
        }
        try await runAll("First run: everything is new")
        server.add(sample.suffix(5).enumerated().map { POP3TestServer.Message($1, uid: "demo-new-\($0 + 1)") })
        try await runAll("Five new messages arrive; second run fetches only those")
        try writeConfig(root: root, port: server.port, targets: targets)
        print("""

            Archive in \(root.path):
              Maildir/          \(targets[0].account): one file per message in Maildir/new
              demo.mbox         \(targets[1].account): mboxrd, one "From " separator per message
              popvault.sqlite   the ledger: UIDL, size, SHA-256, Message-ID, location of every message
            Try: popvault status --config \(root.appendingPathComponent("config.toml").path)
            """)
    }

    private func demoDirectory() throws -> URL {
        let url: URL
        if let dir {
            url = URL(fileURLWithPath: (dir as NSString).expandingTildeInPath)
        } else {
            url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
                "popvault-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return url
    }

    /// A config describing the demo accounts, so that `popvault status --config` works on the result.
    private func writeConfig(root: URL, port: Int, targets: [ArchiveTarget]) throws {
        var text = """
            # Written by `popvault demo`. The demo server is gone once the demo ends, so `fetch` with this
            # file fails to connect; `status` works.
            [archive]
            root = "\(root.path)"

            """
        for target in targets {
            text += """

                [[account]]
                name = "\(target.account)"
                protocol = "pop3"
                host = "127.0.0.1"
                port = \(port)
                tls = "none"
                user = "demo"
                password_env = "POPVAULT_DEMO_PASSWORD"
                format = "\(target.format.rawValue)"
                path = "\(target.path.lastPathComponent)"

                """
        }
        let path = root.appendingPathComponent("config.toml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
