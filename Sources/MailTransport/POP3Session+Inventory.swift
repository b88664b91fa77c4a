import NIOCore
import POP3Wire

extension POP3Session {
    /// UIDL and LIST together: with PIPELINING both commands leave in one write, so the server
    /// prepares the LIST answer while the UIDL answer is being read (one round trip instead of two);
    /// without it they are sent one after the other. A server without UIDL throws
    /// ``POP3Error/Kind/noUIDL`` once the LIST answer is read too, leaving the session in step.
    public func uidlAndList() async throws -> (uids: [POP3UIDLEntry], sizes: [POP3ListEntry]) {
        guard capabilities.supportsPipelining else {
            return (try await uidl(), try await list())
        }
        return try await operation {
            try await send([.uidl(nil), .list(nil)])
            var uids: [POP3UIDLEntry] = []
            var noUIDL: POP3Error?
            do {
                uids = try await listing(for: .uidl(nil), of: POP3UIDLEntry.self)
            } catch let error as POP3Error {
                guard case .serverError(let status) = error.kind else { throw error }
                noUIDL = POP3Error(.noUIDL, command: "UIDL", status: status)
            }
            let sizes = try await listing(for: .list(nil), of: POP3ListEntry.self)
            if let noUIDL { throw noUIDL }
            return (uids, sizes)
        }
    }
}
