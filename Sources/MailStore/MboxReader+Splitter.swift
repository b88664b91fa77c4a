/// What `MboxSplitter` reports while it cuts an mbox stream into messages.
public enum MboxEvent {
    /// A message starts. `offset` is where its `From ` line starts in the (decompressed) stream, or
    /// its first byte for a leading message without one; `fromLine` is that line without `From ` and
    /// the line end (at most `maxFromLineBytes`), `nil` when there is none.
    case messageBegan(index: Int, offset: Int64, fromLine: String?)
    /// Bytes of the current message, already unquoted. Valid only during the call.
    case bytes(UnsafeRawBufferPointer)
    /// The current message is complete (its trailing blank separator line is not part of it).
    case messageEnded
}

/// An incremental mboxrd splitter: feed it any chunks, it reports messages as byte runs.
///
/// - A line starting `From ` is a separator when it is the first line of the stream or follows a
///   blank line; the blank line before it belongs to the separator, not the message.
/// - A line matching `>+From ` loses one `>` (mboxrd unquoting).
/// - Memory is constant: only the `>` count and a few bytes of a line start are held back, and the
///   run of unchanged bytes is passed on as slices of the input chunk.
public struct MboxSplitter {
    /// Limits of the splitter.
    public struct Options: Sendable {
        /// The part of a `From ` line kept for `MboxEvent.messageBegan` (the rest is skipped).
        public var maxFromLineBytes: Int
        public init(maxFromLineBytes: Int = 1024) { self.maxFromLineBytes = maxFromLineBytes }
    }

    enum LineState {
        case lineStart
        case content
        /// A CR at a line start: a CRLF blank line, or content.
        case carriageReturn
        /// `gt` `>` bytes then `matched` bytes of `From ` seen at a line start, nothing emitted yet.
        case prefix(gt: Int, matched: Int)
        /// Inside a separator line, keeping its first bytes.
        case fromLine
    }

    enum Blank { case lf, crlf }

    let options: Options
    var state = LineState.lineStart
    /// The byte offset of the next byte to be fed.
    var offset: Int64 = 0
    /// Where the line being examined started.
    var lineOffset: Int64 = 0
    /// True at the start of the stream and after a blank line.
    var afterBlank = true
    /// A blank line held back: dropped if a separator follows, emitted otherwise.
    var pendingBlank: Blank?
    var inMessage = false
    var messageCount = 0
    var fromLine: [UInt8] = []

    public init(options: Options = .init()) {
        self.options = options
    }

    /// How many messages have begun so far.
    public var messagesBegun: Int { messageCount }
}
