import GRDB

/// The ledger's schema, as an ordered list of migrations. Never edit a registered migration:
/// append a new one, so that every existing archive upgrades in place.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts-messages-runs") { db in
            try db.execute(sql: """
                CREATE TABLE accounts (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    protocol TEXT NOT NULL
                );
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    server_size INTEGER,
                    stored_size INTEGER,
                    sha256 TEXT,
                    message_id TEXT,
                    date REAL,
                    from_addr TEXT,
                    subject TEXT,
                    location_kind TEXT CHECK (location_kind IN ('maildir', 'mbox')),
                    location_path TEXT,
                    location_offset INTEGER,
                    location_length INTEGER,
                    state TEXT NOT NULL CHECK (state IN ('archived', 'imported')),
                    archived_at REAL NOT NULL,
                    deleted_at REAL,
                    UNIQUE (account_id, key),
                    CHECK (state = 'imported' OR (location_kind IS NOT NULL AND location_path IS NOT NULL
                        AND server_size IS NOT NULL AND stored_size IS NOT NULL AND sha256 IS NOT NULL)),
                    CHECK (location_kind IS NOT 'mbox'
                        OR (location_offset >= 0 AND location_length > 0)),
                    CHECK (server_size IS NULL OR server_size >= 0),
                    CHECK (stored_size IS NULL OR stored_size >= 0),
                    CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'))
                );
                -- deletionCandidates: not yet deleted, archived by popvault, by age.
                CREATE INDEX messages_undeleted ON messages (account_id, archived_at)
                    WHERE deleted_at IS NULL AND state = 'archived';
                -- lastCommittedEnd: the records of one mbox segment.
                CREATE INDEX messages_mbox_segment ON messages (account_id, location_path, location_offset)
                    WHERE location_kind = 'mbox';
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    fetched INTEGER NOT NULL DEFAULT 0,
                    fetched_bytes INTEGER NOT NULL DEFAULT 0,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    failed INTEGER NOT NULL DEFAULT 0,
                    outcome TEXT CHECK (outcome IN ('ok', 'partial', 'failed', 'interrupted')),
                    error TEXT
                );
                CREATE INDEX runs_by_account ON runs (account_id, id);
                """)
        }
        migrator.registerMigration("v2-pending-segments") { db in
            try db.execute(sql: """
                -- A Maildir batch journalled before its rename into new/ (see ArchiveLedger+Pending).
                CREATE TABLE pending (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    server_size INTEGER,
                    stored_size INTEGER,
                    sha256 TEXT,
                    message_id TEXT,
                    date REAL,
                    from_addr TEXT,
                    subject TEXT,
                    location_kind TEXT,
                    location_path TEXT,
                    location_offset INTEGER,
                    location_length INTEGER,
                    state TEXT NOT NULL,
                    archived_at REAL NOT NULL,
                    deleted_at REAL,
                    PRIMARY KEY (account_id, key)
                );
                -- The length an mbox segment had before popvault first wrote to it.
                CREATE TABLE segments (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    segment TEXT NOT NULL,
                    base_length INTEGER NOT NULL CHECK (base_length >= 0),
                    PRIMARY KEY (account_id, segment)
                );
                """)
        }
        registerImported(&migrator)
        registerIMAP(&migrator)
        registerRotation(&migrator)
        registerAppends(&migrator)
        return migrator
    }
}
