import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an account's password comes from. Never from argv, never from the config file itself.
public enum PasswordSource: Sendable, Equatable {
    /// `password_command`: run with `/bin/sh -c`; the first line of its stdout is the password. It must
    /// print it and exit within `timeout` (`password_command_timeout`), or it is killed.
    case command(String, timeout: Duration = PasswordSource.commandTimeout)
    /// `password_env`: the value of this environment variable.
    case environment(String)
    /// `password_file`: the first line of this file (absolute), refused when group or world can read it.
    case file(String)
    /// No source configured: ask on the terminal, echo off; an error when stdin is not a terminal.
    case prompt

    /// The most bytes read from a command's output or a password file.
    static let maximumBytes = 64 * 1024

    /// Produces the password. Errors name the account and the source, never the password
    /// (nor the command's output).
    /// - Parameters:
    ///   - account: the account's name, for messages.
    ///   - environment: where ``environment(_:)`` looks (the process environment by default).
    ///   - terminal: the descriptor ``prompt`` reads from (standard input by default).
    public func resolve(
        account: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        terminal: Int32 = STDIN_FILENO
    ) throws -> String {
        let password: String
        switch self {
        case let .command(command, timeout):
            password = try Self.runCommand(command, timeout: timeout, account: account)
        case let .environment(name):
            guard let value = environment[name], !value.isEmpty else {
                throw PasswordError(account: account, source: "password_env",
                                    message: "environment variable \(name) is not set or empty")
            }
            password = value
        case let .file(path):
            password = try Self.readFile(path, account: account)
        case .prompt:
            password = try TerminalPrompt.readPassword(
                prompt: "Password for account \"\(account)\": ", descriptor: terminal, account: account)
        }
        // A CR, LF or NUL would cut the PASS/LOGIN command short and smuggle in another one.
        if password.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw PasswordError(account: account, source: sourceName,
                                message: "the password contains a line break or NUL, which no server accepts")
        }
        return password
    }

    /// The config key (or `prompt`) this source comes from, for messages.
    public var sourceName: String {
        switch self {
        case .command: return "password_command"
        case .environment: return "password_env"
        case .file: return "password_file"
        case .prompt: return "prompt"
        }
    }

    /// The first line of `bytes` (up to the first LF, a CR before it dropped).
    static func firstLine(_ bytes: [UInt8]) -> String {
        var line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }
}

/// A password could not be obtained. Names the account and the source; never carries the secret.
public struct PasswordError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The account whose password was asked for.
    public var account: String
    /// `password_command`, `password_env`, `password_file` or `prompt`.
    public var source: String
    /// What went wrong (never the password, nor a command's output).
    public var message: String

    /// `account "name": source: message`.
    public var description: String { "account \"\(account)\": \(source): \(message)" }
}
