import GRDB

extension LedgerSchema {
    /// `v4-imap`: what IMAP archiving needs beside the POP3 tables.
    ///
    /// - `messages.source_sha256` (and the same column in `pending`): SHA-256 of the message exactly
    ///   as the server sent it (the IMAP `BODY[]` octets). `sha256` describes the stored bytes, which
    ///   for an IMAP mbox include the `Status:`/`X-Status:` lines popvault adds; this one recognises
    ///   the message again after a UIDVALIDITY change or a folder rename, whatever the format.
    /// - `imap_folders`: per account and folder (UTF-8 name), the UIDVALIDITY seen last and the UID
    ///   watermark: every message below it is recorded (or was expunged before it could be), so the
    ///   next run asks the server only for UIDs from the watermark on.
    static func registerIMAP(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-imap") { db in
            try db.execute(sql: """
                ALTER TABLE messages ADD COLUMN source_sha256 TEXT
                    CHECK (source_sha256 IS NULL
                        OR (length(source_sha256) = 64 AND source_sha256 NOT GLOB '*[^0-9a-f]*'));
                ALTER TABLE pending ADD COLUMN source_sha256 TEXT;
                CREATE TABLE imap_folders (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    folder TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL CHECK (uid_validity > 0),
                    uid_watermark INTEGER NOT NULL CHECK (uid_watermark >= 1),
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (account_id, folder)
                );
                """)
        }
    }
}
