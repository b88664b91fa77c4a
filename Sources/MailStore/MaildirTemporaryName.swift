/// popvault's own file names in a Maildir's `tmp/`, and the removal of those an interrupted run left.
///
/// A Maildir may be shared: a local delivery agent (Dovecot's `deliver`, procmail, maildrop) writes
/// into `tmp/` under names of the specification's form before renaming into `new/`. So popvault writes
/// under names with a prefix of its own and, when it opens a Maildir, removes only files with that
/// prefix: never another writer's delivery in progress.
public enum MaildirTemporaryName {
    /// `popvault fetch` (``MaildirSink``): the prefix, then the name the message gets in `new/`.
    public static let fetchPrefix = "popvault-fetch."
    /// `popvault export` into a Maildir.
    public static let exportPrefix = "popvault-export."

    /// Removes the regular files of `tmp` whose names start with `prefix`; returns their names.
    /// Other writers' files are left alone.
    public static func removeLeftovers(in tmp: String, prefix: String) throws -> [String] {
        var removed: [String] = []
        for name in try SystemCalls.regularFiles(in: tmp) where name.hasPrefix(prefix) {
            try SystemCalls.removeFile(tmp + "/" + name)
            removed.append(name)
        }
        return removed
    }
}
