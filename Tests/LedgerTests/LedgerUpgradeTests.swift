import Foundation
import GRDB
@testable import Ledger
import XCTest

/// An archive written before `v3-imported` upgrades in place, its rows intact.
final class LedgerUpgradeTests: XCTestCase {
    func testV2LedgerUpgradesToV3() throws {
        let fixture = try LedgerFixture()
        defer { fixture.directory.remove() }
        let path = fixture.directory.path + "/old.sqlite"
        do {
            let pool = try DatabasePool(path: path)
            try LedgerSchema.migrator.migrate(pool, upTo: "v2-pending-segments")
            try pool.write { db in
                try db.execute(sql: "INSERT INTO accounts (name, protocol) VALUES ('work', 'pop3')")
                try db.execute(sql: """
                    INSERT INTO messages (account_id, key, state, archived_at) VALUES (1, 'old-import', 'imported', 1)
                    """)
            }
            try pool.close()
        }
        let ledger = try ArchiveLedger(path: path)
        let applied = try ledger.appliedMigrations()
        XCTAssertEqual(Array(applied.prefix(3)), ["v1-accounts-messages-runs", "v2-pending-segments", "v3-imported"])
        XCTAssertEqual(applied, LedgerSchema.migrator.migrations, "every later migration applies on top")
        let source = ImportSource(tool: "mpop", file: "u", serverUser: "me", serverHost: "h")
        XCTAssertEqual(try ledger.recordImport(account: 1, keys: ["old-import", "new"], source: source, at: Date()),
                       ImportCount(listed: 2, added: 1))
        XCTAssertEqual(try ledger.importedKeys(account: 1), ["old-import", "new"])
    }
}
