import Foundation
import Ledger
import MailStore

/// Verifies a Maildir account: each recorded file (found again in `cur/` with other flags, or moved
/// from `new/` to `cur/` by a mail reader, by its name up to `:2,`), then every file in `new/` and
/// `cur/` of the Maildir and of its Maildir++ folders (`.Name/`, an IMAP account's folders) that no
/// record claims.
struct MaildirVerification {
    let layout: AccountArchiveLayout
    let chunkSize: Int

    func run(_ recorded: [LedgerMessage], into result: inout AccountVerification) throws -> [UnrecordedMessage] {
        var files = try listing()
        var claimed = Set<String>()
        for message in recorded {
            guard case .maildir(let path) = message.location else { continue }
            result.checked += 1
            guard let actual = locate(path, in: files) else {
                result.findings.append(VerifyFinding(
                    kind: .missing, location: full(path), key: message.key, detail: "no such file"))
                continue
            }
            claimed.insert(actual)
            var digest = ContentDigest(limit: nil, sniffing: false)
            do {
                try GzipReader.forEachChunk(ofFile: full(actual), chunkSize: chunkSize) { digest.add($0) }
            } catch {
                result.findings.append(VerifyFinding(
                    kind: .missing, location: full(actual), key: message.key, detail: "unreadable: \(error)"))
                continue
            }
            let sha256 = digest.hexDigest()
            if digest.size == message.storedSize && sha256 == message.sha256 {
                result.matched += 1
                if actual != path { result.relocated[path] = actual }
            } else {
                result.findings.append(VerifyFinding(
                    kind: .altered, location: full(actual), key: message.key,
                    detail: Self.difference(size: digest.size, sha256: sha256, recorded: message)))
            }
        }
        var unrecorded: [UnrecordedMessage] = []
        for (_, paths) in files.sorted(by: { $0.key < $1.key }) {
            for path in paths.sorted() where !claimed.contains(path) {
                var digest = ContentDigest(limit: nil)
                try GzipReader.forEachChunk(ofFile: full(path), chunkSize: chunkSize) { digest.add($0) }
                let stored = StoredMessage(
                    location: .maildir(path: path), size: digest.size, sha256: digest.hexDigest(),
                    headers: digest.summary())
                unrecorded.append(UnrecordedMessage(
                    stored: stored, findingIndex: result.findings.count, isRepairable: true))
                result.findings.append(VerifyFinding(
                    kind: .unrecorded, location: full(path), detail: "\(digest.size) bytes, not in the ledger"))
            }
        }
        files.removeAll()
        return unrecorded
    }

    static func difference(size: Int64, sha256: String, recorded: LedgerMessage) -> String {
        if size != recorded.storedSize { return "\(size) bytes, the ledger records \(recorded.storedSize)" }
        return "SHA-256 \(sha256), the ledger records \(recorded.sha256)"
    }

    private func full(_ relative: String) -> String { layout.file(relative) }

    /// The recorded path if it exists, else a file with the same name key in the same folder's
    /// `new/` or `cur/`.
    private func locate(_ path: String, in files: [String: [String]]) -> String? {
        let key = Self.key(path)
        let candidates = files[key] ?? []
        if candidates.contains(path) { return path }
        let folder = Self.folder(path)
        return candidates.first { Self.folder($0) == folder }
    }

    /// Every message file, relative to the root, by folder and name key.
    private func listing() throws -> [String: [String]] {
        var files: [String: [String]] = [:]
        for folder in layout.maildirFolders() {
            for sub in ["new", "cur"] {
                let directory = full(folder + sub)
                guard FileManager.default.fileExists(atPath: directory) else { continue }
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: directory)
                } catch {
                    throw VerifyError.unreadable(path: directory, reason: "\(error)")
                }
                for name in names where !name.hasPrefix(".") {
                    let path = folder + sub + "/" + name
                    files[Self.key(path), default: []].append(path)
                }
            }
        }
        return files
    }

    /// The folder and name up to the info part: `.Sent/cur/123.M1:2,S` → `.Sent/123.M1`.
    static func key(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let base = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return folder(path) + base
    }

    /// `.Sent/` for `.Sent/cur/…`, `` for `new/…`.
    static func folder(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count > 2 ? parts.dropLast(2).joined(separator: "/") + "/" : ""
    }
}
