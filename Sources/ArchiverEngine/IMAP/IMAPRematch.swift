import Ledger

/// Recognises messages the ledger already holds under another key: after a folder's UIDVALIDITY
/// changed (the folder was recreated, every UID is new) or after a folder was renamed (the ledger's
/// folder no longer exists on the server).
///
/// Orphans are the ledger's messages (not deleted on the server) whose folder the server no longer
/// lists, or which belong to this folder under another UIDVALIDITY. A message of the folder that the
/// ledger does not know is a candidate when an orphan has its size; candidates are downloaded and
/// hashed (not stored), and one whose SHA-256 equals an orphan's `source_sha256` takes over that
/// orphan's ledger row (its key is renamed) instead of being archived again. Equal SHA-256 over
/// equal octets means equal bytes, so the Message-ID is equal too. Each orphan matches once: two
/// identical copies in the folder against one recorded copy archive the second.
struct IMAPRematch {
    var orphans: [LedgerMessage]

    /// The orphans for `folder` (under `uidValidity`), among `messages`.
    init(messages: [LedgerMessage], listedFolders: Set<String>, folder: String, uidValidity: UInt32) {
        orphans = messages.filter { message in
            guard message.deletedAt == nil, message.sourceSHA256 != nil,
                let key = LedgerMessage.imapKeyComponents(message.key)
            else { return false }
            if !listedFolders.contains(key.folder) { return true }
            return key.folder == folder && key.uidValidity != uidValidity
        }
    }

    /// The messages of `listed` worth hashing: unknown to the ledger, with an orphan of their size.
    func candidates(_ listed: [SourceMessage], known: Set<String>) -> [SourceMessage] {
        guard !orphans.isEmpty else { return [] }
        let sizes = Set(orphans.map(\.serverSize))
        return listed.filter { !known.contains($0.key) && sizes.contains(Int64($0.size)) }
    }

    /// Pairs hashed candidates with orphans of the same size and source hash: the ledger keys to
    /// rename. Matched orphans are used up.
    mutating func match(
        _ candidates: [SourceMessage], digests: [Int: (octets: Int, sha256: String)]
    ) -> [(from: String, to: String)] {
        var renames: [(from: String, to: String)] = []
        for candidate in candidates {
            guard let digest = digests[candidate.number] else { continue }
            guard let index = orphans.firstIndex(where: {
                $0.serverSize == Int64(digest.octets) && $0.sourceSHA256 == digest.sha256
            }) else { continue }
            renames.append((orphans[index].key, candidate.key))
            orphans.remove(at: index)
        }
        return renames
    }
}
