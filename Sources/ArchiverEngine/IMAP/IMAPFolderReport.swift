/// One IMAP folder's part of an ``AccountReport``.
public struct IMAPFolderReport: Sendable, Codable, Equatable {
    /// The folder's name on the server (UTF-8).
    public var name: String
    /// Where it is stored, relative to the account's path (`""` is the Maildir itself).
    public var location: String
    public var uidValidity: UInt32
    /// Messages in the folder (EXISTS).
    public var serverMessages: Int = 0
    /// Messages the ledger already knew (listed and recorded, or below the folder's recorded watermark).
    public var alreadyKnown: Int = 0
    /// Messages the ledger did not know: what this run set out to fetch.
    public var planned: Int = 0
    /// Messages archived by this run.
    public var fetched: Int = 0
    /// Messages recognised (size and SHA-256) under a new UIDVALIDITY or folder name, not fetched again.
    public var rematched: Int = 0
    /// Messages expunged on the server.
    public var deleted: Int = 0

    public init(name: String, location: String, uidValidity: UInt32) {
        self.name = name
        self.location = location
        self.uidValidity = uidValidity
    }
}
