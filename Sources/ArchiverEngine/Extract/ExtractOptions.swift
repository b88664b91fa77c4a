import MIME

/// What `AttachmentExtractor` writes and where.
public struct ExtractOptions: Sendable {
    /// How files are laid out under the output directory.
    public enum Layout: Sendable, Equatable {
        /// `<YYYY-MM>/<file>` from the top-level message's `Date` (UTC), `unknown-date/` without one.
        case byMonth
        /// Every file directly in the output directory.
        case flat
    }

    /// What happens to a part whose content (SHA-256) was already written in this run.
    public enum Dedupe: String, Sendable, Equatable {
        /// Written again under its own name.
        case off
        /// Its own name is a hard link to the first copy (a copy where links are impossible).
        case hardLink = "link"
        /// Not written; the manifest points at the first copy.
        case skip
    }

    /// The output directory; created (0700) if missing. Nothing is ever written outside it.
    public var outputDirectory: String
    public var layout: Layout
    /// `--only`: when non-empty, a part is extracted only if one of these matches.
    public var filters: [ExtractFilter]
    /// `--inline`: also extract unnamed inline parts that carry a `Content-ID` (images of HTML mail).
    public var includeInlineResources: Bool
    public var dedupe: Dedupe
    /// A JSON Lines file getting one object per extracted part, or nil.
    public var manifestPath: String?
    /// `fsync` every file before it becomes visible (extracted files can be made again from the
    /// archive, so by default they are not).
    public var syncFiles: Bool
    public var filenamePolicy: FilenamePolicy
    public var parserOptions: MIMEParser.Options
    /// The size of the read buffer (and of the inflate output buffer for `.gz`).
    public var readChunkSize: Int

    public init(
        outputDirectory: String, layout: Layout = .byMonth, filters: [ExtractFilter] = [],
        includeInlineResources: Bool = false, dedupe: Dedupe = .off, manifestPath: String? = nil,
        syncFiles: Bool = false, filenamePolicy: FilenamePolicy = .init(),
        parserOptions: MIMEParser.Options = .init(), readChunkSize: Int = 1 << 18
    ) {
        self.outputDirectory = outputDirectory
        self.layout = layout
        self.filters = filters
        self.includeInlineResources = includeInlineResources
        self.dedupe = dedupe
        self.manifestPath = manifestPath
        self.syncFiles = syncFiles
        self.filenamePolicy = filenamePolicy
        self.parserOptions = parserOptions
        self.readChunkSize = readChunkSize
    }
}
