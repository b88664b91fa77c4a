#!/usr/bin/env python3
"""The ceiling: a minimal POP3 client that does nothing but move bytes.

`rawpop.py HOST PORT USER retr`: USER/PASS, STAT, then every `RETR n` sent at once (pipelined, from a
writer thread so that neither side can block the other), the responses read in 1 MiB chunks and
discarded; a response ends at CRLF "." CRLF, which dot-stuffing guarantees appears nowhere else.
`... uidl`: USER/PASS, UIDL, QUIT (the floor of an incremental check).
The password comes from $POPVAULT_BENCH_PASSWORD. Prints `<messages> <octets per STAT> <bytes received>`.
"""
import os
import socket
import sys
import threading

TERM = b"\r\n.\r\n"


def line(sock, buf):
    while b"\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("connection closed")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n")
    if not head.startswith(b"+OK"):
        raise SystemExit(f"server said: {head.decode(errors='replace')}")
    return head, rest


def count_terminators(sock, buf, wanted):
    """Read until `wanted` multi-line responses have ended; returns total bytes read."""
    seen = buf.count(TERM)
    total = len(buf)
    tail = buf[-4:]
    chunk = bytearray(1 << 20)
    view = memoryview(chunk)
    while seen < wanted:
        n = sock.recv_into(view)
        if n == 0:
            raise SystemExit(f"connection closed after {seen} of {wanted} responses")
        total += n
        data = bytes(view[:n])
        # a terminator split across two reads is found in the joint of the old tail and the new head
        seen += data.count(TERM) + (tail + data[:4]).count(TERM)
        tail = data[-4:] if n >= 4 else (tail + data)[-4:]
    return total


def main():
    host, port, user, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = b""
    _, buf = line(sock, buf)
    sock.sendall(f"USER {user}\r\n".encode())
    _, buf = line(sock, buf)
    sock.sendall(f"PASS {os.environ['POPVAULT_BENCH_PASSWORD']}\r\n".encode())
    _, buf = line(sock, buf)
    sock.sendall(b"STAT\r\n")
    head, buf = line(sock, buf)
    count, octets = int(head.split()[1]), int(head.split()[2])
    if mode == "uidl":
        sock.sendall(b"UIDL\r\n")
        total = count_terminators(sock, buf, 1)
    else:
        commands = b"".join(b"RETR %d\r\n" % i for i in range(1, count + 1))
        writer = threading.Thread(target=sock.sendall, args=(commands,))
        writer.start()
        total = count_terminators(sock, buf, count)
        writer.join()
    sock.sendall(b"QUIT\r\n")
    sock.close()
    print(count, octets, total)


if __name__ == "__main__":
    main()
