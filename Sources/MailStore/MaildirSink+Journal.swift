/// The messages a `MaildirSink` has ended but not yet committed, with the location each will have
/// once committed: what the engine journals in the ledger before `commit` renames them.
public protocol JournalledSink: MessageSink {
    var endedMessages: [StoredMessage] { get }
}

extension MaildirSink: JournalledSink {
    public var endedMessages: [StoredMessage] { pending.map(\.stored) }
}

extension MaildirSink.PendingMessage {
    /// What the ledger records once the message is visible.
    var stored: StoredMessage {
        StoredMessage(location: .maildir(path: visiblePath), size: size, sha256: sha256, headers: headers)
    }
}
