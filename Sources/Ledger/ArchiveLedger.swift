import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The archive's SQLite database (`<root>/popvault.sqlite`): accounts, archived messages and runs.
///
/// The file is created 0600 (SQLite gives its `-wal` and `-shm` files the same mode), opened as a
/// GRDB `DatabasePool` in WAL mode with `synchronous = FULL` (a committed batch survives power loss,
/// so a DELE may follow it), and migrated on open. Concurrent readers are fine; one fetch per account
/// at a time is the job of ``AccountLock``.
public final class ArchiveLedger: Sendable {
    /// The database file.
    public let path: String
    private let opening: LedgerOpening

    /// The ledger's file name inside an archive root.
    public static let fileName = "popvault.sqlite"

    /// Opens (or creates) the ledger of the archive at `root`: `<root>/popvault.sqlite`.
    public convenience init(root: URL) throws {
        try self.init(path: root.appendingPathComponent(Self.fileName).path)
    }

    /// Opens the ledger at `path`, creating it (0600, and its directory 0700) if missing, and migrates it.
    public init(path: String) throws {
        self.path = path
        opening = LedgerOpening(ready: try Self.openPool(path))
    }

    /// Starts opening the ledger at `path` on another thread and returns at once; the first read or write
    /// waits for it and throws what opening threw. `popvault fetch` connects to the servers meanwhile.
    public init(openingInBackground path: String) {
        self.path = path
        opening = LedgerOpening { () throws(LedgerError) -> DatabasePool in try Self.openPool(path) }
    }

    /// The open pool (waiting for a background open to finish).
    var pool: DatabasePool {
        get throws(LedgerError) { try opening.pool() }
    }

    private static func openPool(_ path: String) throws(LedgerError) -> DatabasePool {
        try createFile(path)
        var configuration = Configuration()
        configuration.label = "popvault.ledger"
        configuration.busyMode = .timeout(30)
        // Two processes may write the same file (two accounts run by two crons): wait for each other.
        // (GRDB 7 opens write transactions with BEGIN IMMEDIATE, where this timeout applies.)
        configuration.foreignKeysEnabled = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` for WAL; the durability order needs every commit on disk.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
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
            throw LedgerError.migration(path: path, reason: reason(error))
        }
        return pool
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
            throw LedgerError.database(path: path, operation: operation, reason: Self.reason(error))
        }
    }

    func write<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.database(path: path, operation: operation, reason: Self.reason(error))
        }
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
