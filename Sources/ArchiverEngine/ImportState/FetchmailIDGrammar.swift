/// Reads fetchmail's `.fetchids` (the `--idfile`), as fetchmail 6 writes it for POP3 accounts kept
/// on the server (`keep`): one line per message seen,
///
///     <remote user>@<server> SP <uid>
///
/// where the server is the name fetchmail polls (its `via` name when one is set). A remote user
/// may itself hold `@` (`me@example.com@pop.example.com`), so the host follows the LAST `@`;
/// a unique-id holds no space, so it follows the LAST space.
struct FetchmailIDGrammar: StateLineGrammar {
    private let file: String
    private var budget: UIDBudget
    private var lists: [StateList] = []
    private var index: [ServerMailbox: Int] = [:]

    init(file: String, options: StateFileOptions) {
        self.file = file
        budget = UIDBudget(file: file, options: options)
    }

    func end(lineCount: Int) -> [StateList] {
        lists
    }

    mutating func parse(_ line: StateLine) throws {
        let bytes = line.bytes
        guard let space = bytes.lastIndex(of: UInt8(ascii: " ")) else {
            throw malformed(line, "expected \"<user>@<server> <uid>\", found no space")
        }
        let account = bytes[..<space]
        let uid = bytes[(space + 1)...]
        guard let at = account.lastIndex(of: UInt8(ascii: "@")), at > account.startIndex,
            at + 1 < account.endIndex
        else {
            throw malformed(line, "expected \"<user>@<server>\" before the unique-id")
        }
        if let problem = uniqueIDProblem(uid) {
            throw malformed(line, problem)
        }
        try budget.take(line: line.number)
        let mailbox = ServerMailbox(
            user: String(decoding: account[..<at], as: UTF8.self),
            host: String(decoding: account[(at + 1)...], as: UTF8.self))
        let key = String(decoding: uid, as: UTF8.self)
        if let position = index[mailbox] {
            lists[position].uids.append(key)
        } else {
            index[mailbox] = lists.count
            lists.append(StateList(owner: .mailbox(mailbox), uids: [key], line: line.number))
        }
    }

    private func malformed(_ line: StateLine, _ reason: String) -> ImportStateError {
        .malformed(file: file, line: line.number, reason: reason)
    }
}
