import Foundation
import Ledger

/// When messages that are safely archived may be deleted from the server.
public enum DeletionPolicy: Sendable, Equatable {
    case never
    /// Everything archived and not yet confirmed deleted, including what this run archives.
    case afterArchive
    /// What was archived at least this many seconds ago.
    case olderThan(TimeInterval)
}

/// What a run will do for one account, decided before any message is retrieved.
public struct FetchPlan: Sendable, Equatable {
    /// Messages on the server that the ledger does not know, in server order.
    public var toFetch: [SourceMessage]
    /// Messages on the server that the ledger already knows (archived here or imported).
    public var alreadyKnown: Int
    /// Keys the server listed for more than one message (against RFC 1939 §7; popa3d does it when headers
    /// repeat), each once. None of their messages is in ``toFetch`` or counted as known: one ledger key cannot
    /// record two messages, and which of them an existing record stands for cannot be told (a POP3 run then
    /// archives them under keys of their own, see `ContentKeys`).
    public var duplicateKeys: [String] = []

    /// Diffs the server's inventory against the keys the ledger knows. `known` is looked up, never copied
    /// (an IMAP run plans each folder against the whole account's keys).
    public init(inventory: [SourceMessage], known: Set<String>) {
        var seen = KeyIndex(minimumCapacity: inventory.count)
        var fetch: [SourceMessage] = []
        var repeated: [String] = []
        var knownCount = 0
        for message in inventory {
            guard seen.insert(message.key) else {
                repeated.append(message.key)
                continue
            }
            if known.contains(message.key) {
                knownCount += 1
            } else {
                fetch.append(message)
            }
        }
        toFetch = fetch
        alreadyKnown = knownCount
        excludeDuplicates(repeated) { known.contains($0) }
    }

    /// Diffs the server's inventory against the keys the ledger knows: one lookup per listed key (see
    /// ``KeyIndex``). A known key listed twice is caught by its position; only the unknown keys need a set.
    public init(inventory: [SourceMessage], known: KeyIndex) {
        var listed = [Bool](repeating: false, count: known.count)
        var new = KeyIndex()
        var fetch: [SourceMessage] = []
        var repeated: [String] = []
        var knownCount = 0
        for message in inventory {
            if let position = known.position(of: message.key) {
                guard !listed[position] else {
                    repeated.append(message.key)
                    continue
                }
                listed[position] = true
                knownCount += 1
            } else {
                guard new.insert(message.key) else {
                    repeated.append(message.key)
                    continue
                }
                fetch.append(message)
            }
        }
        toFetch = fetch
        alreadyKnown = knownCount
        excludeDuplicates(repeated) { known.position(of: $0) != nil }
    }

    /// Takes every message of a key listed more than once out of the plan (`repeated` holds a key once per
    /// extra listing; nothing to do, and nothing spent, on a server that keeps RFC 1939).
    private mutating func excludeDuplicates(_ repeated: [String], isKnown: (String) -> Bool) {
        guard !repeated.isEmpty else { return }
        var distinct = KeyIndex()
        duplicateKeys = repeated.filter { distinct.insert($0) }
        toFetch.removeAll { distinct.contains($0.key) }
        alreadyKnown -= duplicateKeys.filter(isKnown).count
    }

    /// The listed sizes of what is to be fetched, summed; saturates at `Int.max` rather than trap. (POP3's
    /// listing limits keep a real total far below: see `POP3ResponseParser.Options.maximumListedSize`;
    /// IMAP sizes are 32-bit.)
    public var bytesToFetch: Int {
        toFetch.reduce(0) { total, message in
            let (sum, overflow) = total.addingReportingOverflow(message.size)
            return overflow ? Int.max : sum
        }
    }
}

/// A message the ledger records as archived and not yet deleted on the server.
public struct DeletionCandidate: Sendable, Equatable {
    public var key: String
    /// Octets received when it was archived.
    public var archivedSize: Int
    public var archivedAt: Date
    /// True when the archived size may include a final CRLF the server added without counting it in LIST: a POP3
    /// copy, whose archived size is what RETR delivered (see ``matches(listedSize:)``). IMAP sizes are exact.
    public var allowsUncountedFinalLineEnd: Bool

    public init(key: String, archivedSize: Int, archivedAt: Date, allowsUncountedFinalLineEnd: Bool = false) {
        self.key = key
        self.archivedSize = archivedSize
        self.archivedAt = archivedAt
        self.allowsUncountedFinalLineEnd = allowsUncountedFinalLineEnd
    }

    /// Whether the server's LIST size is the size of this archived copy.
    ///
    /// QUIRK: RFC 1939 §3 ends a multi-line response with CRLF "." CRLF, so a server must add a CRLF
    /// before the dot to a message stored without a final line end; Cyrus and Courier then deliver
    /// 2 octets more by RETR than LIST reports. The retrieval check accepts a message only at LIST's size or
    /// exactly 2 octets over it (`RetrievalCheck`), and the ledger records what RETR delivered; so exactly
    /// LIST + 2 is accepted here for a POP3 copy, nothing wider, and the TOP identity check still guards the DELE.
    func matches(listedSize: Int) -> Bool {
        listedSize == archivedSize || (allowsUncountedFinalLineEnd && listedSize + 2 == archivedSize)
    }
}

/// Chooses what may be deleted on the server: only messages the ledger records as committed,
/// still listed by the server under the same key with the same size, and old enough for the policy.
///
/// A key the server lists for more than one message is never deleted (see ``FetchPlan/duplicateKeys``).
///
/// Keys imported from another tool (`popvault import-state`) are never deleted, whatever the policy:
/// popvault holds no copy of them. `"older-than:…"` does not apply to them either (their
/// `archived_at` is the time of the import, not of any copy popvault made); they stay on the server
/// until the other tool or the user removes them.
public struct DeletionPlan: Sendable, Equatable {
    public var toDelete: [SourceMessage]
    /// Candidates the server lists with another size than the one archived: never deleted.
    public var sizeMismatches: [String]
    /// Candidates the server no longer lists (deleted by an interrupted run after its QUIT, or by
    /// another client): recorded as deleted once this session ends cleanly.
    public var gone: [String]
    /// Imported keys the server still lists: kept there, since popvault has no copy.
    public var keptImported: Int

    /// Plans deletions; `imported` are the keys the ledger records as archived elsewhere, never deleted
    /// even if a caller passes one of them as a candidate.
    public init(
        policy: DeletionPolicy, candidates: [DeletionCandidate], inventory: [SourceMessage], now: Date,
        imported: Set<String> = []
    ) {
        var byKey: [String: SourceMessage] = [:]
        // A key listed for several messages: which one is the archived copy cannot be told, so none is deleted.
        var listedTwice: Set<String> = []
        for message in inventory where byKey.updateValue(message, forKey: message.key) != nil {
            listedTwice.insert(message.key)
        }
        var delete: [SourceMessage] = []
        var mismatches: [String] = []
        var gone: [String] = []
        for candidate in candidates where !imported.contains(candidate.key) && !listedTwice.contains(candidate.key) {
            guard let listed = byKey[candidate.key] else {
                // A content key (``ContentKeys``) is never listed itself: gone only once its UIDL is.
                let uid = ContentKeys.components(candidate.key).map { String($0.uid) }
                if policy != .never, uid.map({ byKey[$0] == nil }) ?? true { gone.append(candidate.key) }
                continue
            }
            switch policy {
            case .never:
                continue
            case .afterArchive:
                break
            case .olderThan(let age):
                guard now.timeIntervalSince(candidate.archivedAt) >= age else { continue }
            }
            if candidate.matches(listedSize: listed.size) {
                delete.append(listed)
            } else {
                mismatches.append(candidate.key)
            }
        }
        toDelete = delete.sorted { $0.number < $1.number }
        sizeMismatches = mismatches
        self.gone = gone
        keptImported = imported.isEmpty ? 0 : byKey.keys.filter(imported.contains).count
    }
}
