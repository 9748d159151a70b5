#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Flows with fixed transport addresses through a NAT64, so that its BIB
and sessions are known in advance (stdlib only).

  nat64_flows.py udp-server PORT          echo datagrams back (60 s)
  nat64_flows.py tcp-server PORT          one connection: echo until EOF
  nat64_flows.py udp SRC SPORT DST DPORT  one datagram, expects its echo
  nat64_flows.py tcp SRC SPORT DST DPORT FLAG
        connects, checks an echo, prints "open", keeps the connection until
        the file FLAG exists, then closes it (FIN) and waits for the
        server's FIN
  nat64_flows.py echo6 SRC DST ID         ICMPv6 echo with identifier ID,
                                          expects the reply
Exit status 0 when the exchange worked."""
import os
import socket
import struct
import sys
import time


def fam(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def udp_server(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    s.settimeout(60)
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)


def tcp_server(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    s.settimeout(60)
    c, _ = s.accept()
    c.settimeout(60)
    while True:
        data = c.recv(2048)
        if not data:
            break
        c.sendall(data)
    c.close()


def bound(kind, src, sport):
    s = socket.socket(fam(src), kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, sport))
    s.settimeout(5)
    return s


def udp(src, sport, dst, dport):
    s = bound(socket.SOCK_DGRAM, src, sport)
    for _ in range(3):
        s.sendto(b"nft-jool", (dst, dport))
        try:
            data, _ = s.recvfrom(2048)
        except socket.timeout:
            continue
        return 0 if data == b"nft-jool" else 1
    return 1


def tcp(src, sport, dst, dport, flag):
    s = bound(socket.SOCK_STREAM, src, sport)
    s.connect((dst, dport))
    s.sendall(b"nft-jool")
    if s.recv(64) != b"nft-jool":
        return 1
    print("open", flush=True)
    deadline = time.time() + 60
    while not os.path.exists(flag):
        if time.time() > deadline:
            return 1
        time.sleep(0.1)
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10)
    return 0 if s.recv(64) == b"" else 1


def echo6(src, dst, ident):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.bind((src, 0))
    s.settimeout(2)
    req = struct.pack("!BBHHH", 128, 0, 0, ident, 1) + b"nft-jool"
    for _ in range(3):
        s.sendto(req, (dst, 0))
        end = time.time() + 2
        while time.time() < end:
            try:
                data, _ = s.recvfrom(2048)
            except socket.timeout:
                break
            t, _, _, i, _ = struct.unpack_from("!BBHHH", data)
            if t == 129 and i == ident:
                return 0
    return 1


def main(argv):
    cmd = argv[1]
    if cmd == "udp-server":
        udp_server(int(argv[2]))
    elif cmd == "tcp-server":
        tcp_server(int(argv[2]))
    elif cmd == "udp":
        return udp(argv[2], int(argv[3]), argv[4], int(argv[5]))
    elif cmd == "tcp":
        return tcp(argv[2], int(argv[3]), argv[4], int(argv[5]), argv[6])
    elif cmd == "echo6":
        return echo6(argv[2], argv[3], int(argv[4]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, socket.timeout) as e:
        print("error: %s" % e)
        sys.exit(1)
