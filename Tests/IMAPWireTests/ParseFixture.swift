import IMAPWire
import NIOCore
import ParserTestSupport

/// An IMAP parser fixture: the server's bytes and what must come out (see ``WireFixture``).
typealias ParseFixture = WireFixture<IMAPResponseParser>

extension IMAPResponseParser: FixtureParser {
    public typealias Event = IMAPResponseEvent
    public typealias Failure = IMAPParseError

    public static func kind(of error: IMAPParseError) -> IMAPParseError.Kind { error.kind }

    public static func bodyChunk(in event: IMAPResponseEvent) -> ByteBuffer? {
        if case .bodyChunk(let bytes) = event { return bytes }
        return nil
    }

    public static func bodyChunkEvent(_ bytes: ByteBuffer) -> IMAPResponseEvent { .bodyChunk(bytes) }
}

extension WireFixture where Parser == IMAPResponseParser {
    init(
        _ input: String,
        _ events: [IMAPResponseEvent],
        _ outcome: Outcome = .complete,
        options: IMAPResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.init(bytes: Array(input.utf8), events, outcome, options: options, file: file, line: line)
    }

    init(
        bytes: [UInt8],
        _ events: [IMAPResponseEvent],
        _ outcome: Outcome = .complete,
        options: IMAPResponseParser.Options = .init(),
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.init(parser: IMAPResponseParser(options: options), bytes: bytes, events, outcome, file: file, line: line)
    }
}

/// Shorthands for expected events.
extension IMAPResponseEvent {
    static func tagged(_ tag: String, _ condition: IMAPStatus.Condition, _ text: String, code: IMAPResponseCode? = nil)
        -> Self
    {
        .tagged(IMAPTaggedResponse(tag: tag, status: IMAPStatus(condition, code: code, text: text)))
    }

    static func condition(_ condition: IMAPStatus.Condition, _ text: String, code: IMAPResponseCode? = nil) -> Self {
        .untagged(.condition(IMAPStatus(condition, code: code, text: text)))
    }

    static func body(_ text: String) -> Self {
        .bodyChunk(ByteBuffer(string: text))
    }
}
