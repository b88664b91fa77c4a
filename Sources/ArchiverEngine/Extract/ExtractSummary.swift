/// What an extraction run did, for the summary line, `--report json` and the exit status.
public struct ExtractSummary: Sendable, Equatable {
    /// Messages read (top-level ones; attached messages are parts of them).
    public var messages = 0
    /// Parts extracted (duplicates included).
    public var parts = 0
    /// Bytes of the files written (duplicates that were linked or skipped not counted).
    public var bytesWritten: Int64 = 0
    /// Parts whose content had already been extracted in this run (with `--dedupe`).
    public var duplicates = 0
    /// Defects recorded in parts and messages (each is also in the manifest).
    public var defects = 0
    /// Messages that could not be parsed completely (a parser limit was exceeded), each with the
    /// error; the parts found before the failure were kept.
    public var messageErrors: [String] = []
    /// Inputs that could not be read (missing, unreadable, corrupt gzip), each with its error.
    public var inputErrors: [String] = []
    /// Bytes of messages read (decompressed).
    public var bytesRead: Int64 = 0

    public init() {}

    /// How many messages could not be parsed completely.
    public var unparsableMessages: Int { messageErrors.count }

    /// All failures: unparsable messages and unreadable inputs.
    public var errors: Int { messageErrors.count + inputErrors.count }
}

/// A snapshot of a running extraction, passed to the progress callback.
public struct ExtractProgress: Sendable, Equatable {
    public var messages: Int
    public var parts: Int
    public var bytesRead: Int64
    public var bytesWritten: Int64
    /// The input being read.
    public var source: String
}
