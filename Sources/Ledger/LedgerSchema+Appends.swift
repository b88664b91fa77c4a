import GRDB

extension LedgerSchema {
    /// `v6-mbox-appends`: the journal of the append popvault has open on an mbox segment (see
    /// ArchiveLedger+Appends). Without it, bytes past the ledger's last record could be a tail torn by
    /// popvault or complete records someone else wrote, and only the first may ever be cut.
    static func registerAppends(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-mbox-appends") { db in
            try db.execute(sql: """
                CREATE TABLE appends (
                    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                    segment TEXT NOT NULL,
                    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
                    PRIMARY KEY (account_id, segment)
                );
                """)
        }
    }
}
