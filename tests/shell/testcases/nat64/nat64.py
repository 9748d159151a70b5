#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Byte-exact stateful NAT64 cases (RFC 6146 with RFC 7915 headers) through
the translator: nat64.py AREA NS6 NS4 POOL6 [KEY=VALUE...]; the cases of an
area are in cases_AREA.py beside this file.

The expected packets are built here with scapy from the RFCs, never from
what the module sends: RFC 7915 for the headers (section 4.1 / 5.1), RFC
6146 section 3.7 for the transport addresses (the IPv6 node's becomes its
BIB entry's mask and back; the IPv4 node's is its pool6 form) and sections
3.4/3.6 for ICMP errors. Masks are deterministic: static BIB entries or
pool4 entries of one port (the setup of each test). Generated fields are
masked and checked on their own: the IPv4 Identification of packets without
DF (RFC 6864) and the checksums that cover it.

Topology (helpers/lib.sh topo_setup): NS6 v6n 2001:db8:6::2 (H6, the IPv6
node) -- translator -- v4x 192.0.2.1 | NS4 v4n 192.0.2.2 (N4). The masks
are 198.51.100.x, routed by NS4 to the translator. Prints one PASS/FAIL
line per case; exit 0 when all passed."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../packet"))
import bytecase  # noqa: E402
import rfc6052  # noqa: E402

from scapy.all import (IP, ICMP, IPv6, TCP, UDP, Ether, Raw, conf,  # noqa: E402,F401
                       ICMPv6EchoRequest, ICMPv6EchoReply)
conf.verb = 0

AREA, NS6, NS4, POOL6 = sys.argv[1:5]
OPTS = dict(a.split("=", 1) for a in sys.argv[5:])
H6 = "2001:db8:6::2"        # the IPv6 node
N4 = "192.0.2.2"            # the IPv4 node
M4 = "198.51.100.1"         # the mask of the static BIB entries


def v6(a4):
    return rfc6052.embed(POOL6, a4)


N4_6 = v6(N4)

bytecase.init(NS6, NS4, OPTS)
from bytecase import *  # noqa: E402,F401,F403


# ---- the RFCs' translations, written from their text ----
def l4_copy(l4, sport=None, dport=None):
    """a fresh copy of a scapy L4 layer (checksum recomputed), ports changed"""
    data = bytes(l4.payload)
    if isinstance(l4, UDP):
        return UDP(sport=l4.sport if sport is None else sport,
                   dport=l4.dport if dport is None else dport) / Raw(data)
    if isinstance(l4, TCP):
        return TCP(sport=l4.sport if sport is None else sport,
                   dport=l4.dport if dport is None else dport, seq=l4.seq, ack=l4.ack,
                   flags=l4.flags, window=l4.window, urgptr=l4.urgptr,
                   options=l4.options) / Raw(data)
    raise ValueError("l4")


def nat64_64(p6, mask4, mport):
    """RFC 7915 section 5.1 + RFC 6146 section 3.7: the IPv6 packet P6 of the
    IPv6 node, from its mask MASK4:MPORT (ICMP: identifier MPORT)"""
    p = IPv6(bytes(p6))
    total = 20 + p.plen
    if p.nh == 58:
        e = p.payload
        l4 = ICMP(type={128: 8, 129: 0}[e.type], code=0, id=mport, seq=e.seq) / Raw(bytes(e.data))
    else:
        l4 = l4_copy(p.payload, sport=mport)
    return bytes(IP(version=4, ihl=5, tos=p.tc, len=total, id=0,
                    flags="DF" if total > 1260 else 0, frag=0, ttl=p.hlim - 1,
                    proto={58: 1}.get(p.nh, p.nh), src=mask4, dst=rfc6052.extract(POOL6, p.dst)) / l4)


def nat64_46(p4, addr6, port6, hops=1):
    """RFC 7915 section 4.1 + RFC 6146 section 3.7: the IPv4 packet P4 to a
    mask, for the IPv6 node ADDR6:PORT6 (ICMP: identifier PORT6)"""
    p = IP(bytes(p4))
    if p.proto == 1:
        e = p.payload
        l4 = {8: ICMPv6EchoRequest, 0: ICMPv6EchoReply}[e.type](id=port6, seq=e.seq,
                                                                 data=bytes(e.payload))
    else:
        l4 = l4_copy(p.payload, dport=port6)
    plen = p.len - p.ihl * 4
    return bytes(IPv6(version=6, tc=p.tos, fl=0, plen=plen, nh={1: 58}.get(p.proto, p.proto),
                      hlim=p.ttl - hops, src=v6(p.src), dst=addr6) / l4)


MASK4 = v4_hdr_mask(0)


def sport4(b):
    return struct.unpack("!H", b[20:22])[0] if len(b) >= 24 else -1


def dport6(b):
    return struct.unpack("!H", b[42:44])[0] if len(b) >= 44 else -1


def udp64(name, sport, dport, mask4, mport, payload=b"nat64 udp", hlim=64, tc=0):
    """H6:SPORT -> N4:DPORT over UDP must leave as MASK4:MPORT -> N4:DPORT"""
    p6 = IPv6(src=H6, dst=N4_6, hlim=hlim, tc=tc) / UDP(sport=sport, dport=dport) / Raw(payload)
    send(6, p6)
    got = receive(4, lambda b: b[9] == 17 and struct.unpack("!H", b[22:24])[0] == dport)
    if not got:
        fail(name, "nothing translated arrived")
        return None
    compare(name, nat64_64(p6, mask4, mport), got[0], MASK4, [v4_hdr_ok(0)])
    return got[0]


def udp46(name, src4, sport, mask4, mport, addr6, port6, payload=b"nat64 udp back", ttl=64, tos=0):
    p4 = IP(src=src4, dst=mask4, ttl=ttl, tos=tos, id=0x1234) / UDP(sport=sport, dport=mport) / Raw(payload)
    send(4, p4)
    got = receive(6, lambda b: b[6] == 17 and dport6(b) == port6)
    if not got:
        fail(name, "nothing translated arrived")
        return None
    compare(name, nat64_46(p4, addr6, port6), got[0])
    return got[0]


exec(open(os.path.join(HERE, f"cases_{AREA}.py")).read())
done()
