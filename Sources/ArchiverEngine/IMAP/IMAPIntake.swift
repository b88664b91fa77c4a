import Crypto

/// Sits between an IMAP source and the ``ArchiveWriter``: hashes each message exactly as the server
/// sent it (the ledger's `source_sha256`, which recognises it after a UIDVALIDITY change) and, for
/// mbox, inserts the flags as `Status:`/`X-Status:` lines at the end of the header block. The sink
/// behind hashes what it stores, so the ledger's `sha256` describes the stored bytes.
final class IMAPIntake: SourceMessageReceiver {
    private let writer: ArchiveWriter
    private let addsStatusLines: Bool
    private var hasher = SHA256()
    private var injector: StatusLineInjector?

    init(writer: ArchiveWriter, addsStatusLines: Bool) {
        self.writer = writer
        self.addsStatusLines = addsStatusLines
    }

    func begin(_ message: SourceMessage) throws {
        hasher = SHA256()
        injector = addsStatusLines
            ? StatusLineInjector(lines: IMAPMessageFlags(maildirInfo: message.flags).mboxStatusLines) : nil
        try writer.begin(message)
    }

    func bytes(_ chunk: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: chunk)
        if injector != nil {
            try injector!.feed(chunk) { try writer.bytes($0) }
        } else {
            try writer.bytes(chunk)
        }
    }

    func end(_ message: SourceMessage, octets: Int) throws {
        if injector != nil {
            try injector!.finish { try writer.bytes($0) }
        }
        injector = nil
        try writer.end(message, octets: octets, sourceSHA256: Self.hex(hasher.finalize()))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Hashes messages without storing them: the check of re-match candidates.
final class DigestReceiver: SourceMessageReceiver {
    private var hasher = SHA256()
    private(set) var digests: [Int: (octets: Int, sha256: String)] = [:]

    func begin(_ message: SourceMessage) throws {
        hasher = SHA256()
    }

    func bytes(_ chunk: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: chunk)
    }

    func end(_ message: SourceMessage, octets: Int) throws {
        digests[message.number] = (octets, IMAPIntake.hex(hasher.finalize()))
    }
}
