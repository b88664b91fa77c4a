/// Why a state file cannot be imported. Every case names the file; format errors name the line.
public enum ImportStateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// A line is not in the tool's format.
    case malformed(file: String, line: Int, reason: String)
    /// A line is longer than ``StateFileOptions/maximumLineLength``.
    case lineTooLong(file: String, line: Int, actual: Int, maximum: Int)
    /// The file lists more unique-ids than ``StateFileOptions/maximumUIDs``.
    case tooManyUIDs(file: String, line: Int, actual: Int, maximum: Int)
    /// Nothing in the file belongs to the wanted mailbox; `present` says what the file holds.
    case noMatchingMailbox(file: String, tool: StateTool, wanted: ServerMailbox, present: [String])
    /// More than one differently spelled mailbox in the file matches the wanted one.
    case ambiguousMailbox(file: String, wanted: ServerMailbox, matches: [String])
    /// The account is not a POP3 account: the other tools' state files hold POP3 UIDLs.
    case notPOP3(account: String, protocolName: String)

    /// A sentence naming the file (and line) and what was wrong.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .malformed(file, line, reason):
            return "\(file), line \(line): \(reason)"
        case let .lineTooLong(file, line, actual, maximum):
            return "\(file), line \(line): line of \(actual) bytes is longer than the maximum of \(maximum)"
        case let .tooManyUIDs(file, line, actual, maximum):
            return "\(file), line \(line): more than \(maximum) unique-ids (at least \(actual))"
        case let .noMatchingMailbox(file, tool, wanted, present):
            let holds = present.isEmpty ? "no entries at all" : present.joined(separator: ", ")
            let hint = tool == .getmail
                ? "getmail names the file oldmail-<server>-<port>-<user>"
                : "the file holds \(holds)"
            return "\(file): no \(tool.rawValue) entries for \(wanted) (\(hint)); "
                + "use --server-user/--server-host to name the user and host the tool used"
        case let .ambiguousMailbox(file, wanted, matches):
            return "\(file): \(wanted) matches several entries (\(matches.joined(separator: ", "))); "
                + "name one exactly with --server-user/--server-host"
        case let .notPOP3(account, protocolName):
            return "account \"\(account)\": import-state reads POP3 UIDLs, but the account's protocol is "
                + "\"\(protocolName)\""
        }
    }
}
