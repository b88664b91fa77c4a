import ArchiveConfig
import Foundation
import Ledger
import MailStore

/// `popvault verify`: re-reads every message an account's ledger records at its location,
/// recomputes size and SHA-256, and compares; then looks for messages in the archive that the
/// ledger does not record. Reading is streamed (constant memory whatever the message size).
///
/// With `repair`, unrecorded messages are recorded in the ledger (nothing is ever deleted or
/// moved). They have no server UIDL, so they get the key ``ArchiveVerifier/repairedKey(sha256:)``:
/// `"unrecorded <sha256>"`. The space in it cannot occur in a POP3 UIDL (RFC 1939 §7: 0x21–0x7E)
/// nor in an IMAP key (which holds tabs), so fetch never mistakes one for a server message, and
/// deletion never picks it. Their server size is their stored size. Recorded Maildir messages
/// found intact under another name (moved to `cur/`, flags changed) get their new path recorded.
public final class ArchiveVerifier {
    /// What to verify: one account's archive.
    public struct Target: Sendable, Equatable {
        public var account: String
        public var format: AccountConfig.Format
        /// The account's Maildir, or its current mbox file (rotated segments lie beside it); for an
        /// IMAP account, the directory of its Maildir++ tree or per-folder mbox files.
        public var path: String
        /// The account's protocol (`pop3`, `imap`), for an account `--repair` adds to the ledger.
        public var protocolName: String

        public init(account: String, format: AccountConfig.Format, path: String, protocolName: String = "pop3") {
            self.account = account
            self.format = format
            self.path = path
            self.protocolName = protocolName
        }

        /// Where the account's ledger locations lie.
        public var layout: AccountArchiveLayout {
            AccountArchiveLayout(format: format, path: path, protocolName: protocolName)
        }
    }

    public let ledger: ArchiveLedger
    public let repair: Bool
    public let chunkSize: Int

    public init(ledger: ArchiveLedger, repair: Bool = false, chunkSize: Int = 1 << 18) {
        self.ledger = ledger
        self.repair = repair
        self.chunkSize = chunkSize
    }

    /// The ledger key `--repair` gives an unrecorded message with this content (a second copy of
    /// the same content gets ` 2`, and so on, appended).
    public static func repairedKey(sha256: String) -> String { "unrecorded " + sha256 }

    /// Verifies one account (and with `repair`, records its unrecorded messages).
    public func verify(_ target: Target) throws -> AccountVerification {
        var result = AccountVerification(account: target.account)
        guard let id = try ledger.existingAccount(named: target.account) else {
            // Nothing recorded: every message found is unrecorded.
            var scan = try scanAccount(target, account: nil, recorded: [], into: &result)
            try record(&scan, account: nil, target: target, into: &result)
            return result
        }
        let recorded = try ledger.messages(account: id)
        var scan = try scanAccount(target, account: id, recorded: recorded, into: &result)
        try record(&scan, account: id, target: target, into: &result)
        if repair && !result.relocated.isEmpty {
            let relocated = result.relocated
            try ledger.record(recorded.compactMap { message in
                guard case .maildir(let path) = message.location, let actual = relocated[path] else { return nil }
                var moved = message
                moved.location = .maildir(path: actual)
                return moved
            })
            result.relocationsRecorded = true
        }
        return result
    }

    private func scanAccount(
        _ target: Target, account: Int64?, recorded: [LedgerMessage], into result: inout AccountVerification
    ) throws -> [UnrecordedMessage] {
        switch target.format {
        case .maildir:
            return try MaildirVerification(layout: target.layout, chunkSize: chunkSize).run(recorded, into: &result)
        case .mbox:
            var verification = MboxVerification(layout: target.layout, chunkSize: chunkSize)
            if let account {
                for segment in target.layout.mboxSegmentsOnDisk() {
                    verification.openAppends[segment] = try ledger.openAppend(account: account, segment: segment)
                }
            }
            return try verification.run(recorded, into: &result)
        }
    }

    /// Records the unrecorded messages when repairing, in one ledger transaction.
    private func record(
        _ found: inout [UnrecordedMessage], account: Int64?, target: Target, into result: inout AccountVerification
    ) throws {
        guard repair, found.contains(where: \.isRepairable) else { return }
        let id = try account ?? ledger.account(named: target.account, protocol: target.protocolName)
        var known = try ledger.knownKeys(account: id)
        let now = Date()
        var rows: [LedgerMessage] = []
        for item in found where item.isRepairable {
            let base = Self.repairedKey(sha256: item.stored.sha256)
            var key = base
            var copy = 1
            while known.contains(key) {
                copy += 1
                key = base + " \(copy)"
            }
            known.insert(key)
            rows.append(LedgerMessage(
                account: id, key: key, serverSize: item.stored.size, stored: item.stored, at: now))
            result.findings[item.findingIndex].repairedKey = key
        }
        try ledger.record(rows)
    }
}

/// A message found in the archive that the ledger does not record.
struct UnrecordedMessage {
    var stored: StoredMessage
    /// Its finding in `AccountVerification.findings`.
    var findingIndex: Int
    /// False for an incomplete last mbox record (torn by a crash, the next fetch cuts it off; or
    /// someone else's, which has no content to record).
    var isRepairable: Bool
}
