import Foundation

/// One account's work in a multi-account run: its archiver and how to reach its server.
public struct AccountJob: Sendable {
    let work: @Sendable () async -> AccountRunResult

    /// A POP3 account.
    public init(archiver: AccountArchiver, connect: @escaping @Sendable () async throws -> any MailSource) {
        work = { await archiver.run(connect: connect) }
    }

    /// An IMAP account.
    public init(imap archiver: IMAPAccountArchiver, connect: @escaping @Sendable () async throws -> any IMAPSource) {
        work = { await archiver.run(connect: connect) }
    }
}

/// Runs several accounts concurrently, at most `concurrency` at a time. A failing account does not
/// stop the others; results come back in the order of `jobs`.
public enum ArchiveRun {
    public static func run(_ jobs: [AccountJob], concurrency: Int = 4) async -> [AccountRunResult] {
        var results = [AccountRunResult?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, AccountRunResult).self) { group in
            var next = 0
            func startNext() {
                guard next < jobs.count else { return }
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask { (index, await job.work()) }
            }
            for _ in 0..<max(1, concurrency) {
                startNext()
            }
            for await (index, result) in group {
                results[index] = result
                startNext()
            }
        }
        return results.compactMap { $0 }
    }
}
