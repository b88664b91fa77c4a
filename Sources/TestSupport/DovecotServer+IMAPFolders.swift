import Foundation

/// IMAP folders of a test user, managed with `doveadm` against this server's configuration (so
/// Dovecot's own indexes, UIDs and UIDVALIDITY stay consistent).
extension DovecotServer {
    /// Runs `doveadm -c <config> arguments`, with standard input from `input` (a file) if given.
    @discardableResult
    public func doveadm(_ arguments: [String], input: String? = nil) throws -> String {
        try runProgram("/usr/bin/doveadm", ["-c", configPath] + arguments, input: input ?? "/dev/null")
    }

    /// Creates the mailbox `name` as IMAP CREATE would (UTF-8; hierarchy with `.`, the Maildir++ separator);
    /// ``createFolder(_:for:)`` instead makes the directory of an on-disk name.
    public func createMailbox(_ name: String, for user: String) throws {
        try doveadm(["mailbox", "create", "-u", user, name])
    }

    public func renameMailbox(_ name: String, to newName: String, for user: String) throws {
        try doveadm(["mailbox", "rename", "-u", user, name, newName])
    }

    public func deleteMailbox(_ name: String, for user: String) throws {
        try doveadm(["mailbox", "delete", "-u", user, name])
    }

    /// Saves a message into `folder` with `flags` (e.g. `["\\Seen"]`), as an IMAP APPEND would.
    public func save(_ bytes: [UInt8], to folder: String, flags: [String] = [], for user: String) throws {
        let file = directory.path + "/save-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        try save(file: file, to: folder, flags: flags, for: user)
    }

    /// Saves the message in `file` (streamed by doveadm; it need not fit in memory).
    public func save(file: String, to folder: String, flags: [String] = [], for user: String) throws {
        try doveadm(["save", "-u", user, "-m", folder], input: file)
        guard !flags.isEmpty else { return }
        let uid = try folderStatus(folder, for: user)["uidnext"].map { $0 - 1 } ?? 1
        try doveadm(["flags", "add", "-u", user, flags.joined(separator: " "), "mailbox", folder, "uid", "\(uid)"])
    }

    /// `doveadm mailbox status` fields (`messages`, `uidvalidity`, `uidnext`, `unseen`…) of `folder`.
    public func folderStatus(_ folder: String, for user: String) throws -> [String: Int] {
        let text = try doveadm(["mailbox", "status", "-u", user, "messages uidvalidity uidnext unseen", folder])
        var fields: [String: Int] = [:]
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) { fields[String(parts[0])] = value }
        }
        return fields
    }
}
