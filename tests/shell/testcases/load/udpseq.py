#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Paced UDP stream with sequence numbers, for the tests under load.

  udpseq.py send ADDR PORT SECONDS PPS [SIZE [STOPFILE]]
      sends datagrams "<seq> <padding>" (seq from 0, SIZE bytes, default
      64) at about PPS per second for SECONDS or until STOPFILE exists,
      in bursts every 10 ms. After an oversleep (a descheduled vCPU under
      TCG) it does not catch up with one big burst, which would overflow
      queues on the way and look like loss: at most 20 ms worth of
      datagrams leave at once, so the rate may end up lower than PPS.
      Send errors (no route, the netns of the next hop vanished) are
      counted and ignored: the sender must outlive the network. Prints
      "sent N errors E seconds S".
  udpseq.py recv PORT IDLE [SECONDS]
      receives (IPv4 and IPv6) until no datagram came for IDLE seconds
      after the first one, or SECONDS in all; prints "received N distinct
      D max M duplicates X reordered R gaps G rcvbuf B", G = runs of
      missing sequence numbers (a stall is one gap, scattered drops are
      many), B = the receive buffer size the socket got.

stdlib only: python starts in about a second under TCG already."""
import os
import socket
import sys
import time

SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)


def send(addr, port, seconds, pps, size=64, stop=None):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    dst = (addr, port)
    pad = b"x" * max(0, size - 12)
    burst = max(1, int(pps * 0.02))
    seq = errors = 0
    t0 = time.monotonic()
    end = t0 + seconds
    sent_by_rate = 0.0
    last = t0
    while True:
        now = time.monotonic()
        if now >= end or (stop and os.path.exists(stop)):
            break
        sent_by_rate = min(sent_by_rate + (now - last) * pps, burst)
        last = now
        while sent_by_rate >= 1:
            try:
                s.sendto(b"%d " % seq + pad, dst)
            except OSError:
                errors += 1
            seq += 1
            sent_by_rate -= 1
        time.sleep(0.01)
    el = time.monotonic() - t0
    print(f"sent {seq} errors {errors} seconds {el:.1f}", flush=True)
    return 0


def recv(port, idle, seconds=600.0):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    # a receiver descheduled for a while must not lose datagrams: as root,
    # beyond net.core.rmem_max
    try:
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    rcvbuf = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    s.bind(("::", port))
    seen = set()
    n = dup = reord = 0
    last = -1
    end = time.monotonic() + seconds
    s.settimeout(min(idle, seconds))
    while time.monotonic() < end:
        try:
            msg = s.recv(65535)
        except socket.timeout:
            if n:
                break
            continue
        s.settimeout(idle)
        seq = int(msg.split(b" ", 1)[0])
        n += 1
        if seq in seen:
            dup += 1
            continue
        if seq < last:
            reord += 1
        seen.add(seq)
        last = max(last, seq)
    gaps = 0
    prev = -1
    for q in sorted(seen):
        if q != prev + 1:
            gaps += 1
        prev = q
    print(f"received {n} distinct {len(seen)} max {last} duplicates {dup} "
          f"reordered {reord} gaps {gaps} rcvbuf {rcvbuf}", flush=True)
    return 0


def main(argv):
    if len(argv) >= 6 and argv[1] == "send":
        size = int(argv[6]) if len(argv) > 6 else 64
        stop = argv[7] if len(argv) > 7 else None
        return send(argv[2], int(argv[3]), float(argv[4]), float(argv[5]),
                    size, stop)
    if len(argv) >= 4 and argv[1] == "recv":
        secs = float(argv[4]) if len(argv) > 4 else 600.0
        return recv(int(argv[2]), float(argv[3]), secs)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
