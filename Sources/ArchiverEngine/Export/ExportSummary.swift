/// What an export did.
public struct ExportSummary: Sendable, Equatable {
    /// Messages read from the inputs (including those skipped).
    public var read = 0
    /// Messages written to the destination by this run.
    public var exported = 0
    /// Bytes of those messages (as read, after mboxrd unquoting).
    public var exportedBytes: Int64 = 0
    /// Messages an earlier, interrupted run had already written (skipped, never duplicated).
    public var alreadyExported = 0
    /// Messages outside `--since`/`--until` (or without a parseable `Date:` when a range is set).
    public var outsideDates = 0
    /// Inputs that could not be read (fully or in part); the others were still exported.
    public var inputErrors: [String] = []

    public init() {}
}
