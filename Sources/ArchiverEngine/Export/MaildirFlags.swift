/// Message flags between mbox `Status:` / `X-Status:` headers (as mutt, Thunderbird's mboxrd export
/// and Dovecot's mbox driver write them) and Maildir info flags (cr.yp.to/proto/maildir.html).
///
/// | mbox                | Maildir                 |
/// |---------------------|-------------------------|
/// | `Status: R` (read)  | `S` (seen)              |
/// | `Status: O` (old)   | in `cur/` (not `new/`)  |
/// | `X-Status: A`       | `R` (replied)           |
/// | `X-Status: F`       | `F` (flagged)           |
/// | `X-Status: T`       | `D` (draft)             |
/// | `X-Status: D`       | `T` (trashed)           |
///
/// Maildir `P` (passed) has no mbox counterpart and is dropped going to mbox.
public struct MaildirFlags: Sendable, Equatable {
    /// Maildir info flags, sorted, without repeats.
    public var flags: String
    /// True when the message belongs in `new/`: not yet seen by a mail reader, no flags.
    public var isNew: Bool

    public init(flags: String, isNew: Bool) {
        self.flags = String(Set(flags).sorted())
        self.isNew = isNew && self.flags.isEmpty
    }

    /// From the values of `Status:` and `X-Status:` (either may be absent).
    public init(status: String?, xStatus: String?) {
        var flags = ""
        let status = status ?? ""
        let xStatus = xStatus ?? ""
        if status.contains("R") { flags.append("S") }
        if xStatus.contains("A") { flags.append("R") }
        if xStatus.contains("F") { flags.append("F") }
        if xStatus.contains("T") { flags.append("D") }
        if xStatus.contains("D") { flags.append("T") }
        self.init(flags: flags, isNew: !status.contains("O") && !status.contains("R"))
    }

    /// From a Maildir file path (`new/name`, `cur/name:2,FS`): flags after `:2,`, new when in `new/`.
    public init(maildirFile file: String) {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let isNew = file.hasPrefix("new/") || file.contains("/new/")
        guard let range = name.range(of: ":2,") else {
            self.init(flags: "", isNew: isNew)
            return
        }
        let letters = name[range.upperBound...].filter { $0.isASCII && $0.isLetter }
        self.init(flags: String(letters), isNew: isNew)
    }

    /// The `Status:` value: `R` when seen, `O` when not new; nil when it would be empty.
    public var status: String? {
        var value = ""
        if flags.contains("S") { value.append("R") }
        if !isNew { value.append("O") }
        return value.isEmpty ? nil : value
    }

    /// The `X-Status:` value; nil when it would be empty.
    public var xStatus: String? {
        var value = ""
        if flags.contains("R") { value.append("A") }
        if flags.contains("F") { value.append("F") }
        if flags.contains("D") { value.append("T") }
        if flags.contains("T") { value.append("D") }
        return value.isEmpty ? nil : value
    }
}
