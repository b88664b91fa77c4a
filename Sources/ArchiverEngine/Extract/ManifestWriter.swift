#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of the manifest: an extracted part.
struct ManifestEntry {
    enum MessageRef {
        case index(Int)
        case file(String)
    }

    var source: String
    var message: MessageRef
    var messageID: String?
    var part: String
    var contentType: String
    var disposition: String?
    var originalName: String?
    /// Relative to the output directory.
    var path: String
    var size: Int64
    var sha256: String
    var defects: [String]
    /// With `--dedupe`: the path of the first file with the same content, when this is a duplicate.
    var duplicateOf: String?
    /// For a `message/external-body` part (its file holds the phantom header, RFC 2046 §5.2.3): the
    /// Content-Type parameters that say where the external object lives.
    var externalBody: [String: String]? = nil
}

/// Writes the manifest as JSON Lines, keys in a fixed order so that two runs give identical files.
/// Strings are escaped so that the file is safe to `cat` on a terminal: every control character,
/// C1 control and bidi control is written as `\uXXXX`.
final class ManifestWriter {
    let path: String
    private let fd: Int32
    private var pending: [UInt8] = []

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ExtractError.output(path: path, operation: "open", errno: errno) }
        pending.reserveCapacity(1 << 16)
    }

    deinit { SystemCall.close(fd) }

    func append(_ entry: ManifestEntry) throws {
        var line = "{\"source\":\(Self.quote(entry.source)),\"message\":"
        switch entry.message {
        case .index(let index): line += String(index)
        case .file(let file): line += Self.quote(file)
        }
        line += ",\"message_id\":\(Self.quote(entry.messageID)),\"part\":\(Self.quote(entry.part))"
        line += ",\"content_type\":\(Self.quote(entry.contentType)),\"disposition\":\(Self.quote(entry.disposition))"
        line += ",\"original_name\":\(Self.quote(entry.originalName)),\"path\":\(Self.quote(entry.path))"
        line += ",\"size\":\(entry.size),\"sha256\":\(Self.quote(entry.sha256))"
        line += ",\"defects\":[\(entry.defects.map { Self.quote($0) }.joined(separator: ","))]"
        if let duplicateOf = entry.duplicateOf { line += ",\"duplicate_of\":\(Self.quote(duplicateOf))" }
        if let external = entry.externalBody {
            let fields = external.keys.sorted().map { "\(Self.quote($0)):\(Self.quote(external[$0]))" }
            line += ",\"external_body\":{\(fields.joined(separator: ","))}"
        }
        line += "}\n"
        pending.append(contentsOf: line.utf8)
        if pending.count >= 1 << 16 { try flush() }
    }

    /// A line for a whole mailbox (no part): how many messages it held and the defects of its
    /// reading (the mbox heuristics taken). Its `"messages"` key tells it from a part's line.
    func appendMailbox(source: String, messages: Int, defects: [String]) throws {
        var line = "{\"source\":\(Self.quote(source)),\"messages\":\(messages)"
        line += ",\"defects\":[\(defects.map { Self.quote($0) }.joined(separator: ","))]}\n"
        pending.append(contentsOf: line.utf8)
        if pending.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered and `fsync`s the file.
    func finish() throws {
        try flush()
        guard fsync(fd) == 0 else { throw ExtractError.output(path: path, operation: "fsync", errno: errno) }
    }

    private func flush() throws {
        var done = 0
        while done < pending.count {
            let n = pending[done...].withUnsafeBytes { SystemCall.write(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ExtractError.output(path: path, operation: "write", errno: errno)
            }
            done += n
        }
        pending.removeAll(keepingCapacity: true)
    }

    static func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                    || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x2028 || v == 0x2029
                {
                    let hex = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
