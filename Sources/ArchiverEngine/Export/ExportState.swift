import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The resume state of an mbox export, kept beside the mbox as `.<name>.popvault-export` (JSON):
/// the mbox length that is durable and complete, and for each source how many of its messages are
/// handled. It is replaced atomically (write, fsync, rename, directory fsync) after every batch,
/// always after the batch's data was fsync'd.
///
/// After a SIGKILL, a rerun truncates the mbox back to `committedLength` (the torn or unrecorded
/// tail) and skips each source's first `sources[key]` messages: nothing is lost or duplicated.
struct ExportState: Codable, Equatable {
    var version = 1
    var committedLength: Int64 = 0
    var sources: [String: Int] = [:]

    /// The state file of the mbox at `mbox`.
    static func path(forMbox mbox: String) -> String {
        let url = URL(fileURLWithPath: mbox)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".popvault-export")
            .path
    }

    /// The saved state, or nil when there is none.
    static func load(_ path: String) throws -> ExportState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let state = try JSONDecoder().decode(ExportState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            guard state.version == 1 else { throw ExportError.state(path: path, reason: "unknown version") }
            return state
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError.state(path: path, reason: "unreadable resume state: \(error)")
        }
    }

    /// Replaces the file at `path` durably.
    func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = try DurableFile.create(temporary)
        do {
            try data.withUnsafeBytes { try DurableFile.writeAll(fd, $0, path: temporary) }
            try DurableFile.sync(fd, path: temporary)
            try DurableFile.close(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        try DurableFile.rename(temporary, path)
        try DurableFile.syncDirectory((path as NSString).deletingLastPathComponent)
    }
}
