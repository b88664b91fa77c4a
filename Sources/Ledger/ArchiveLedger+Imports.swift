import Foundation
import GRDB

/// Where a set of imported keys came from: another tool's state file, for one server user and host.
public struct ImportSource: Sendable, Equatable {
    /// The tool that wrote the file (`mpop`, `getmail`, `fetchmail`).
    public var tool: String
    /// The state file, as given.
    public var file: String
    /// The user the tool logged in as.
    public var serverUser: String
    /// The host the tool connected to.
    public var serverHost: String

    /// Creates a source description.
    public init(tool: String, file: String, serverUser: String, serverHost: String) {
        self.tool = tool
        self.file = file
        self.serverUser = serverUser
        self.serverHost = serverHost
    }
}

/// The outcome of recording one state file: how many distinct keys it listed, how many the ledger
/// did not know yet (now recorded as imported), and how many it already knew (archived or imported).
public struct ImportCount: Sendable, Equatable {
    public var listed: Int
    public var added: Int
    public var known: Int { listed - added }

    /// Creates a count.
    public init(listed: Int, added: Int) {
        self.listed = listed
        self.added = added
    }
}

/// One recorded `import-state` run of an account.
public struct ImportRecord: Sendable, Equatable {
    public var source: ImportSource
    public var importedAt: Date
    public var count: ImportCount
}

extension ArchiveLedger {
    /// Records `keys` (server UIDLs) as archived elsewhere, in one transaction with a row in
    /// `imports` describing `source`. Keys the ledger already knows, archived or imported, stay as
    /// they are, so running the same import twice adds nothing the second time.
    public func recordImport(account: Int64, keys: [String], source: ImportSource, at: Date) throws -> ImportCount {
        var seen = Set<String>()
        let distinct = keys.filter { seen.insert($0).inserted }
        return try write("import of \(distinct.count) keys") { db in
            try db.execute(
                sql: """
                    INSERT INTO imports (account_id, tool, file, server_user, server_host, imported_at, listed, added)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [
                    account, source.tool, source.file, source.serverUser, source.serverHost,
                    at.timeIntervalSince1970, distinct.count,
                ])
            let importID = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: """
                INSERT INTO messages (account_id, key, state, archived_at, import_id) VALUES (?, ?, 'imported', ?, ?)
                ON CONFLICT (account_id, key) DO NOTHING
                """)
            var added = 0
            for key in distinct {
                try insert.execute(arguments: [account, key, at.timeIntervalSince1970, importID])
                added += db.changesCount
            }
            try db.execute(sql: "UPDATE imports SET added = ? WHERE id = ?", arguments: [added, importID])
            return ImportCount(listed: distinct.count, added: added)
        }
    }

    /// The import-state runs of `account`, oldest first.
    public func imports(account: Int64) throws -> [ImportRecord] {
        try read("imports") { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT tool, file, server_user, server_host, imported_at, listed, added FROM imports
                    WHERE account_id = ? ORDER BY id
                    """, arguments: [account]
            ).map { row in
                let at: Double = row[4]
                return ImportRecord(
                    source: ImportSource(tool: row[0], file: row[1], serverUser: row[2], serverHost: row[3]),
                    importedAt: Date(timeIntervalSince1970: at), count: ImportCount(listed: row[5], added: row[6]))
            }
        }
    }

    /// The keys of `account` recorded as imported (archived elsewhere, no copy here).
    public func importedKeys(account: Int64) throws -> Set<String> {
        try read("imported keys") { db in
            Set(try String.fetchAll(
                db, sql: "SELECT key FROM messages WHERE account_id = ? AND state = 'imported'", arguments: [account]))
        }
    }
}
