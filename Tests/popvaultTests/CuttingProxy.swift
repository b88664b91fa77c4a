import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy in front of a real server that cuts every connection after the server
/// has sent `cutAfter` bytes: a network drop in the middle of a message, on demand. With `dripEvery`, it
/// passes the rest on one byte every `dripEvery` microseconds instead: a server that drips.
final class CuttingProxy: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let target: Int
    private let cutAfter: Int
    private let dripEvery: useconds_t?

    init(targetPort: Int, cutAfter: Int, dripEvery: useconds_t? = nil) throws {
        target = targetPort
        self.cutAfter = cutAfter
        self.dripEvery = dripEvery
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(target).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                Glibc.close(client)
                continue
            }
            let (limit, drip) = (cutAfter, dripEvery)
            Thread.detachNewThread { Self.pump(from: client, to: server, limit: Int.max) }
            Thread.detachNewThread { Self.pump(from: server, to: client, limit: limit, drip: drip) }
        }
    }

    /// Copies bytes until EOF or `limit`, then one byte every `drip` microseconds if given; then closes both
    /// sockets (which ends the other pump too).
    private static func pump(from source: Int32, to destination: Int32, limit: Int, drip: useconds_t? = nil) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var sent = 0
        while sent < limit {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, min($0.count, limit - sent)) }
            guard count > 0 else { break }
            let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress, count) }
            guard written == count else { break }
            sent += count
        }
        if let drip, sent == limit {
            var byte: UInt8 = 0
            // The client ends the connection mid-drip: no SIGPIPE for the test process.
            while read(source, &byte, 1) == 1, send(destination, &byte, 1, Int32(MSG_NOSIGNAL)) == 1 { usleep(drip) }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }
}
