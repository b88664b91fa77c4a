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
    /// Set when the folder changed between EXAMINE and the SELECT before expunging: nothing was
    /// expunged in it.
    public var changedBeforeExpunge: IMAPFolderChange?

    public init(name: String, location: String, uidValidity: UInt32) {
        self.name = name
        self.location = location
        self.uidValidity = uidValidity
    }
}

/// A folder that was no longer the one examined when it was opened to expunge: its UIDVALIDITY changed
/// (it was deleted and created again) or it could not be selected at all (renamed or deleted). UIDs
/// name the same messages only under one UIDVALIDITY (RFC 3501 §2.3.1.1), so nothing is expunged in it.
public struct IMAPFolderChange: Sendable, Codable, Equatable {
    public var folder: String
    /// The UIDVALIDITY at EXAMINE, under which its messages were listed and archived.
    public var examinedUIDValidity: UInt32
    /// The UIDVALIDITY the SELECT reported; `nil` when the server refused to select the folder.
    public var selectedUIDValidity: UInt32?

    public init(folder: String, examinedUIDValidity: UInt32, selectedUIDValidity: UInt32?) {
        self.folder = folder
        self.examinedUIDValidity = examinedUIDValidity
        self.selectedUIDValidity = selectedUIDValidity
    }
}
