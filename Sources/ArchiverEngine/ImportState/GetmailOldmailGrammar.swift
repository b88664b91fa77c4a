/// Reads a getmail6 `oldmail-<server>-<port>-<user>` file, as getmail 6 writes it for a POP3
/// retriever: one line per message seen (in no particular order),
///
///     <uid> NUL <seconds since 1970>
///
/// The file does not say whose messages these are; its name does (see ``GetmailOldmailName``), so
/// the single list returned is owned by the file's base name.
struct GetmailOldmailGrammar: StateLineGrammar {
    private let file: String
    private var budget: UIDBudget
    private var uids: [String] = []

    init(file: String, options: StateFileOptions) {
        self.file = file
        budget = UIDBudget(file: file, options: options)
    }

    func end(lineCount: Int) -> [StateList] {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return [StateList(owner: .oldmailFile(name: name), uids: uids, line: 1)]
    }

    mutating func parse(_ line: StateLine) throws {
        guard let nul = line.bytes.firstIndex(of: 0) else {
            throw malformed(line, "expected \"<uid> NUL <timestamp>\", found no NUL byte")
        }
        let uid = line.bytes[..<nul]
        let timestamp = line.bytes[(nul + 1)...]
        if let problem = uniqueIDProblem(uid) {
            throw malformed(line, problem)
        }
        guard !timestamp.isEmpty, timestamp.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw malformed(line, "the timestamp after the NUL byte is not a number of seconds")
        }
        try budget.take(line: line.number)
        uids.append(String(decoding: uid, as: UTF8.self))
    }

    private func malformed(_ line: StateLine, _ reason: String) -> ImportStateError {
        .malformed(file: file, line: line.number, reason: reason)
    }
}
