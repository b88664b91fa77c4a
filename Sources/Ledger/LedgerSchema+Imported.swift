import GRDB

extension LedgerSchema {
    /// `v3-imported`: where imported keys came from.
    ///
    /// An imported key is a `messages` row with `state = 'imported'` and no stored copy (v1 already
    /// allows that). This migration records each `popvault import-state` run in `imports` (which tool,
    /// which file, which server user and host, how many keys were listed and how many were new) and
    /// links every key it added to that run. A trigger keeps the invariant the deletion planner relies
    /// on: popvault never records a server deletion of a message it holds no copy of.
    static func registerImported(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-imported") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    tool TEXT NOT NULL,
                    file TEXT NOT NULL,
                    server_user TEXT NOT NULL,
                    server_host TEXT NOT NULL,
                    imported_at REAL NOT NULL,
                    listed INTEGER NOT NULL CHECK (listed >= 0),
                    added INTEGER NOT NULL CHECK (added >= 0 AND added <= listed)
                );
                CREATE INDEX imports_by_account ON imports (account_id, id);
                ALTER TABLE messages ADD COLUMN import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL;
                CREATE TRIGGER messages_imported_never_deleted
                BEFORE UPDATE OF deleted_at ON messages
                WHEN NEW.state = 'imported' AND NEW.deleted_at IS NOT NULL
                BEGIN
                    SELECT RAISE(ABORT, 'an imported message has no copy here and is never deleted by popvault');
                END;
                """)
        }
    }
}
