#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Byte-exact RFC 7915 cases through the translator (scapy), one file of
cases per RFC area: siit.py AREA NS6 NS4 POOL6 [KEY=VALUE...]

The expected packets are built here from the RFC text with scapy, never from
what the module sends. Fields the RFC leaves to the implementation are masked
in the byte comparison and checked on their own (IPv4 Identification when
generated: masked; every checksum: masked, then verified by summing).

Topology (helpers/lib.sh topo_setup): NS6 v6n 2001:db8:6::2 and A6 (pool6 +
198.51.100.2) -- translator v6x 2001:db8:6::1 | v4x 192.0.2.1 -- NS4 v4n
192.0.2.2. Frames are injected and captured with AF_PACKET sockets on v6n
and v4n. Prints one PASS/FAIL line per case; exit 0 when all passed."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../packet"))
import bytecase  # noqa: E402
import rfc6052  # noqa: E402

from scapy.all import (IP, ICMP, IPv6, TCP, UDP, Ether, Raw, conf,  # noqa: E402,F401
                       ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded,
                       ICMPv6ParamProblem, ICMPv6EchoRequest, ICMPv6EchoReply,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting,
                       IPv6ExtHdrFragment)
conf.verb = 0

AREA, NS6, NS4, POOL6 = sys.argv[1:5]
OPTS = dict(a.split("=", 1) for a in sys.argv[5:])
N4 = "192.0.2.2"            # the IPv4 end
A4 = "198.51.100.2"         # the IPv6 end, as seen from IPv4
X4 = "192.0.2.1"            # the translator, IPv4 side
X6 = "2001:db8:6::1"        # the translator, IPv6 side
A6 = rfc6052.embed(POOL6, A4)
N4_6 = rfc6052.embed(POOL6, N4)


def v6(a4):
    return rfc6052.embed(POOL6, a4)


def v4(a6):
    return rfc6052.extract(POOL6, a6)


bytecase.init(NS6, NS4, OPTS)
from bytecase import *  # noqa: E402,F401,F403

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f"cases_{AREA}.py")).read())
done()
