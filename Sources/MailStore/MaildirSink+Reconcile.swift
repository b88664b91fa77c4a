extension MaildirSink {
    /// Relative paths (`new/NAME`, `cur/NAME:2,FLAGS`) of every message file visible in the Maildir.
    public func visibleMessages() throws -> [String] {
        try ["new", "cur"].flatMap { sub in
            try SystemCalls.regularFiles(in: root + "/" + sub).filter { !$0.hasPrefix(".") }.map { sub + "/" + $0 }
        }.sorted()
    }

    /// Removes the visible messages the ledger does not know: after a crash between `commit` (the
    /// rename) and the ledger transaction, such a file is archived but unrecorded, and the next run
    /// fetches the message again. Files are matched by their unique name (the part before ":"), so a
    /// mail reader that moved a message from `new/` to `cur/` or changed its flags does not make it
    /// look unrecorded. Returns the removed paths; the directories are fsync'd when any were removed.
    ///
    /// Only for a Maildir popvault owns: a message delivered by anything else is not in the ledger.
    public func removeUnrecorded(recordedPaths: some Sequence<String>) throws -> [String] {
        try state.expect(.idle, call: .commit, path: root)
        let recorded = Set(recordedPaths.map(Self.uniqueName))
        let removed = try visibleMessages().filter { !recorded.contains(Self.uniqueName($0)) }
        for path in removed { try SystemCalls.removeFile(root + "/" + path) }
        if !removed.isEmpty {
            try SystemCalls.syncDirectory(root + "/new")
            try SystemCalls.syncDirectory(root + "/cur")
        }
        return removed
    }

    /// `new/123.M4P5Q6R7.host` or `cur/123.M4P5Q6R7.host:2,S` → `123.M4P5Q6R7.host`.
    static func uniqueName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return String(name.prefix { $0 != ":" })
    }
}
