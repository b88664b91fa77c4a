import Foundation

/// Reads the messages of a Maildir (`cur/` and `new/`; `tmp/` holds unfinished deliveries and is
/// skipped) in a deterministic order: by file name up to the `:2,` info part (the leading delivery
/// time makes this roughly arrival order), then `cur/` before `new/`. Dot files are skipped.
public struct MaildirReader: Sendable {
    public var path: String
    public var chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 18) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Whether `path` looks like a Maildir: a directory holding `cur/` or `new/`.
    public static func isMaildir(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        for sub in ["cur", "new"] {
            let full = (path as NSString).appendingPathComponent(sub)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue {
                return true
            }
        }
        return false
    }

    /// The message files, relative to the Maildir (`cur/…`, `new/…`), in reading order.
    public func messageFiles() throws -> [String] {
        var entries: [(key: String, sub: String, name: String)] = []
        for sub in ["cur", "new"] {
            let dir = (path as NSString).appendingPathComponent(sub)
            guard FileManager.default.fileExists(atPath: dir) else { continue }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: dir)
            } catch {
                throw GzipError(.system(operation: "opendir", errno: (error as NSError).posixCode), path: dir)
            }
            for name in names where !name.hasPrefix(".") {
                let key = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
                entries.append((key, sub, name))
            }
        }
        entries.sort { a, b in
            if a.key != b.key { return a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
            if a.sub != b.sub { return a.sub < b.sub }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        return entries.map { "\($0.sub)/\($0.name)" }
    }

    /// Reads every message into `consumer`. A file that vanished since the listing (another
    /// program moved it from `new/` to `cur/`) is skipped.
    public func read(into consumer: some MailboxConsumer) throws {
        var index = 0
        for file in try messageFiles() {
            let full = (path as NSString).appendingPathComponent(file)
            let reader = MessageFileReader(path: full, chunkSize: chunkSize)
            do {
                try reader.read(into: consumer, as: MailboxMessage(source: path, index: index, file: file))
            } catch let error as GzipError where error.kind == .system(operation: "open", errno: ENOENT) {
                continue
            }
            index += 1
        }
    }
}

extension NSError {
    /// The POSIX error code behind a Foundation file error, `EIO` if there is none.
    var posixCode: Int32 {
        if domain == NSPOSIXErrorDomain { return Int32(code) }
        if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return EIO
    }
}
