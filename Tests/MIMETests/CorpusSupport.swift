import Crypto
import Foundation
import MIME
import XCTest

/// The public MIME corpus beside the clone (`../shared/corpus/mime`, see its SOURCES.md).
enum Corpus {
    static var directory: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dir = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/mime")
        return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
    }

    /// Relative paths of every message file, sorted.
    static func files(in dir: URL) -> [String] {
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        var out: [String] = []
        while let url = e?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  url.lastPathComponent != "SOURCES.md" else { continue }
            out.append(String(url.standardizedFileURL.path.dropFirst(dir.standardizedFileURL.path.count + 1)))
        }
        return out.sorted()
    }

    /// Python's `BytesParser` reads through `TextIOWrapper` with universal newlines, so the message it
    /// parses has every CRLF and bare CR turned into LF. The differential feeds us the same bytes.
    static func universalNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return out
    }

    /// Parses `bytes` through a parser in 64 KiB chunks.
    static func parse(_ bytes: [UInt8], handler: any MIMEHandler, options: MIMEParser.Options = .init()) throws {
        var parser = MIMEParser(options: options, handler: handler)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 64 * 1024)
            try bytes[start..<end].withUnsafeBytes { try parser.feed($0) }
            start = end
        }
        try parser.finish()
    }
}

/// Leaf parts as the differential compares them: type, decoded name, SHA-256 of base64/QP bodies.
struct ComparableLeaf: Equatable, CustomStringConvertible {
    var type: String
    var filename: String?
    var sha256: String?

    var description: String { "\(type) \(filename.map { "'\($0)'" } ?? "nil") \(sha256?.prefix(12) ?? "-")" }
}

/// Collects `ComparableLeaf`s (inline uuencode files are left out: Python's email does not split them).
final class LeafCollector: MIMEHandler {
    var leaves: [ComparableLeaf] = []
    private var hashers: [String: SHA256] = [:]
    private var index: [String: Int] = [:]

    func messageBegan(_ header: MessageHeader) {}

    func partBegan(_ part: MIMEPart) -> Bool {
        guard !part.inUuencode else { return false }
        index[part.path] = leaves.count
        let name = part.filename.flatMap { $0.isEmpty ? nil : $0 }
        leaves.append(ComparableLeaf(type: part.contentType, filename: name, sha256: nil))
        let encoded = ["base64", "quoted-printable"].contains(part.contentTransferEncoding)
        if encoded { hashers[part.path] = SHA256() }
        return encoded
    }

    func partBody(_ part: MIMEPart, _ decoded: UnsafeRawBufferPointer) throws {
        hashers[part.path]?.update(bufferPointer: decoded)
    }

    func partEnded(_ part: MIMEPart, defects: [MIMEDefect]) throws {
        guard let hasher = hashers.removeValue(forKey: part.path), let k = index[part.path] else { return }
        leaves[k].sha256 = hasher.finalize().hexString
    }
}

/// Python's `email` package (policy.default) over the whole corpus, run once.
enum PythonReference {
    static let script = #"""
    import email, email.policy, hashlib, json, os, sys
    root = sys.argv[1]
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for f in files:
            if f == 'SOURCES.md':
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            try:
                with open(path, 'rb') as fh:
                    msg = email.message_from_binary_file(fh, policy=email.policy.default)
                leaves = []
                for part in msg.walk():
                    if part.is_multipart():
                        continue
                    try:
                        name = part.get_filename()
                    except Exception:
                        name = None
                    try:
                        cte = str(part.get('content-transfer-encoding', '')).strip().lower()
                    except Exception:
                        cte = ''
                    sha = None
                    if cte in ('base64', 'quoted-printable'):
                        data = part.get_payload(decode=True)
                        if isinstance(data, (bytes, bytearray)):
                            sha = hashlib.sha256(data).hexdigest()
                    try:
                        header = part['content-type']
                        header_type = header.content_type if header is not None else None
                    except Exception:
                        header_type = None
                    leaves.append({'type': part.get_content_type(), 'header_type': header_type,
                                   'filename': name or None, 'sha': sha})
                out[rel] = {'leaves': leaves}
            except Exception as e:
                out[rel] = {'error': type(e).__name__}
    json.dump(out, sys.stdout)
    """#

    struct Entry: Decodable {
        struct Leaf: Decodable {
            /// `get_content_type()`: the legacy reading, the raw value up to `;` (junk bytes kept).
            var type: String
            /// `msg['content-type'].content_type`: policy.default's RFC 2045 parse of the header (nil without one).
            var header_type: String?
            var filename: String?
            var sha: String?
        }
        var leaves: [Leaf]?
        var error: String?
    }

    /// Runs the script; nil if python3 is not installed.
    static func run(corpus: URL) throws -> [String: Entry]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, corpus.path]
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try JSONDecoder().decode([String: Entry].self, from: data)
    }
}
