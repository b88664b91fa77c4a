/// One line of a state file, without its LF, and its 1-based number.
struct StateLine {
    var number: Int
    var bytes: [UInt8]
}

/// Splits a state file into LF-terminated lines as its bytes arrive, enforcing
/// ``StateFileOptions/maximumLineLength``. A line too long is counted to its end (so the error
/// carries its real length) but never stored beyond the maximum.
struct StateLineReader {
    let file: String
    let maximumLineLength: Int
    private var current: [UInt8] = []
    private var currentLength = 0
    private(set) var lineNumber = 0

    init(file: String, maximumLineLength: Int) {
        self.file = file
        self.maximumLineLength = maximumLineLength
    }

    /// The lines completed by `bytes`.
    mutating func feed(_ bytes: ArraySlice<UInt8>) throws -> [StateLine] {
        var lines: [StateLine] = []
        var rest = bytes
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            append(rest[rest.startIndex..<newline])
            lines.append(try endLine())
            rest = rest[rest.index(after: newline)...]
        }
        append(rest)
        return lines
    }

    /// The last line, when the file does not end with a LF.
    mutating func finish() throws -> StateLine? {
        currentLength == 0 ? nil : try endLine()
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        let room = max(0, maximumLineLength - currentLength)
        current.append(contentsOf: bytes.prefix(room))
        currentLength += bytes.count
    }

    private mutating func endLine() throws -> StateLine {
        lineNumber += 1
        defer {
            current.removeAll(keepingCapacity: true)
            currentLength = 0
        }
        guard currentLength <= maximumLineLength else {
            throw ImportStateError.lineTooLong(
                file: file, line: lineNumber, actual: currentLength, maximum: maximumLineLength)
        }
        return StateLine(number: lineNumber, bytes: current)
    }
}
