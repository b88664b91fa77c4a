import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DovecotServer {
    /// The Maildir++ directory of a folder: `Maildir/.<name>`, where `name` is the folder's on-disk
    /// name — the IMAP wire form (modified UTF-7, RFC 3501 §5.1.3) with `.` between hierarchy levels,
    /// e.g. `Archive.2024` or `&UXZO1mWHTvZZOQ-`.
    public func folderPath(_ name: String, of user: String) -> String {
        maildir(of: user) + "/." + name
    }

    /// Creates a Maildir++ folder (`cur`, `new`, `tmp`) owned by the mail user, as Dovecot would for
    /// `CREATE`. Creating an existing folder is harmless.
    public func createFolder(_ name: String, for user: String) throws {
        let path = folderPath(name, of: user)
        for sub in ["", "/cur", "/new", "/tmp"] {
            try FileManager.default.createDirectory(atPath: path + sub, withIntermediateDirectories: true)
            chown(path + sub, mailOwner.uid, mailOwner.gid)
            chmod(path + sub, 0o700)
        }
    }

    /// Removes a folder and everything in it (the next session sees it gone; recreating it gives it a
    /// new UIDVALIDITY).
    public func removeFolder(_ name: String, for user: String) throws {
        try FileManager.default.removeItem(atPath: folderPath(name, of: user))
    }

    /// Delivers a message into a folder (`nil`: INBOX), creating the folder if needed.
    @discardableResult
    public func deliver(_ bytes: [UInt8], to user: String, folder: String?) throws -> String {
        try deliver(to: user, folder: folder) { $0.write(Data(bytes)) }
    }

    /// Delivers a message written by `write` into a folder's `tmp/`, then moves it into `new/`.
    @discardableResult
    public func deliver(to user: String, folder: String?, write: (FileHandle) throws -> Void) throws -> String {
        guard let folder else { return try deliver(to: user, write: write) }
        try createFolder(folder, for: user)
        return try deliver(into: folderPath(folder, of: user), write: write)
    }

    /// Writes a message into `directory/tmp`, owned by the mail user, then moves it into `directory/new`;
    /// the server lists messages in the order they were delivered (see `DeliveryName`).
    func deliver(into directory: String, write: (FileHandle) throws -> Void) throws -> String {
        try deliverToMaildir(directory, owner: mailOwner, write: write)
    }
}
