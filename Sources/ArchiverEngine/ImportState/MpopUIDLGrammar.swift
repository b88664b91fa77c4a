/// Reads mpop's UIDL file (`~/.mpop_uidls`, or an account's `uidls_file`), as mpop 1.4 writes it:
///
///     # comment lines, only at the top of the file
///      <number-of-uids> SP <hostname> SP <user>        (the line begins with a space)
///     <uid>                                             (exactly number-of-uids lines)
///
/// One list per user and host mpop has fetched from. mpop stops taking `#` lines as comments at
/// the first other line (a unique-id may begin with `#`); so does this parser.
struct MpopUIDLGrammar: StateLineGrammar {
    private let file: String
    private var budget: UIDBudget
    private var commentsAllowed = true
    private var open: (list: StateList, expected: Int)?
    private var lists: [StateList] = []

    init(file: String, options: StateFileOptions) {
        self.file = file
        budget = UIDBudget(file: file, options: options)
    }

    mutating func end(lineCount: Int) throws -> [StateList] {
        if let open {
            throw ImportStateError.malformed(
                file: file, line: lineCount,
                reason: "the list of \(open.list.owner) begun on line \(open.list.line) announces "
                    + "\(open.expected) unique-ids but the file ends after \(open.list.uids.count)")
        }
        return lists
    }

    mutating func parse(_ line: StateLine) throws {
        if commentsAllowed, line.bytes.first == UInt8(ascii: "#") { return }
        commentsAllowed = false
        guard var current = open else {
            let list = try header(line)
            open = (list, try count(line))
            return
        }
        if let problem = uniqueIDProblem(line.bytes) {
            throw ImportStateError.malformed(file: file, line: line.number, reason: problem)
        }
        try budget.take(line: line.number)
        current.list.uids.append(String(decoding: line.bytes, as: UTF8.self))
        if current.list.uids.count == current.expected {
            lists.append(current.list)
            open = nil
        } else {
            open = current
        }
    }

    /// ` <number-of-uids> <hostname> <user>`: the user is the rest of the line.
    private func header(_ line: StateLine) throws -> StateList {
        let fields = fields(line)
        guard fields.count == 3, !fields[1].isEmpty, !fields[2].isEmpty else {
            throw malformed(line, "expected \" <number-of-uids> <hostname> <user>\" to begin a list")
        }
        let mailbox = ServerMailbox(
            user: String(decoding: fields[2], as: UTF8.self), host: String(decoding: fields[1], as: UTF8.self))
        return StateList(owner: .mailbox(mailbox), uids: [], line: line.number)
    }

    private func count(_ line: StateLine) throws -> Int {
        let digits = fields(line)[0]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            let count = Int(String(decoding: digits, as: UTF8.self)), count >= 1
        else {
            throw malformed(line, "invalid number of unique-ids \"\(String(decoding: digits, as: UTF8.self))\"")
        }
        return count
    }

    /// The count, hostname and user of a header line (which must begin with a space).
    private func fields(_ line: StateLine) -> [ArraySlice<UInt8>] {
        guard line.bytes.first == UInt8(ascii: " ") else { return [] }
        let body = line.bytes.dropFirst()
        return body.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
    }

    private func malformed(_ line: StateLine, _ reason: String) -> ImportStateError {
        guard line.bytes.first == UInt8(ascii: " ") else {
            return .malformed(file: file, line: line.number, reason: "unique-id without a list (\(reason))")
        }
        return .malformed(file: file, line: line.number, reason: reason)
    }
}
