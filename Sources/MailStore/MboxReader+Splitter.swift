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
/// - With `Options.foreignDialects` (files other programs wrote, read by `extract`), a `From ` line
///   separates only when it has the From_ syntax (`MboxFromSyntax`), blank line before it or not, as
///   mutt does; the first line of the stream always does. The heuristics taken are counted in
///   `heuristics`.
/// - Memory is constant: only the `>` count and a few bytes of a line start are held back, and the
///   run of unchanged bytes is passed on as slices of the input chunk.
public struct MboxSplitter {
    /// Limits of the splitter.
    public struct Options: Sendable {
        /// The part of a `From ` line kept for `MboxEvent.messageBegan` (the rest is skipped).
        public var maxFromLineBytes: Int
        /// Split as mutt does files from any writer (see above). Off for popvault's own mboxrd
        /// archives, where every separator follows a blank line and body `From ` lines are quoted.
        public var foreignDialects: Bool
        public init(maxFromLineBytes: Int = 1024, foreignDialects: Bool = false) {
            self.maxFromLineBytes = maxFromLineBytes
            self.foreignDialects = foreignDialects
        }
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
        /// Inside a `From ` line of a foreign file, kept whole until its syntax decides whether it
        /// is a separator (`foreignDialects`).
        case candidate
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
    public internal(set) var heuristics = MboxHeuristics()

    public init(options: Options = .init()) {
        self.options = options
    }

    /// How many messages have begun so far.
    public var messagesBegun: Int { messageCount }
}

/// The heuristics `MboxSplitter` took on a foreign mbox, where Python's `mailbox` (any `From ` line
/// separates) and RFC 4155 (only after a blank line) would disagree.
public struct MboxHeuristics: Sendable, Equatable {
    /// From_ lines that separated messages without a blank line before them, and the first's offset.
    public var separatorsWithoutBlankLine = 0
    public var firstSeparatorWithoutBlankLine: Int64?
    /// `From ` lines without the From_ syntax, kept in the message body, and the first's offset.
    public var fromLinesKeptInBody = 0
    public var firstFromLineKeptInBody: Int64?

    public init() {}

    /// One sentence per heuristic taken, for a manifest's defects.
    public var descriptions: [String] {
        var lines: [String] = []
        if let first = firstSeparatorWithoutBlankLine {
            lines.append(
                "mbox-separator-without-blank-line: \(separatorsWithoutBlankLine) From_ line(s) without a blank "
                    + "line before them began a message (the first at byte \(first))")
        }
        if let first = firstFromLineKeptInBody {
            lines.append(
                "mbox-from-line-kept-in-body: \(fromLinesKeptInBody) line(s) starting \"From \" without the From_ "
                    + "date were kept in the body (the first at byte \(first))")
        }
        return lines
    }
}
