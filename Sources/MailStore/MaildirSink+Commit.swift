import Foundation

extension MaildirSink {
    /// Group commit: fsync every pending file, rename each into `new/` or `cur/`, fsync those
    /// directories once. If any step fails, files already renamed are removed again (they are not
    /// in the ledger yet) so that a failed commit leaves nothing visible; `abort` then clears `tmp/`.
    func publish() throws -> [StoredMessage] {
        for index in pending.indices {
            guard let fd = pending[index].descriptor else { continue }
            let path = root + "/" + pending[index].temporaryPath
            try SystemCalls.sync(fd, path: path)
            pending[index].descriptor = nil
            try SystemCalls.closeFile(fd, path: path)
        }
        var renamed: [String] = []
        do {
            for message in pending {
                let target = root + "/" + message.visiblePath
                try SystemCalls.renameFile(root + "/" + message.temporaryPath, target)
                renamed.append(target)
            }
            let directories = Set(pending.map { String($0.visiblePath.prefix(3)) })
            for directory in directories.sorted() { try SystemCalls.syncDirectory(root + "/" + directory) }
        } catch {
            // Back to tmp/ so that abort finds them; unlink if even that fails.
            for (message, path) in zip(pending, renamed) {
                if rename(path, root + "/" + message.temporaryPath) != 0 { _ = unlink(path) }
            }
            _ = try? SystemCalls.syncDirectory(root + "/new")
            _ = try? SystemCalls.syncDirectory(root + "/cur")
            throw error
        }
        defer { pending.removeAll() }
        return pending.map {
            StoredMessage(
                location: .maildir(path: $0.visiblePath), size: $0.size, sha256: $0.sha256, headers: $0.headers)
        }
    }
}
