import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A message as an IMAP client sees it.
public struct IMAPMessage: Sendable, Equatable {
    /// `BODY[]` as served (CRLF line ends).
    public var bytes: [UInt8]
    /// The FLAGS list, e.g. `\Seen \Flagged`.
    public var flags: String
}

extension DovecotServer {
    /// Replaces a user's Maildir with a copy of the Maildir at `source`, every file and directory
    /// owned by the mail user, as a mail administrator would put a migrated mailbox in place.
    public func installMaildir(_ source: String, for user: String) throws {
        let target = maildir(of: user)
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        var paths = [target]
        if let enumerator = FileManager.default.enumerator(atPath: target) {
            while let relative = enumerator.nextObject() as? String { paths.append(target + "/" + relative) }
        }
        for path in paths {
            guard chown(path, mailOwner.uid, mailOwner.gid) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
            }
        }
    }

    /// Logs in over IMAP (plain, loopback) with Python's `imaplib` and reads the user's INBOX read-only:
    /// every message's `BODY[]` and `FLAGS`, in UID order.
    public func imapMessages(user: String, password: String) throws -> [IMAPMessage] {
        let scratch = try TemporaryDirectory(prefix: "popvault-imap")
        defer { scratch.remove() }
        let script = """
            import imaplib, os, sys
            host, port, user, password, out = sys.argv[1:]
            imap = imaplib.IMAP4(host, int(port))
            imap.login(user, password)
            imap.select("INBOX", readonly=True)
            kind, data = imap.uid("SEARCH", None, "ALL")
            for index, uid in enumerate(data[0].split()):
                kind, parts = imap.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
                envelope, body = parts[0]
                flags = imaplib.ParseFlags(envelope + b")") if b"FLAGS" in envelope else ()
                with open(os.path.join(out, "%06d.eml" % index), "wb") as f:
                    f.write(body)
                with open(os.path.join(out, "%06d.flags" % index), "wb") as f:
                    f.write(b" ".join(flags))
            imap.logout()
            """
        try script.write(toFile: scratch.path + "/fetch.py", atomically: true, encoding: .utf8)
        try runProgram("/usr/bin/python3", [
            scratch.path + "/fetch.py", host, String(imapPort), user, password, scratch.path,
        ])
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".eml") }
        return try names.sorted().map { name in
            let base = scratch.path + "/" + name.dropLast(4)
            return IMAPMessage(
                bytes: Array(try Data(contentsOf: URL(fileURLWithPath: base + ".eml"))),
                flags: try String(contentsOfFile: base + ".flags", encoding: .utf8))
        }
    }
}
