import GRDB

extension LedgerSchema {
    /// `v5-rotation`: the journal of mbox segment rotations (see ``SegmentRotation``). A row exists
    /// from the moment a plain segment is chosen for compression until its plain file is removed, so
    /// that a run killed at any point is completed by the next one.
    static func registerRotation(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-rotation") { db in
            try db.execute(sql: """
                CREATE TABLE rotations (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    segment TEXT NOT NULL,
                    target TEXT NOT NULL,
                    length INTEGER NOT NULL CHECK (length > 0),
                    sha256 TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
                    phase TEXT NOT NULL CHECK (phase IN ('compressing', 'adopted')),
                    started_at REAL NOT NULL,
                    PRIMARY KEY (account_id, segment),
                    UNIQUE (account_id, target)
                );
                """)
        }
    }
}
