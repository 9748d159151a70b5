#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A long-lived flow with a fixed source, driven line by line (stdlib only):

  live_flow.py tcp|udp SRC SPORT DST DPORT

connects (TCP) or binds (UDP) and prints "open"; then for each line read
from stdin: "ping" sends one message and waits for its echo (the servers of
tests/shell/testcases/ctl/nat64_flows.py), printing "ok N" or "lost N";
"close" closes (TCP: FIN, then waits for the server's FIN) and prints
"closed". Used by 0019update_state to show a flow that lives across
updates of its NAT64 instance."""
import socket
import sys

kind, src, sport, dst, dport = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], \
    int(sys.argv[5])
fam = socket.AF_INET6 if ":" in src else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((src, sport))
s.settimeout(5)
s.connect((dst, dport))
print("open", flush=True)
n = 0
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "ping":
        n += 1
        msg = f"ping {n}".encode()
        got = b""
        for _ in range(3 if kind == "udp" else 1):
            try:
                s.send(msg)
                got = s.recv(64)
                break
            except socket.timeout:
                continue
        print(f"{'ok' if got == msg else 'lost'} {n}", flush=True)
    elif cmd == "close":
        if kind == "tcp":
            s.shutdown(socket.SHUT_WR)
            s.recv(64)
        s.close()
        print("closed", flush=True)
        break
