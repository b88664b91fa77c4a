/// The messages a `MaildirSink` has ended but not yet committed, with the location each will have
/// once committed: what the engine journals in the ledger before `commit` renames them.
public protocol JournalledSink: MessageSink {
    var endedMessages: [StoredMessage] { get }
}

extension MaildirSink: JournalledSink {
    public var endedMessages: [StoredMessage] {
        pending.map {
            StoredMessage(location: .maildir(path: $0.visiblePath), size: $0.size, sha256: $0.sha256, headers: $0.headers)
        }
    }
}
