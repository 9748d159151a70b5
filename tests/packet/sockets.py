#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""UDP/TCP end points for the translation tests (stdlib only: starts fast).

  sockets.py udp-server PORT            echo each datagram back, prefixed with
                                         "<peer address> <peer port>|"
  sockets.py udp-client ADDR PORT EXPECT_PEER SIZE...
        sends one datagram per SIZE, checks each echo: same payload, the
        server saw the source address EXPECT_PEER and our port, and the echo
        came from ADDR
  sockets.py tcp-server PORT            per connection: read until EOF, then
        send "<peer> <port> <length> <sha256>\\n" and 4 MiB of known data
  sockets.py tcp-client ADDR PORT EXPECT_PEER BYTES
        sends BYTES of known data, half-closes, checks the server's summary
        line and the 4 MiB it sends back

Servers listen on the wildcard address of their family (:: when the
address they are given or the first argument says so) and exit after 60 s.
Exit status 0 if every check passed; each check prints a PASS/FAIL line."""
import hashlib
import socket
import sys

BACK = 4 << 20


def data(n, seed=b"nft_jool"):
    out = bytearray()
    block = hashlib.sha256(seed).digest()
    while len(out) < n:
        out += block
        block = hashlib.sha256(block).digest()
    return bytes(out[:n])


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def peer_str(addr):
    return f"{addr[0]} {addr[1]}"


def udp_server(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    s.settimeout(60)
    while True:
        try:
            msg, peer = s.recvfrom(65535)
        except socket.timeout:
            return 0
        host = peer[0].removeprefix("::ffff:")
        s.sendto(f"{host} {peer[1]}|".encode() + msg, peer)


def udp_client(addr, port, expect_peer, sizes):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.bind(("::" if family(addr) == socket.AF_INET6 else "0.0.0.0", 0))
    s.settimeout(5)
    me = s.getsockname()[1]
    bad = 0
    for i, size in enumerate(sizes):
        payload = data(int(size), seed=bytes([i]))
        s.sendto(payload, (addr, port))
        try:
            msg, src = s.recvfrom(65535)
        except socket.timeout:
            print(f"FAIL: udp {size} bytes to {addr}:{port}: no echo")
            bad += 1
            continue
        head, _, body = msg.partition(b"|")
        want = f"{expect_peer} {me}"
        checks = [(body == payload, "payload"), (head.decode() == want, f"server saw '{head.decode()}', want '{want}'"),
                  (src[0] == addr, f"echo came from {src[0]}")]
        errs = [what for ok, what in checks if not ok]
        if errs:
            print(f"FAIL: udp {size} bytes: " + "; ".join(errs))
            bad += 1
        else:
            print(f"PASS: udp {size} bytes to {addr}:{port} and back, server saw {want}")
    return 1 if bad else 0


def tcp_server(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(4)
    s.settimeout(60)
    while True:
        try:
            c, peer = s.accept()
        except socket.timeout:
            return 0
        c.settimeout(30)
        h, n = hashlib.sha256(), 0
        while True:
            b = c.recv(1 << 16)
            if not b:
                break
            h.update(b)
            n += len(b)
        host = peer[0].removeprefix("::ffff:")
        c.sendall(f"{host} {peer[1]} {n} {h.hexdigest()}\n".encode() + data(BACK, b"back"))
        c.close()


def tcp_client(addr, port, expect_peer, nbytes):
    nbytes = int(nbytes)
    s = socket.create_connection((addr, port), timeout=30)
    me = s.getsockname()[1]
    payload = data(nbytes)
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    got = bytearray()
    while True:
        b = s.recv(1 << 16)
        if not b:
            break
        got += b
    line, _, back = bytes(got).partition(b"\n")
    want = f"{expect_peer} {me} {nbytes} {hashlib.sha256(payload).hexdigest()}"
    ok = True
    if line.decode() != want:
        print(f"FAIL: tcp to {addr}:{port}: server summary '{line.decode()}', want '{want}'")
        ok = False
    if back != data(BACK, b"back"):
        print(f"FAIL: tcp from {addr}:{port}: got {len(back)} bytes back, want {BACK} known bytes")
        ok = False
    if ok:
        print(f"PASS: tcp {nbytes} bytes to {addr}:{port} and {BACK} back, server saw {expect_peer} {me}")
    return 0 if ok else 1


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "udp-server":
        sys.exit(udp_server(int(args[0])))
    if cmd == "udp-client":
        sys.exit(udp_client(args[0], int(args[1]), args[2], args[3:]))
    if cmd == "tcp-server":
        sys.exit(tcp_server(int(args[0])))
    if cmd == "tcp-client":
        sys.exit(tcp_client(args[0], int(args[1]), args[2], args[3]))
    sys.exit(__doc__)
