import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The archive's SQLite database (`<root>/popvault.sqlite`): accounts, archived messages and runs.
///
/// The file is created 0600 (SQLite gives its `-wal` and `-shm` files the same mode; a `-shm` left by a
/// run while the file was read-only is given 0600 again on open, see ``repairSidecarModes(_:)``), opened as a
/// GRDB `DatabasePool` in WAL mode with `synchronous = FULL` (a committed batch survives power loss,
/// so a DELE may follow it), and migrated on open. Concurrent readers are fine; one fetch per account
/// at a time is the job of ``AccountLock``.
public final class ArchiveLedger: Sendable {
    /// The database file.
    public let path: String
    private let opening: LedgerOpening

    /// The ledger's file name inside an archive root.
    public static let fileName = "popvault.sqlite"

    /// How long a write waits for another process's write transaction before failing with
    /// ``LedgerError/busy(path:operation:waited:)`` (a temporary failure).
    public static let defaultBusyTimeout: TimeInterval = 30

    /// The write lock wait of this ledger.
    public let busyTimeout: TimeInterval

    /// Opens (or creates) the ledger of the archive at `root`: `<root>/popvault.sqlite`.
    public convenience init(root: URL) throws {
        try self.init(path: root.appendingPathComponent(Self.fileName).path)
    }

    /// Opens the ledger at `path`, creating it (0600, and its directory 0700) if missing, and migrates it.
    public init(path: String, busyTimeout: TimeInterval = ArchiveLedger.defaultBusyTimeout) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        opening = LedgerOpening(ready: try Self.openPool(path, busyTimeout: busyTimeout))
    }

    /// Starts opening the ledger at `path` on another thread and returns at once; the first read or write
    /// waits for it and throws what opening threw. `popvault fetch` connects to the servers meanwhile.
    public init(openingInBackground path: String) {
        self.path = path
        busyTimeout = Self.defaultBusyTimeout
        opening = LedgerOpening { () throws(LedgerError) -> LedgerOpening.Opened in
            try Self.openPool(path, busyTimeout: Self.defaultBusyTimeout)
        }
    }

    /// The open pool (waiting for a background open to finish).
    var pool: DatabasePool {
        get throws(LedgerError) { try opening.opened().pool }
    }

    /// Throws ``LedgerError/replaced(path:detail:)`` when the file at ``path`` is no longer the one
    /// this ledger opened (removed, or another file renamed over it). Call it before anything that
    /// cannot be undone and relies on what this ledger recorded, such as deleting on a server.
    public func checkFileUnchanged() throws {
        let opened = try opening.opened()
        guard let now = FileIdentity(path: path) else {
            throw LedgerError.replaced(path: path, detail: "removed")
        }
        if now != opened.identity {
            throw LedgerError.replaced(path: path, detail: "replaced by another file")
        }
    }

    private static func openPool(_ path: String, busyTimeout: TimeInterval) throws(LedgerError) -> LedgerOpening.Opened {
        try createFile(path)
        repairSidecarModes(path)
        var configuration = Configuration()
        configuration.label = "popvault.ledger"
        configuration.busyMode = .timeout(busyTimeout)
        // Two processes may write the same file (two accounts run by two crons): wait for each other.
        // (GRDB 7 opens write transactions with BEGIN IMMEDIATE, where this timeout applies.)
        configuration.foreignKeysEnabled = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` for WAL; the durability order needs every commit on disk.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            if isBusy(error) { throw LedgerError.busy(path: path, operation: "open", waited: Int(busyTimeout)) }
            throw LedgerError.cannotOpen(path: path, reason: reason(error))
        }
        let migrator = LedgerSchema.migrator
        do {
            let (superseded, complete) = try pool.read {
                (try migrator.hasBeenSuperseded($0), try migrator.hasCompletedMigrations($0))
            }
            if superseded {
                throw LedgerError.migration(path: path, reason: "written by a newer popvault; upgrade popvault")
            }
            // A read decides; the migrator's write barrier (a write transaction) runs only when needed.
            if !complete { try migrator.migrate(pool) }
        } catch let error as LedgerError {
            throw error
        } catch {
            if isBusy(error) { throw LedgerError.busy(path: path, operation: "migration", waited: Int(busyTimeout)) }
            throw LedgerError.migration(path: path, reason: reason(error))
        }
        guard let identity = FileIdentity(path: path) else {
            throw LedgerError.cannotOpen(path: path, reason: "the file vanished while it was being opened")
        }
        return LedgerOpening.Opened(pool: pool, identity: identity)
    }

    /// SQLite creates `-wal` and `-shm` with the database file's mode. After a run against a ledger
    /// made read-only for a while (`chmod 400`), a `-shm` stays 0400 once the mode is back, and every
    /// later open fails on it. Files popvault owns are 0600: give them that mode again.
    static func repairSidecarModes(_ path: String) {
        for suffix in ["-wal", "-shm"] {
            var info = stat()
            let sidecar = path + suffix
            guard lstat(sidecar, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
                info.st_mode & 0o777 != 0o600
            else { continue }
            _ = chmod(sidecar, 0o600)
        }
    }

    static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// The journal mode SQLite reports (`"wal"` once open).
    public func journalMode() throws -> String {
        try read("journal mode") { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The identifiers of the schema migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read("schema version") { try LedgerSchema.migrator.appliedMigrations($0) }
    }

    // MARK: - Plumbing shared by the extensions

    func read<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw failure(error, operation)
        }
    }

    func write<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw failure(error, operation)
        }
    }

    private func failure(_ error: any Error, _ operation: String) -> LedgerError {
        if Self.isBusy(error) { return .busy(path: path, operation: operation, waited: Int(busyTimeout)) }
        return .database(path: path, operation: operation, reason: Self.reason(error))
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return String(describing: error)
    }

    /// Creates the directory (0700) and an empty database file (0600) unless they exist, so that
    /// SQLite never creates the file with the process umask.
    private static func createFile(_ path: String) throws(LedgerError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LedgerError.cannotOpen(path: path, reason: "cannot create \(directory): \(error)")
            }
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw LedgerError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
