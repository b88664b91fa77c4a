/// The account on a POP3 server that another tool's state entries belong to: the user it logged in
/// as and the host it connected to (as written in that tool's configuration).
public struct ServerMailbox: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var host: String

    /// Creates a mailbox identity.
    public init(user: String, host: String) {
        self.user = user
        self.host = host
    }

    /// Whether `other` names the same mailbox: the same user (exactly: servers differ on case), and the
    /// same host (ignoring ASCII case, as DNS does).
    public func sameMailbox(as other: ServerMailbox) -> Bool {
        user == other.user && host.lowercased() == other.host.lowercased()
    }

    /// `user@host`.
    public var description: String { "\(user)@\(host)" }
}
