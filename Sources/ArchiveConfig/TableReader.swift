import TOMLKit

/// Typed, validated access to one TOML table, producing ``ConfigError``s that name the file,
/// the account (or table) and the key.
struct TableReader {
    let table: TOMLTable
    let file: String
    /// The account's name (or `#n`), when the table is an `[[account]]`.
    var account: String?
    /// The table's name otherwise (`archive`).
    var tableName: String?

    func error(_ key: String?, _ message: String) -> ConfigError {
        ConfigError(file: file, account: account, table: tableName, key: key, message: message)
    }

    /// Rejects keys outside `allowed`, suggesting the nearest known key.
    func rejectUnknownKeys(allowed: [String], hints: [String: String] = [:]) throws {
        for key in table.keys where !allowed.contains(key) {
            if let hint = hints[key] { throw error(key, hint) }
            var message = "unknown key"
            if let near = allowed.min(by: { editDistance($0, key) < editDistance($1, key) }),
                editDistance(near, key) <= 2
            {
                message += "; did you mean \"\(near)\"?"
            } else {
                message += " (known keys: \(allowed.joined(separator: ", ")))"
            }
            throw error(key, message)
        }
    }

    func has(_ key: String) -> Bool { table.keys.contains(key) }

    func string(_ key: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw error(key, "expected a string, got \(describe(value))") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw error(key, "missing (required)") }
        guard !text.isEmpty else { throw error(key, "must not be empty") }
        return text
    }

    func int(_ key: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw error(key, "expected an integer, got \(describe(value))") }
        return number
    }

    /// An integer that must lie in `range`; `what` names it in the error (`"a port number"`).
    func int(_ key: String, in range: ClosedRange<Int>, what: String) throws -> Int? {
        guard let number = try int(key) else { return nil }
        guard range.contains(number) else {
            throw error(key, "expected \(what) from \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }

    func stringArray(_ key: String) throws -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "expected an array of strings, got \(describe(value))") }
        return try array.enumerated().map { index, element in
            guard let text = element.string else {
                throw error(key, "element \(index + 1): expected a string, got \(describe(element))")
            }
            return text
        }
    }

    /// One of an enumeration's raw values: `expected "implicit", "starttls" or "none", got "ssl"`.
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, default fallback: E) throws -> E
    where E.RawValue == String {
        guard let text = try string(key) else { return fallback }
        guard let value = E(rawValue: text) else {
            throw error(key, "expected \(alternatives(E.allCases.map(\.rawValue))), got \"\(text)\"")
        }
        return value
    }

    /// A string parsed by one of the value grammars.
    func parsed<T>(_ key: String, _ parse: (String) throws -> T) throws -> T? {
        guard let text = try string(key) else { return nil }
        do {
            return try parse(text)
        } catch let invalid as InvalidValue {
            throw error(key, invalid.message)
        }
    }
}

/// `"a", "b" or "c"`.
func alternatives(_ values: [String]) -> String {
    let quoted = values.map { "\"\($0)\"" }
    guard quoted.count > 1 else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
}

/// `a string "x"`, `an integer 5`, … for error messages.
func describe(_ value: TOMLValueConvertible) -> String {
    switch value.type {
    case .string: return "a string \"\(value.string ?? "")\""
    case .int: return "an integer \(value.int.map(String.init) ?? "")"
    case .double: return "a float \(value.double.map { String($0) } ?? "")"
    case .bool: return "a boolean \(value.bool.map { String($0) } ?? "")"
    case .table: return "a table"
    case .array: return "an array"
    case .date: return "a date"
    case .time: return "a time"
    case .dateTime: return "a date-time"
    }
}

/// Levenshtein distance, for "did you mean" hints on short key names.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
