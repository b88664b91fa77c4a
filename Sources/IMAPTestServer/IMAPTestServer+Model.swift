extension IMAPTestServer {
    /// One message of a folder.
    public struct Message: Sendable, Hashable {
        public var uid: UInt32
        /// The message as stored (any line ends; the server sends CRLF).
        public var bytes: [UInt8]
        /// System flags and keywords, as sent in `FLAGS (…)` (`\Seen`, `\Deleted`…).
        public var flags: Set<String>

        public init(uid: UInt32, bytes: [UInt8], flags: Set<String> = []) {
            self.uid = uid
            self.bytes = bytes
            self.flags = flags
        }

        /// The bytes on the wire: every line end CRLF.
        var wire: [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 40)
            for (index, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: "\n"), index == 0 || bytes[index - 1] != UInt8(ascii: "\r") {
                    out.append(UInt8(ascii: "\r"))
                }
                out.append(byte)
            }
            return out
        }
    }

    /// One folder: its UIDVALIDITY, the next UID it hands out and its messages in UID order.
    public struct Folder: Sendable, Hashable {
        public var name: String
        public var uidValidity: UInt32
        /// Wider than a UID so that a folder can hold UID 4294967295 (after which the UIDs are used up
        /// and EXAMINE announces no UIDNEXT).
        public var uidNext: UInt64
        public var messages: [Message] = []

        /// A folder holding `messages` (any bytes) under consecutive UIDs from `firstUID`.
        public init(name: String, uidValidity: UInt32, firstUID: UInt32 = 1, messages: [[UInt8]] = []) {
            self.name = name
            self.uidValidity = uidValidity
            self.uidNext = UInt64(firstUID)
            for bytes in messages { append(bytes) }
        }

        /// Appends a message under the next UID; returns that UID.
        @discardableResult
        public mutating func append(_ bytes: [UInt8], flags: Set<String> = []) -> UInt32 {
            precondition(uidNext <= UInt64(UInt32.max), "the folder's UIDs are used up")
            let uid = UInt32(uidNext)
            uidNext += 1
            messages.append(Message(uid: uid, bytes: bytes, flags: flags))
            return uid
        }
    }

    /// A change of the server's folders made between two commands, as another client (or the server's
    /// administrator) would make it.
    public enum FolderChange: Sendable, Hashable {
        /// The folder is deleted and created again: a new UIDVALIDITY, and it then holds `messages`
        /// under UIDs from 1 (RFC 3501 §2.3.1.1).
        case recreate(uidValidity: UInt32, messages: [[UInt8]])
        /// New mail arrives in the folder.
        case append([[UInt8]])
        /// The folder is deleted.
        case delete
        /// The folder is renamed (UIDVALIDITY and UIDs kept, as Dovecot does).
        case rename(to: String)
    }

    /// A scripted misbehaviour.
    public enum Fault: Sendable, Hashable {
        /// Just before answering the first `verb` (`"SELECT"`, `"EXAMINE"`, `"UID STORE"`…) naming
        /// `folder` — or, for a command without a folder, in `folder` — apply `changes`; fires once.
        case before(verb: String, folder: String, changes: [FolderChange])
        /// Announce `text` as the RFC822.SIZE of message `uid` (in every folder) instead of its size.
        case size(uid: UInt32, text: String)
        /// Announce `text` as UIDNEXT in every EXAMINE and SELECT instead of the folder's own.
        case uidNext(text: String)
    }

    /// What the server holds and how it misbehaves.
    public struct Configuration: Sendable {
        public var folders: [Folder]
        public var user: String
        public var password: String
        /// Offer UIDPLUS (UID EXPUNGE).
        public var uidPlus: Bool
        public var faults: [Fault]

        public init(
            folders: [Folder] = [], user: String = "user", password: String = "secret", uidPlus: Bool = true,
            faults: [Fault] = []
        ) {
            self.folders = folders
            self.user = user
            self.password = password
            self.uidPlus = uidPlus
            self.faults = faults
        }
    }

    /// The state every connection shares.
    struct State: Sendable {
        var folders: [Folder]
        var faults: [Fault]
        /// Every line received, in order (LOGIN passwords included: this is a test server).
        var transcript: [String] = []
        /// `folder/uid` of every message expunged.
        var expunged: [String] = []

        func index(of name: String) -> Int? {
            folders.firstIndex { $0.name == name || ($0.name.uppercased() == "INBOX" && name.uppercased() == "INBOX") }
        }

        /// Applies and removes the `before` faults for `verb` on `folder`.
        mutating func fire(verb: String, folder: String) {
            let matching = faults.firstIndex {
                guard case .before(let faultVerb, let faultFolder, _) = $0 else { return false }
                return faultVerb.uppercased() == verb && faultFolder == folder
            }
            guard let matching, case .before(_, _, let changes) = faults[matching] else { return }
            faults.remove(at: matching)
            for change in changes { apply(change, to: folder) }
        }

        mutating func apply(_ change: FolderChange, to name: String) {
            guard let index = index(of: name) else { return }
            switch change {
            case .recreate(let uidValidity, let messages):
                folders[index] = Folder(name: folders[index].name, uidValidity: uidValidity, messages: messages)
            case .append(let messages):
                for bytes in messages { folders[index].append(bytes) }
            case .delete:
                folders.remove(at: index)
            case .rename(let newName):
                folders[index].name = newName
            }
        }

        func announcedSize(of message: Message) -> String {
            for case .size(let uid, let text) in faults where uid == message.uid { return text }
            return String(message.wire.count)
        }

        func announcedUIDNext(of folder: Folder) -> String? {
            for case .uidNext(let text) in faults { return text }
            return folder.uidNext <= UInt64(UInt32.max) ? String(folder.uidNext) : nil
        }
    }
}
