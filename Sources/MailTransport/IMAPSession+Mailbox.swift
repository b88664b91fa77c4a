import IMAPWire

extension IMAPSession {
    /// Every mailbox: `LIST "" "*"` (RFC 3501 §6.3.8), names decoded from modified UTF-7.
    public func list() async throws -> [IMAPMailboxListing] {
        try await operation {
            var listings: [IMAPMailboxListing] = []
            try await run(.list(reference: IMAPMailboxName(wire: []), pattern: "*")) { event in
                if case .untagged(.list(let entry)) = event { listings.append(IMAPMailboxListing(entry)) }
            }
            return listings
        }
    }

    /// Opens `mailbox` read-only (EXAMINE, RFC 3501 §6.3.2): nothing done in it changes its flags.
    public func examine(_ mailbox: IMAPMailboxName) async throws -> IMAPMailboxStatus {
        try await open(mailbox, readOnly: true)
    }

    /// Opens `mailbox` read-write (SELECT, RFC 3501 §6.3.1), as ``markDeleted(uids:)`` and
    /// ``expunge(uids:)`` need.
    public func select(_ mailbox: IMAPMailboxName) async throws -> IMAPMailboxStatus {
        try await open(mailbox, readOnly: false)
    }

    private func open(_ mailbox: IMAPMailboxName, readOnly: Bool) async throws -> IMAPMailboxStatus {
        try await operation {
            var exists = 0
            var uidValidity: UInt32?
            var uidNext: UInt32?
            var flags: [String] = []
            var serverReadOnly = false
            func note(_ code: IMAPResponseCode?) {
                switch code {
                case .uidValidity(let value)?: uidValidity = value
                case .uidNext(let value)?: uidNext = value
                case .readOnly?: serverReadOnly = true
                default: break
                }
            }
            let command: IMAPCommand = readOnly ? .examine(mailbox) : .select(mailbox)
            shared.withLockedValue { $0.openMailbox = nil }
            let status = try await run(command) { event in
                switch event {
                case .untagged(.exists(let count)): exists = count
                case .untagged(.flags(let names)): flags = names
                case .untagged(.condition(let status)): note(status.code)
                default: break
                }
            }
            note(status.code)
            // RFC 3501 §6.3.1: "The server MUST respond with … OK [UIDVALIDITY …]"; without it UIDs
            // cannot be trusted across sessions.
            guard let uidValidity else {
                throw IMAPError(.protocolViolation, command: command.keyword, detail: "no UIDVALIDITY")
            }
            let opened = IMAPMailboxStatus(
                mailbox: mailbox,
                exists: exists,
                uidValidity: uidValidity,
                uidNext: uidNext,
                flags: flags,
                readOnly: readOnly || serverReadOnly
            )
            shared.withLockedValue { $0.openMailbox = opened }
            return opened
        }
    }

    /// The UIDs at or above `first` in the open mailbox, ascending: `UID SEARCH UID first:4294967295`
    /// (see ``IMAPCommand/uidSearch(from:)`` for why not `first:*`). A UID below `first` that a server
    /// sends anyway is filtered out here.
    public func uidSearch(from first: UInt32 = 1) async throws -> [UInt32] {
        try await operation {
            var uids: [UInt32] = []
            try await run(.uidSearch(from: first)) { event in
                if case .untagged(.search(let found)) = event { uids.append(contentsOf: found) }
            }
            return Array(Set(uids.filter { $0 >= first })).sorted()
        }
    }

    /// UID, RFC822.SIZE, FLAGS and INTERNALDATE of `uids` in the open mailbox, without bodies, in UID
    /// order, one `UID FETCH` per ``IMAPConfiguration/fetchBatch`` UIDs. UIDs that no longer exist are
    /// simply absent.
    public func fetchMetadata(uids: [UInt32]) async throws -> [IMAPFetchedMessage] {
        try await operation {
            var found: [UInt32: IMAPFetchedMessage] = [:]
            for batch in Self.batches(uids, size: configuration.fetchBatch) {
                try await run(.uidFetch(batch, .metadata)) { event in
                    guard case .untagged(.fetch(let sequence, let attributes)) = event,
                        let uid = attributes.uid, batch.contains(uid)
                    else { return }
                    found[uid] = IMAPFetchedMessage(attributes, sequence: sequence, uid: uid, octets: 0)
                }
            }
            return found.keys.sorted().map { found[$0]! }
        }
    }

    /// UID, RFC822.SIZE, FLAGS and INTERNALDATE of every message of the open mailbox with a UID of at
    /// least `first`, in UID order: `UID FETCH first:4294967295 (…)`.
    ///
    /// QUIRK: a folder is listed with `UID FETCH` over an explicit range, not `UID SEARCH UID first:*`
    /// (RFC 3501 §6.4.4): GNU Mailutils imap4d 3.15 answers `UID SEARCH UID 1:*` with an empty
    /// `* SEARCH` and takes the UIDs of `UID SEARCH UID n:m` for message sequence numbers, while its
    /// `UID FETCH` follows §6.4.8. Dovecot, Courier and Cyrus answer both alike.
    public func fetchMetadata(from first: UInt32) async throws -> [IMAPFetchedMessage] {
        try await operation {
            var found: [UInt32: IMAPFetchedMessage] = [:]
            try await run(.uidFetch(IMAPUIDSet(from: first), .metadata)) { event in
                guard case .untagged(.fetch(let sequence, let attributes)) = event,
                    let uid = attributes.uid, uid >= first
                else { return }
                found[uid] = IMAPFetchedMessage(attributes, sequence: sequence, uid: uid, octets: 0)
            }
            return found.keys.sorted().map { found[$0]! }
        }
    }

    /// Adds `\Deleted` to `uids` (`UID STORE … +FLAGS.SILENT (\Deleted)`); the mailbox must be open
    /// with ``select(_:)``.
    public func markDeleted(uids: [UInt32]) async throws {
        try await operation {
            for batch in Self.batches(uids, size: 1000) {
                try await run(.uidStoreAddFlags(batch, ["\\Deleted"])) { _ in }
            }
        }
    }

    /// Whether ``expunge(uids:)`` can remove exactly the given messages (UIDPLUS, RFC 4315).
    public var supportsUIDExpunge: Bool { hasCapability("UIDPLUS") }

    /// Removes `\Deleted` messages: `UID EXPUNGE uids` when the server offers UIDPLUS; otherwise
    /// `EXPUNGE`, which removes *every* `\Deleted` message of the mailbox (also ones another client
    /// marked) — check ``supportsUIDExpunge`` first when that matters.
    public func expunge(uids: [UInt32]) async throws {
        try await operation {
            guard supportsUIDExpunge else {
                try await run(.expunge) { _ in }
                return
            }
            for batch in Self.batches(uids, size: 1000) {
                try await run(.uidExpunge(batch)) { _ in }
            }
        }
    }

    /// `uids` in sets of at most `size`.
    static func batches(_ uids: [UInt32], size: Int) -> [IMAPUIDSet] {
        let sorted = Array(Set(uids.filter { $0 > 0 })).sorted()
        return stride(from: 0, to: sorted.count, by: size).map {
            IMAPUIDSet(sorted[$0..<min($0 + size, sorted.count)])
        }
    }
}

extension IMAPFetchedMessage {
    init(_ attributes: [IMAPFetchAttribute], sequence: UInt32, uid: UInt32, octets: Int) {
        self.init(
            uid: uid,
            sequence: sequence,
            size: attributes.rfc822Size,
            flags: attributes.flags ?? [],
            internalDate: attributes.internalDate,
            octets: octets
        )
    }
}
