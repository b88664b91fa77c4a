/// Whose entries a list of a state file holds.
public enum StateOwner: Sendable, Hashable, CustomStringConvertible {
    /// mpop and fetchmail write the user and host beside the unique-ids.
    case mailbox(ServerMailbox)
    /// getmail writes one file per mailbox and says whose only in its name,
    /// `oldmail-<server>-<port>-<user>`.
    case oldmailFile(name: String)

    /// Whether the entries belong to `wanted`; with `exactHost`, the host must match case included.
    func belongs(to wanted: ServerMailbox, exactHost: Bool) -> Bool {
        switch self {
        case .mailbox(let mailbox):
            return mailbox.sameMailbox(as: wanted) && (!exactHost || mailbox.host == wanted.host)
        case .oldmailFile(let name):
            return GetmailOldmailName(name).names(wanted, exactHost: exactHost)
        }
    }

    public var description: String {
        switch self {
        case .mailbox(let mailbox): mailbox.description
        case .oldmailFile(let name): name
        }
    }
}

/// The unique-ids a state file records for one owner, in file order, and the line where they start.
public struct StateList: Sendable, Equatable {
    public var owner: StateOwner
    public var uids: [String]
    public var line: Int

    /// Creates a list.
    public init(owner: StateOwner, uids: [String], line: Int) {
        self.owner = owner
        self.uids = uids
        self.line = line
    }
}
