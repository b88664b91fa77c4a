import ArchiverEngine
import Foundation
import Ledger
import XCTest

/// An account archived by a real `AccountArchiver` from a `ScriptedMailSource`: the archive and
/// ledger that export and verify tests start from.
enum ScriptedArchive {
    static func archive(
        _ messages: [(String, [UInt8])], ledger: ArchiveLedger, root: URL, format: ArchiveTarget.Format, path: String,
        account: String = "work"
    ) async {
        let archiver = AccountArchiver(
            ledger: ledger, archiveRoot: root,
            target: ArchiveTarget(
                account: account, format: format, path: root.appendingPathComponent(path), deletion: .never),
            options: FetchOptions(batchMessages: 2))
        let result = await archiver.run { ScriptedMailSource(messages: messages) }
        XCTAssertNil(result.failure)
    }
}
