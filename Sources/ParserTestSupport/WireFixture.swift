/// One parser fixture: a configured, fresh parser, the server's bytes, and what must come out.
///
/// `XCTestCase.verify(_:)` feeds the input whole, split in two at every position, split in three at every
/// pair of positions (short inputs), and byte by byte; every feeding must give the same events (adjacent
/// body chunks merged, since chunking depends on the splits) and the same outcome. (After swift-nio-imap's
/// `ParseFixture`.)
public struct WireFixture<Parser: FixtureParser> {
    /// How the feeding must end.
    public enum Outcome: Equatable {
        /// Every response finished and every byte was consumed.
        case complete
        /// The parser is waiting for more bytes.
        case incomplete
        /// The parser threw this kind of error (after the listed events).
        case failure(Parser.FailureKind)
    }

    /// The parser every feeding starts from (a copy of it, configured with its options and expectations).
    public var parser: Parser
    public var input: [UInt8]
    public var events: [Parser.Event]
    public var outcome: Outcome
    /// Where the fixture is written, for failure messages.
    public var file: StaticString
    public var line: UInt

    public init(
        parser: Parser,
        bytes: [UInt8],
        _ events: [Parser.Event],
        _ outcome: Outcome = .complete,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.parser = parser
        self.input = bytes
        self.events = events
        self.outcome = outcome
        self.file = file
        self.line = line
    }
}
