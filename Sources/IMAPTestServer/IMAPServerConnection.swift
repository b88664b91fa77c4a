import NIOConcurrencyHelpers
import NIOCore

/// One client connection of ``IMAPTestServer``: reads command lines, answers them from the shared
/// state. Commands carry no literals (popvault sends ASCII names and credentials quoted).
final class IMAPServerConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let configuration: IMAPTestServer.Configuration
    private let state: NIOLockedValueBox<IMAPTestServer.State>
    private var pending = ByteBuffer()
    private var authenticated = false
    /// The folder opened with SELECT or EXAMINE.
    private var selected: (name: String, readOnly: Bool)?

    init(configuration: IMAPTestServer.Configuration, state: NIOLockedValueBox<IMAPTestServer.State>) {
        self.configuration = configuration
        self.state = state
    }

    private var capabilities: String { "IMAP4rev1" + (configuration.uidPlus ? " UIDPLUS" : "") }

    func channelActive(context: ChannelHandlerContext) {
        write("* OK [CAPABILITY \(capabilities)] IMAPTestServer ready\r\n", context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending.readString(length: newline - pending.readerIndex) ?? ""
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            state.withLockedValue { $0.transcript.append(line) }
            var reply = ByteBuffer()
            let close = answer(line, into: &reply)
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            if close {
                context.close(promise: nil)
                return
            }
        }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
    }

    /// Writes the answer to `line` into `reply`; returns whether the connection closes after it.
    private func answer(_ line: String, into reply: inout ByteBuffer) -> Bool {
        let words = Self.arguments(line)
        guard words.count >= 2 else {
            reply.writeString("* BAD no command\r\n")
            return false
        }
        let tag = words[0]
        let verb = words[1].uppercased()
        let arguments = Array(words.dropFirst(2))
        switch verb {
        case "CAPABILITY":
            reply.writeString("* CAPABILITY \(capabilities)\r\n\(tag) OK CAPABILITY done\r\n")
        case "NOOP":
            reply.writeString("\(tag) OK NOOP done\r\n")
        case "LOGOUT":
            reply.writeString("* BYE logging out\r\n\(tag) OK LOGOUT done\r\n")
            return true
        case "LOGIN":
            guard arguments == [configuration.user, configuration.password] else {
                reply.writeString("\(tag) NO [AUTHENTICATIONFAILED] wrong user or password\r\n")
                return false
            }
            authenticated = true
            reply.writeString("\(tag) OK [CAPABILITY \(capabilities)] logged in\r\n")
        case _ where !authenticated:
            reply.writeString("\(tag) BAD log in first\r\n")
        case "LIST":
            for folder in state.withLockedValue({ $0.folders }) {
                reply.writeString("* LIST (\\HasNoChildren) \"/\" \(Self.quoted(folder.name))\r\n")
            }
            reply.writeString("\(tag) OK LIST done\r\n")
        case "SELECT", "EXAMINE":
            open(tag: tag, verb: verb, name: arguments.first ?? "", into: &reply)
        case "EXPUNGE":
            expunge(tag: tag, set: nil, into: &reply)
        case "UID" where !arguments.isEmpty:
            uid(tag: tag, verb: arguments[0].uppercased(), arguments: Array(arguments.dropFirst()), into: &reply)
        default:
            reply.writeString("\(tag) BAD unknown command\r\n")
        }
        return false
    }

    private func open(tag: String, verb: String, name: String, into reply: inout ByteBuffer) {
        let folder: IMAPTestServer.Folder? = state.withLockedValue { state in
            state.fire(verb: verb, folder: name)
            return state.index(of: name).map { state.folders[$0] }
        }
        guard let folder else {
            selected = nil
            reply.writeString("\(tag) NO [NONEXISTENT] no folder \(Self.quoted(name))\r\n")
            return
        }
        let readOnly = verb == "EXAMINE"
        selected = (folder.name, readOnly)
        reply.writeString("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n")
        reply.writeString("* \(folder.messages.count) EXISTS\r\n* 0 RECENT\r\n")
        reply.writeString("* OK [UIDVALIDITY \(folder.uidValidity)] UIDs valid\r\n")
        if let next = state.withLockedValue({ $0.announcedUIDNext(of: folder) }) {
            reply.writeString("* OK [UIDNEXT \(next)] predicted next UID\r\n")
        }
        reply.writeString("\(tag) OK [\(readOnly ? "READ-ONLY" : "READ-WRITE")] \(verb) done\r\n")
    }

    private func uid(tag: String, verb: String, arguments: [String], into reply: inout ByteBuffer) {
        guard let selected else {
            reply.writeString("\(tag) BAD no folder selected\r\n")
            return
        }
        let folder: IMAPTestServer.Folder? = state.withLockedValue { state in
            state.fire(verb: "UID " + verb, folder: selected.name)
            return state.index(of: selected.name).map { state.folders[$0] }
        }
        guard let folder else {
            reply.writeString("\(tag) NO [NONEXISTENT] the folder is gone\r\n")
            return
        }
        switch verb {
        case "SEARCH" where arguments.count == 2:
            let first = UInt32(arguments[1].split(separator: ":").first ?? "") ?? 1
            var uids = folder.messages.map(\.uid).filter { $0 >= first }
            // RFC 3501 §6.4.8: `n:*` always includes the highest UID.
            if uids.isEmpty, let last = folder.messages.last { uids = [last.uid] }
            reply.writeString("* SEARCH" + uids.map { " \($0)" }.joined() + "\r\n\(tag) OK SEARCH done\r\n")
        case "FETCH" where arguments.count >= 2:
            let set = UIDSet(arguments[0], highest: folder.messages.last?.uid ?? 0)
            let withBody = arguments.dropFirst().joined(separator: " ").uppercased().contains("BODY.PEEK[]")
            for (index, message) in folder.messages.enumerated() where set.contains(message.uid) {
                fetch(message, sequence: index + 1, withBody: withBody, into: &reply)
            }
            reply.writeString("\(tag) OK FETCH done\r\n")
        case "STORE" where arguments.count >= 3:
            guard !selected.readOnly else {
                reply.writeString("\(tag) NO [READ-ONLY] the folder is open read-only\r\n")
                return
            }
            let set = UIDSet(arguments[0], highest: folder.messages.last?.uid ?? 0)
            let flags = arguments[2].trimmingCharacters(in: "()").split(separator: " ").map(String.init)
            state.withLockedValue { state in
                guard let index = state.index(of: selected.name) else { return }
                for position in state.folders[index].messages.indices
                where set.contains(state.folders[index].messages[position].uid) {
                    state.folders[index].messages[position].flags.formUnion(flags)
                }
            }
            reply.writeString("\(tag) OK STORE done\r\n")
        case "EXPUNGE" where arguments.count == 1 && configuration.uidPlus:
            expunge(tag: tag, set: UIDSet(arguments[0], highest: folder.messages.last?.uid ?? 0), into: &reply)
        default:
            reply.writeString("\(tag) BAD unknown UID command\r\n")
        }
    }

    private func fetch(_ message: IMAPTestServer.Message, sequence: Int, withBody: Bool, into reply: inout ByteBuffer) {
        let size = state.withLockedValue { $0.announcedSize(of: message) }
        let flags = message.flags.sorted().joined(separator: " ")
        reply.writeString(
            "* \(sequence) FETCH (UID \(message.uid) RFC822.SIZE \(size) "
                + "INTERNALDATE \"22-Nov-2026 03:10:33 +0000\" FLAGS (\(flags))")
        if withBody {
            let wire = message.wire
            reply.writeString(" BODY[] {\(wire.count)}\r\n")
            reply.writeBytes(wire)
        }
        reply.writeString(")\r\n")
    }

    /// EXPUNGE (`set` nil) or `UID EXPUNGE set`: removes the `\Deleted` messages (of `set`).
    private func expunge(tag: String, set: UIDSet?, into reply: inout ByteBuffer) {
        guard let selected, !selected.readOnly else {
            reply.writeString("\(tag) NO [READ-ONLY] no folder open read-write\r\n")
            return
        }
        let removed: [Int] = state.withLockedValue { state in
            guard let index = state.index(of: selected.name) else { return [] }
            var sequences: [Int] = []
            var position = 0
            while position < state.folders[index].messages.count {
                let message = state.folders[index].messages[position]
                if message.flags.contains("\\Deleted"), set?.contains(message.uid) ?? true {
                    state.folders[index].messages.remove(at: position)
                    state.expunged.append("\(selected.name)/\(message.uid)")
                    sequences.append(position + 1)
                } else {
                    position += 1
                }
            }
            return sequences
        }
        for sequence in removed { reply.writeString("* \(sequence) EXPUNGE\r\n") }
        reply.writeString("\(tag) OK EXPUNGE done\r\n")
    }

    /// Words of a command line: atoms, quoted strings (unescaped) and parenthesized lists (kept whole).
    static func arguments(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var depth = 0
        var started = false
        for character in line {
            if quoted {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"" where depth == 0:
                quoted = true
                started = true
            case " " where depth == 0:
                if started { words.append(current) }
                current = ""
                started = false
            default:
                if character == "(" { depth += 1 }
                if character == ")" { depth = max(0, depth - 1) }
                current.append(character)
                started = true
            }
        }
        if started { words.append(current) }
        return words
    }

    static func quoted(_ name: String) -> String {
        var text = "\""
        for character in name {
            if character == "\\" || character == "\"" { text.append("\\") }
            text.append(character)
        }
        return text + "\""
    }
}

/// A UID set as a client sends it (`1:3,5,7:*`); `*` is the folder's highest UID.
struct UIDSet {
    var ranges: [ClosedRange<UInt32>] = []

    init(_ text: String, highest: UInt32) {
        for part in text.split(separator: ",") {
            let ends = part.split(separator: ":").map { $0 == "*" ? highest : UInt32($0) ?? 0 }
            guard let low = ends.first, let high = ends.last else { continue }
            ranges.append(min(low, high)...max(low, high))
        }
    }

    func contains(_ uid: UInt32) -> Bool { ranges.contains { $0.contains(uid) } }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
