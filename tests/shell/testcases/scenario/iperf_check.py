#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""iperf_check.py FILE tcp|udp BYTES -- checks an iperf3 client's --json
report of a transfer of BYTES (iperf3 -n): no error, the sender sent all of
it, and the receiver's count shows it arrived.

The receiver's count is taken when the end-of-test message comes in on the
control connection.  That message can overtake the last data on the data
connection: with TCP, what still sits in the socket buffers (megabytes)
is sent, but not counted as received; with UDP the last datagrams may be
uncounted.  So the receiver must have counted at least 50 % (TCP; a TCP
transfer that breaks or stalls ends with an iperf3 error or the caller's
timeout instead) resp. 90 % (UDP, where loss is silent, and a busy TCG
guest drops a few datagrams) of BYTES.

Prints one line with what was measured; exit status 0 if the check
passed."""
import json
import sys


def main(path, proto, want):
    with open(path) as f:
        rep = json.load(f)
    if rep.get("error"):
        print(f"iperf3 error: {rep['error']}")
        return 1
    end = rep.get("end", {})
    sent = end.get("sum_sent", {}).get("bytes")
    got = end.get("sum_received", {}).get("bytes")
    if sent is None or got is None:
        print("no end.sum_sent / end.sum_received in the report")
        return 1
    secs = end["sum_received"].get("seconds") or 0
    rate = got * 8 / secs / 1e6 if secs else 0
    line = f"{proto}: sent {sent}, received {got} of {want} octets"
    if proto == "udp":
        s = end.get("sum", {})
        lost, pkts = s.get("lost_packets", -1), s.get("packets", 0)
        print(f"{line}, {lost}/{pkts} datagrams lost, {rate:.1f} Mbit/s")
        ok = lost >= 0 and pkts > 0 and got >= want * 0.9
    else:
        print(f"{line} in {secs:.2f} s, {rate:.1f} Mbit/s")
        ok = got >= want * 0.5
    return 0 if ok and sent >= want else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
