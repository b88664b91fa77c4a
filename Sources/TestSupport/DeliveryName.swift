import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File names for test deliveries into a Maildir that sort in delivery order.
///
/// Dovecot numbers new messages (and so lists them over POP3 and IMAP) in the order of their file
/// names: by the seconds, then the microseconds after `.M`, then the rest of the name as text. A
/// random part there, as delivery agents use for uniqueness, shuffles the messages delivered within
/// one second, and a test's server order then changes from run to run. Here the seconds never go
/// back and a zero-padded sequence number follows the process id, so the server keeps the order in
/// which a test delivered.
final class DeliveryName: @unchecked Sendable {
    static let shared = DeliveryName()

    private let lock = NSLock()
    private var lastSeconds = 0
    private var sequence = 0

    /// The next name: `<seconds>.P<pid>Q<sequence>.popvault`.
    func next() -> String {
        lock.lock()
        defer { lock.unlock() }
        lastSeconds = max(lastSeconds, Int(Date().timeIntervalSince1970))
        sequence += 1
        return "\(lastSeconds).P\(getpid())Q\(String(format: "%010d", sequence)).popvault"
    }
}

/// Writes a message into `directory/tmp`, owned by `owner`, then moves it into `directory/new`, as a
/// delivery agent would; the servers list messages in the order they were delivered (see `DeliveryName`).
func deliverToMaildir(
    _ directory: String, owner: (uid: uid_t, gid: gid_t), write: (FileHandle) throws -> Void
) throws -> String {
    let name = DeliveryName.shared.next()
    let temporary = directory + "/tmp/" + name
    guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
    defer { try? handle.close() }
    try write(handle)
    chown(temporary, owner.uid, owner.gid)
    chmod(temporary, 0o600)
    try FileManager.default.moveItem(atPath: temporary, toPath: directory + "/new/" + name)
    return name
}

/// The contents of the messages in a Maildir (`new` and `cur`), in name order.
func maildirMessages(in maildir: String) throws -> [[UInt8]] {
    var result: [[UInt8]] = []
    for folder in ["new", "cur"] {
        let path = maildir + "/" + folder
        for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
            result.append(Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))))
        }
    }
    return result
}
