/// The tools whose state files `import-state` reads.
public enum StateTool: String, Sendable, CaseIterable, Equatable {
    /// mpop's UIDL file (`~/.mpop_uidls` or the account's `uidls_file`).
    case mpop
    /// getmail6's `oldmail-<server>-<port>-<user>` file in its getmail directory.
    case getmail
    /// fetchmail's `~/.fetchids` (or the file given with `--idfile`).
    case fetchmail

    /// A fresh incremental parser for this tool's file format; its errors name `file`.
    public func parser(file: String, options: StateFileOptions = .init()) -> any StateFileParser {
        switch self {
        case .mpop: StateLineParser<MpopUIDLGrammar>(file: file, options: options)
        case .getmail: StateLineParser<GetmailOldmailGrammar>(file: file, options: options)
        case .fetchmail: StateLineParser<FetchmailIDGrammar>(file: file, options: options)
        }
    }
}

/// An incremental parser of one tool's state file: fed the file in chunks of any size (a single
/// byte included), it parses every complete line as it arrives and never blocks or reads a file.
public protocol StateFileParser {
    /// Parses the complete lines in `bytes`, keeping an unfinished last line for the next call.
    mutating func feed(_ bytes: ArraySlice<UInt8>) throws
    /// Ends the input (a last line without a newline counts) and returns the lists read.
    mutating func finish() throws -> [StateList]
}

/// Limits on a state file; exceeding one is an ``ImportStateError`` carrying actual and maximum.
public struct StateFileOptions: Sendable, Equatable {
    /// The longest line accepted, in bytes, without its LF (mpop's own reader stops at 4095).
    public var maximumLineLength: Int
    /// The most unique-ids accepted from one file.
    public var maximumUIDs: Int

    /// Creates options; the defaults fit any real mailbox.
    public init(maximumLineLength: Int = 4096, maximumUIDs: Int = 10_000_000) {
        self.maximumLineLength = maximumLineLength
        self.maximumUIDs = maximumUIDs
    }
}
