/// Where a sink is in the `begin` → `append`… → `end` → `commit` sequence. After a failure it
/// is `failed` — sticky until `abort`.
enum SinkState: String {
    case idle
    /// Between `begin` and `end`.
    case writing
    case failed

    func expect(_ expected: SinkState, call: MailStoreError.Operation, path: String) throws {
        guard self == expected else {
            let what = self == .failed ? "failed (call abort)" : rawValue
            throw MailStoreError(.outOfOrder(call: call.rawValue, state: what), operation: call, path: path)
        }
    }
}
