/// One tool's file format, taken a line at a time.
protocol StateLineGrammar {
    init(file: String, options: StateFileOptions)
    /// Takes one complete line.
    mutating func parse(_ line: StateLine) throws
    /// The lists read, once the file has ended after `lineCount` lines.
    mutating func end(lineCount: Int) throws -> [StateList]
}

/// The incremental parser of a line-based format: splits lines (``StateLineReader``) and hands each
/// to the format's grammar.
struct StateLineParser<Grammar: StateLineGrammar>: StateFileParser {
    private var reader: StateLineReader
    private var grammar: Grammar

    init(file: String, options: StateFileOptions) {
        reader = StateLineReader(file: file, maximumLineLength: options.maximumLineLength)
        grammar = Grammar(file: file, options: options)
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) throws {
        for line in try reader.feed(bytes) {
            try grammar.parse(line)
        }
    }

    mutating func finish() throws -> [StateList] {
        if let line = try reader.finish() {
            try grammar.parse(line)
        }
        return try grammar.end(lineCount: reader.lineNumber)
    }
}
