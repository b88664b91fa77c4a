/// One difference between an archive and its ledger.
public struct VerifyFinding: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The ledger records a message that is not where it says (file or mbox record gone).
        case missing
        /// The message is there, but its size or SHA-256 differs from the ledger's.
        case altered
        /// A message in the archive the ledger does not record (a Maildir file, an mbox record
        /// outside the recorded ranges).
        case unrecorded
    }

    public var kind: Kind
    /// The Maildir file's path, or `segment-path@offset+length` for an mbox record.
    public var location: String
    /// The ledger key (POP3 UIDL, IMAP folder/UIDVALIDITY/UID); nil for unrecorded messages.
    public var key: String?
    /// What differs, in words (sizes, digests, "torn tail").
    public var detail: String
    /// For unrecorded messages: the ledger key `--repair` recorded it under, nil if not repaired.
    public var repairedKey: String?

    public init(kind: Kind, location: String, key: String? = nil, detail: String = "", repairedKey: String? = nil) {
        self.kind = kind
        self.location = location
        self.key = key
        self.detail = detail
        self.repairedKey = repairedKey
    }
}

/// The outcome of verifying one account.
public struct AccountVerification: Sendable, Equatable {
    public var account: String
    /// Ledger records checked.
    public var checked = 0
    /// Of those, how many matched.
    public var matched = 0
    public var findings: [VerifyFinding] = []
    /// Recorded Maildir messages found intact under another name (a mail reader moved them from
    /// `new/` to `cur/` or changed their flags): ledger path → actual path. `--repair` records the
    /// actual paths, so that `extract --account` and `export --account` find them.
    public var relocated: [String: String] = [:]
    /// Whether `--repair` recorded those paths.
    public var relocationsRecorded = false

    public init(account: String) {
        self.account = account
    }

    public func count(_ kind: VerifyFinding.Kind) -> Int { findings.filter { $0.kind == kind }.count }

    /// Unrecorded messages `--repair` recorded.
    public var repaired: Int { findings.filter { $0.repairedKey != nil }.count }

    /// True when the archive and the ledger agree (unrecorded messages that were repaired count as
    /// agreeing: the ledger records them now).
    public var isConsistent: Bool { findings.allSatisfy { $0.kind == .unrecorded && $0.repairedKey != nil } }
}
