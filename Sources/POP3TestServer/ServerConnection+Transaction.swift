import NIOCore

extension ServerConnection {
    func transaction(_ context: ChannelHandlerContext, verb: String, arguments: [String]) {
        switch verb {
        case "STAT":
            let live = liveNumbers()
            let octets = live.reduce(0) { $0 &+ size(of: $1) }  // a `listedSize` fault may lie absurdly
            send(context, "+OK \(live.count) \(octets)")
        case "LIST":
            scanListing(context, verb: verb, arguments: arguments) { "\($0) \(self.size(of: $0))" }
        case "UIDL" where configuration.uidl:
            scanListing(context, verb: verb, arguments: arguments) { "\($0) \(self.snapshot[$0 - 1].uid)" }
        case "RETR":
            guard let number = message(context, arguments.first) else { return }
            var servedNumber = number
            for case .sameMessageForEveryRetrieve(let message) in mailbox.faults
            where snapshot.indices.contains(message - 1) {
                servedNumber = message
            }
            retrieve(context, number: number, body: served(servedNumber))
        case "TOP" where !mailbox.faults.contains(.withoutTop):
            guard let number = message(context, arguments.first) else { return }
            guard arguments.count == 2, let lines = Int(arguments[1]), lines >= 0 else {
                send(context, "-ERR syntax: TOP msg n")
                return
            }
            retrieve(context, number: number, body: topLines(served(number), lines: lines))
        case "DELE":
            guard let number = message(context, arguments.first) else { return }
            deleted.insert(number)
            send(context, "+OK message \(number) deleted")
        case "RSET":
            deleted = []
            send(context, "+OK")
        default:
            send(context, "-ERR unknown command")
        }
    }

    /// Numbers of the messages not marked deleted in this session.
    private func liveNumbers() -> [Int] {
        snapshot.indices.map { $0 + 1 }.filter { !deleted.contains($0) }
    }

    /// The LIST size of a message: its CRLF form, adjusted by a `wrongListSize` or `listedSize` fault.
    private func size(of number: Int) -> Int {
        var size = served(number).count
        for fault in mailbox.faults {
            switch fault {
            case .wrongListSize(message: number, delta: let delta): size += delta
            case .listedSize(message: number, size: let listed): size = listed
            default: continue
            }
        }
        return size
    }

    /// The CRLF form of a message as RETR serves it: Courier's notice in its place when `utf8Notice` is set,
    /// the client did not send UTF8 and the header holds 8-bit bytes.
    private func served(_ number: Int) -> [UInt8] {
        let bytes = canonicalCRLF(snapshot[number - 1].bytes)
        guard configuration.utf8Notice, !utf8Mode else { return bytes }
        let headerEnd = (0..<max(0, bytes.count - 3)).first { bytes[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }
        guard bytes[..<(headerEnd ?? bytes.count)].contains(where: { $0 >= 0x80 }) else { return bytes }
        return Array("Subject: Cannot display Unicode content\r\n\r\nThis message contains Unicode content.\r\n".utf8)
    }

    /// Validates a message-number argument, answering -ERR when it names no live message.
    private func message(_ context: ChannelHandlerContext, _ argument: String?) -> Int? {
        guard let argument, let number = Int(argument), number >= 1, number <= snapshot.count else {
            send(context, "-ERR no such message")
            return nil
        }
        guard !deleted.contains(number) else {
            send(context, "-ERR message \(number) already deleted")
            return nil
        }
        return number
    }

    private func scanListing(
        _ context: ChannelHandlerContext, verb: String, arguments: [String], line: (Int) -> String
    ) {
        if let argument = arguments.first {
            guard let number = message(context, argument) else { return }
            send(context, "+OK " + line(number))
            return
        }
        var extra: [String] = []
        for case .extraListingLines(let match, let lines) in mailbox.faults
        where match.matches(verb: verb, arguments: arguments) {
            extra += lines
        }
        let lines = ["+OK"] + liveNumbers().map(line) + extra + ["."]
        send(context, lines.joined(separator: "\r\n"))
    }

    private func retrieve(_ context: ChannelHandlerContext, number: Int, body: [UInt8]) {
        var cut: Int?
        for case .closeDuringRetrieve(message: number, afterBytes: let afterBytes) in mailbox.faults {
            cut = afterBytes
        }
        send(context, "+OK \(body.count) octets")
        var wire = dotStuffed(body)
        if let cut { wire = Array(wire.prefix(cut)) }
        for case .drip(message: number, bytes: let step, every: let interval) in mailbox.faults {
            drip(context, wire[...], step: max(1, step), every: interval)
            return
        }
        var offset = 0
        while offset < wire.count {
            let end = min(offset + configuration.chunkSize, wire.count)
            var buffer = context.channel.allocator.buffer(capacity: end - offset)
            buffer.writeBytes(wire[offset..<end])
            context.write(wrapOutboundOut(buffer), promise: nil)
            offset = end
        }
        context.flush()
        if cut != nil {
            state = .closed
            context.close(promise: nil)
            return
        }
        for case .extraResponseAfterRetrieve(message: number, let line) in mailbox.faults {
            send(context, line)
        }
    }

    /// Writes `step` bytes of `wire` now and the rest later, `step` bytes every `interval`, while the
    /// connection lasts.
    private func drip(
        _ context: ChannelHandlerContext, _ wire: ArraySlice<UInt8>, step: Int, every interval: TimeAmount
    ) {
        guard !wire.isEmpty, context.channel.isActive else { return }
        var buffer = context.channel.allocator.buffer(capacity: step)
        buffer.writeBytes(wire.prefix(step))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        let rest = wire.dropFirst(step)
        context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
            self.drip(context, rest, step: step, every: interval)
        }
    }
}
