# SPDX-License-Identifier: GPL-2.0
# Errors the translator sends itself, about a packet it cannot forward
# (RFC 7915 sections 4.1, 5.1; RFC 1812 / RFC 4443 for the messages):
# hop limit / TTL expired, too big with DF (6->4: Packet Too Big with
# max(1280, IPv4 MTU + 20); 4->6: Fragmentation Needed with IPv6 MTU - 20),
# an unfinished IPv6 source route (Parameter Problem at Segments Left).
# The shell test sets route MTUs of 1400: to 192.0.2.2 and to A6.
# Fields chosen by the kernel's ICMP senders, not by RFC 7915, are masked:
# IPv6 traffic class/flow label and hop limit; IPv4 TOS, ID, flags, TTL.


def quote6(pkt, room=1280 - 48):
    return bytes(pkt)[:room]


def own6(name, pkt, typ, code, rest):
    send(6, bytes(pkt))
    exp_msg = struct.pack("!BBH", typ, code, 0) + rest + quote6(pkt)
    hdr = bytes(IPv6(version=6, tc=0, fl=0, plen=len(exp_msg), nh=58, hlim=64, src=X6, dst=A6))
    c = (~inet_csum(pseudo6(hdr, len(exp_msg), 58) + exp_msg)) & 0xffff
    exp = hdr + exp_msg[:2] + struct.pack("!H", c) + exp_msg[4:]
    got = receive(6, lambda b: b[6] == 58 and b[40] == typ and b[48:88] == bytes(pkt)[:40])
    if not got:
        fail(name, "no ICMPv6 error came back")
        return
    compare(name, exp, got[0], {1, 2, 3, 7}, [icmp6_ok(40)])


def own4(name, pkt, typ, code, rest):
    send(4, bytes(pkt))
    body = bytes(pkt)[:576 - 28]
    msg = struct.pack("!BBH", typ, code, 0) + rest + body
    msg = msg[:2] + struct.pack("!H", (~inet_csum(msg)) & 0xffff) + msg[4:]
    exp = bytes(IP(version=4, ihl=5, tos=0, len=20 + len(msg), id=0, flags=0, ttl=64, proto=1,
                   src=X4, dst=N4) / Raw(msg))
    got = receive(4, lambda b: b[9] == 1 and b[20] == typ and b[28:48] == bytes(pkt)[:20])
    if not got:
        fail(name, "no ICMPv4 error came back")
        return
    compare(name, exp, got[0], {1, 4, 5, 6, 7, 8, 10, 11}, [v4_hdr_ok(0), icmp4_ok(20)])


own6("5.1 hop limit 1: ICMPv6 time exceeded (3/0) from the translator",
     IPv6(src=A6, dst=N4_6, hlim=1) / UDP(sport=43001, dport=9) / Raw(b"t" * 40), 3, 0, b"\0" * 4)
own4("4.1 TTL 1: ICMPv4 time exceeded (11/0) from the translator",
     IP(src=N4, dst=A4, ttl=1, id=0x1234, flags="DF") / UDP(sport=43002, dport=9) / Raw(b"t" * 40),
     11, 0, b"\0" * 4)
own6("5.1 DF (> 1260) and > IPv4 MTU 1400: packet too big, MTU 1400 + 20",
     IPv6(src=A6, dst=N4_6, hlim=64) / UDP(sport=43003, dport=9) / Raw(b"b" * (1500 - 48)),
     2, 0, struct.pack("!I", 1420))
own4("4.1 DF and > IPv6 MTU 1400: frag needed, MTU 1400 - 20",
     IP(src=N4, dst=A4, ttl=64, id=0x1235, flags="DF") / UDP(sport=43004, dport=9) /
     Raw(b"b" * (1500 - 28)), 3, 4, struct.pack("!HH", 0, 1380))
own6("5.1 routing header, segments left 1: parameter problem (4/0), pointer 43",
     IPv6(src=A6, dst=N4_6, hlim=64) / IPv6ExtHdrRouting(type=0, segleft=1, addresses=["2001:db8::1"]) /
     UDP(sport=43005, dport=9) / Raw(b"r" * 16), 4, 0, struct.pack("!I", 43))
