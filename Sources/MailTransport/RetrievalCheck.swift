import NIOCore
import POP3Wire

/// Whether the answer to `RETR n` is the answer to that RETR. POP3 answers carry no tag: a response to
/// a command never sent, or one lost, shifts every later answer onto the wrong command, and the only
/// trace is in the sizes. A message whose received size is not the one LIST gave it, or whose
/// `+OK n octets` names another size, means the session no longer lines up with its commands
/// (a desync, DESIGN.md §4): nothing from that message on may be kept.
struct RetrievalCheck {
    /// The message number, and its size as LIST gave it.
    let number: Int
    let listed: Int
    /// What the status line announced (``POP3StatusLine/announcedOctets``), if anything.
    let announced: Int?
    private(set) var received = 0
    /// The last two bytes received, oldest in the high byte.
    private var tail: UInt16 = 0

    init(number: Int, listed: Int, status: POP3StatusLine) {
        self.number = number
        self.listed = listed
        announced = status.announcedOctets
    }

    mutating func add(_ chunk: ByteBuffer) {
        received += chunk.readableBytes
        chunk.withUnsafeReadableBytes { bytes in
            for byte in bytes.suffix(2) { tail = tail << 8 | UInt16(byte) }
        }
    }

    /// The desync error for `command`, or `nil` when the message is the one asked for (as far as sizes tell).
    func mismatch(command: POP3Command) -> POP3Error? {
        let sizeFits = received == listed || isUncountedFinalLineEnd
        if !sizeFits {
            return POP3Error(
                .sizeMismatch(message: number, listed: listed, received: received), command: command.description,
                detail: Self.outOfStep)
        }
        if let announced, announced != listed, announced != received {
            return POP3Error(
                .protocolViolation, command: command.description,
                detail: "the answer announced \(announced) octets, LIST said \(listed): " + Self.outOfStep)
        }
        return nil
    }

    /// QUIRK: RFC 1939 §11 counts the message as transmitted, but Cyrus and Courier, serving a message
    /// stored without a final line end, add CRLF before the terminating dot and leave it out of LIST.
    /// Exactly those 2 octets, at the end, are tolerated; nothing wider.
    private var isUncountedFinalLineEnd: Bool {
        received == listed + 2 && tail == 0x0D0A
    }

    private static let outOfStep = "the answers no longer line up with the commands; nothing from here on is kept"
}
