import ArchiveConfig
import ArchiverEngine
import ArgumentParser
import Foundation
import Ledger
import MailStore
import MailTransport
import UntrustedText

/// The one place errors become exit codes (sysexits.h, DESIGN.md §5).
enum ExitStatus {
    static let ok: Int32 = 0
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let unavailable: Int32 = 69
    static let software: Int32 = 70
    static let ioError: Int32 = 74
    static let temporaryFailure: Int32 = 75
    static let permission: Int32 = 77
    static let config: Int32 = 78

    /// A run's status: 0 only when every account succeeded; else the first failed account's code.
    static func code(for results: [AccountRunResult]) -> Int32 {
        results.lazy.compactMap(\.failure).map(code(for:)).first ?? ok
    }

    static func code(for error: any Error) -> Int32 {
        switch error {
        case let error as ArchiveError:
            return code(for: error.underlying)
        case is ConfigError, is PasswordError:
            return config
        case let error as LedgerError:
            switch error {
            case .accountBusy, .busy: return temporaryFailure
            case .invalidAccountName: return config
            default: return ioError
            }
        case let error as MailStoreError:
            switch error.kind {
            case .locked: return temporaryFailure
            case .headerTooLarge: return dataError
            case .outOfOrder: return software
            default: return ioError
            }
        case let error as GzipError:
            switch error.kind {
            case .corrupt, .truncated: return dataError
            default: return ioError
            }
        case is SegmentMismatch, is UnrecordedMboxTail:
            return dataError
        case let error as POP3Error:
            return code(for: error)
        case is POP3InventoryError, is IMAPFetchMismatch, is ContentKeyMismatch:
            return dataError
        case let error as ExportError:
            return error.exitCode
        case is VerifyError:
            return ioError
        case let error as ImportStateError:
            return code(for: error)
        case let error as IMAPError:
            return code(for: error)
        case let error as IMAPArchiveError:
            switch error {
            case .uidExpungeUnavailable: return unavailable
            case .foldersChanged: return temporaryFailure
            case .sizesOverflow, .foldersListedNothing: return dataError
            }
        default:
            return software
        }
    }

    private static func code(for error: ImportStateError) -> Int32 {
        switch error {
        case .unreadable: return ioError
        case .malformed, .lineTooLong, .tooManyUIDs: return dataError
        case .noMatchingMailbox, .ambiguousMailbox: return usage
        case .notPOP3: return config
        }
    }

    private static func code(for error: IMAPError) -> Int32 {
        if error.isTemporary { return temporaryFailure }
        switch error.kind {
        case .authenticationFailed, .plaintextRefused, .noAuthenticationMethod, .preauthWithoutTLS: return permission
        case .protocolViolation: return dataError
        default: return unavailable
        }
    }

    private static func code(for error: POP3Error) -> Int32 {
        if error.isTemporary { return temporaryFailure }
        switch error.kind {
        case .authenticationFailed, .plaintextRefused, .noAuthenticationMethod: return permission
        case .tls, .tlsInjection, .certificateMismatch, .startTLSUnavailable: return unavailable
        case .noUIDL: return unavailable
        case .protocolViolation, .sizeMismatch: return dataError
        default: return unavailable
        }
    }
}

extension ExitStatus {
    /// Runs a command body, printing any error once (it names the account, message and cause) and
    /// turning it into its exit code.
    static func mapping(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            printError(error)
            throw ExitCode(code(for: error))
        }
    }

    /// `popvault: error: …` on stderr, the server's words in it escaped for the terminal.
    static func printError(_ error: any Error) {
        FileHandle.standardError.write(Data("popvault: error: \(String(describing: error).terminalSafe)\n".utf8))
    }
}
