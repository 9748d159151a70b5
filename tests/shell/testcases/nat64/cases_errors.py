# SPDX-License-Identifier: GPL-2.0
# ICMP errors through the NAT64 (RFC 6146 sections 3.4-3.6, RFC 7915 4.2-4.3
# and 5.2-5.3): the packet in error is mapped through the BIB like the flow
# it belongs to (its IPv6 node <-> mask), the outer addresses follow:
#  6->4: from the flow's mask to the IPv4 node (section 3.6: the outgoing
#        tuple is computed from the packet in error), whoever sent the error;
#  4->6: to the IPv6 node; from the error's sender in pool6 form (Jool's
#        source-icmpv6-errors-better, the default), or with it off from the
#        IPv4 node (the packet in error's destination, RFC 6146 3.6).
# Instance: pool4 tcp/udp/icmp 198.51.100.1 6001-6002, static BIB
# [H6]:5001 <-> 198.51.100.1:6001 for the three protocols. Links MTU 1500.
R6 = "2001:db8:6::99"       # an IPv6 router
R4 = "203.0.113.1"          # an IPv4 router
Z = b"\0\0\0\0"



def raw_icmp6(src, dst, typ, code, rest, body, hlim=64):
    msg = struct.pack("!BBH", typ, code, 0) + rest + body
    hdr = bytes(IPv6(version=6, tc=0, fl=0, plen=len(msg), nh=58, hlim=hlim, src=src, dst=dst))
    c = csum16(pseudo6(hdr, len(msg), 58) + msg)
    return hdr + msg[:2] + struct.pack("!H", c) + msg[4:]


def raw_icmp4(src, dst, typ, code, rest, body, ttl=64):
    msg = struct.pack("!BBH", typ, code, 0) + rest + body
    msg = msg[:2] + struct.pack("!H", csum16(msg)) + msg[4:]
    return bytes(IP(ttl=ttl, id=0x77, flags=0, proto=1, src=src, dst=dst) / Raw(msg))


def icmp4_err(src, dst, ttl, typ, code, rest, inner):
    msg = struct.pack("!BBH", typ, code, 0) + rest + inner
    msg = msg[:2] + struct.pack("!H", csum16(msg)) + msg[4:]
    return bytes(IP(version=4, ihl=5, tos=0, len=20 + len(msg), id=0, flags=0, frag=0, ttl=ttl,
                    proto=1, src=src, dst=dst) / Raw(msg))


def icmp6_err(src, dst, hlim, typ, code, rest, inner):
    msg = struct.pack("!BBH", typ, code, 0) + rest + inner
    hdr = bytes(IPv6(version=6, tc=0, fl=0, plen=len(msg), nh=58, hlim=hlim, src=src, dst=dst))
    c = csum16(pseudo6(hdr, len(msg), 58) + msg)
    return hdr + msg[:2] + struct.pack("!H", c) + msg[4:]


def inner6(proto, port6=5001, rport=9000):
    """what the IPv6 node got from N4 through the NAT64 (the packet in error)"""
    ip = IPv6(src=N4_6, dst=H6, hlim=61)
    if proto == "udp":
        return bytes(ip / UDP(sport=rport, dport=port6) / Raw(b"q" * 32))
    if proto == "tcp":
        return bytes(ip / TCP(sport=rport, dport=port6, flags="PA", seq=9, ack=10, window=500) /
                     Raw(b"t" * 20))
    return bytes(ip / ICMPv6EchoRequest(id=port6, seq=4, data=b"e" * 24))


def inner4(proto, port4=6001, rport=9000):
    """what N4 got from the mask (the packet in error)"""
    ip = IP(src=M4, dst=N4, ttl=1, id=0x4321)
    if proto == "udp":
        return bytes(ip / UDP(sport=port4, dport=rport) / Raw(b"q" * 32))
    if proto == "tcp":
        return bytes(ip / TCP(sport=port4, dport=rport, flags="PA", seq=9, ack=10, window=500) /
                     Raw(b"t" * 20))
    return bytes(ip / ICMP(type=8, id=port4, seq=4) / Raw(b"e" * 24))


def xlat_inner64(p6, mask4, mport):
    """RFC 7915 5.3 + RFC 6146 3.7: the packet in error, its IPv6 node
    (destination) replaced by the mask"""
    p = IPv6(p6)
    total = 20 + p.plen
    if p.nh == 58:
        e = p.payload
        l4 = ICMP(type={128: 8, 129: 0}[e.type], code=0, id=mport, seq=e.seq) / Raw(bytes(e.data))
    else:
        l4 = l4_copy(p.payload, dport=mport)
    return bytes(IP(version=4, ihl=5, tos=p.tc, len=total, id=0, flags="DF" if total > 1260 else 0,
                    frag=0, ttl=p.hlim, proto={58: 1}.get(p.nh, p.nh),
                    src=rfc6052.extract(POOL6, p.src), dst=mask4) / l4)


def xlat_inner46(p4, addr6, port6):
    p = IP(p4)
    if p.proto == 1:
        e = p.payload
        l4 = {8: ICMPv6EchoRequest, 0: ICMPv6EchoReply}[e.type](id=port6, seq=e.seq,
                                                                 data=bytes(e.payload))
    else:
        l4 = l4_copy(p.payload, sport=port6)
    return bytes(IPv6(version=6, tc=p.tos, fl=0, plen=p.len - p.ihl * 4,
                      nh={1: 58}.get(p.proto, p.proto), hlim=p.ttl, src=addr6, dst=v6(p.dst)) / l4)


# outer ID/checksum, ICMP checksum (covers the inner ID), inner ID/checksum
MASK64 = v4_hdr_mask(0) | rng(22, 2) | v4_hdr_mask(28)
CHECKS64 = [v4_hdr_ok(0), icmp4_ok(20), v4_hdr_ok(28)]


def case64(name, src6, typ, code, rest6, otyp, ocode, rest4, proto, port6=5001, mport=6001):
    pin = inner6(proto, port6)
    send(6, raw_icmp6(src6, N4_6, typ, code, rest6, pin))
    got = receive(4, lambda b: b[9] == 1 and b[20] == otyp and len(b) > 37 and
                  b[28 + 9] == {"udp": 17, "tcp": 6, "icmp": 1}[proto])
    if not got:
        fail(name, "nothing translated arrived")
        return
    exp = icmp4_err(M4, N4, 63, otyp, ocode, rest4, xlat_inner64(pin, M4, mport))
    compare(name, exp, got[0], MASK64, CHECKS64)


def case46(name, src4, typ, code, rest4, otyp, ocode, rest6, proto, src6=None):
    pin = inner4(proto)
    send(4, raw_icmp4(src4, M4, typ, code, rest4, pin))
    got = receive(6, lambda b: b[6] == 58 and b[40] == otyp and len(b) > 54 and
                  b[48 + 6] == {"udp": 17, "tcp": 6, "icmp": 58}[proto])
    if not got:
        fail(name, "nothing translated arrived")
        return
    exp = icmp6_err(src6 or v6(src4), H6, 63, otyp, ocode, rest6, xlat_inner46(pin, H6, 5001))
    compare(name, exp, got[0], (), [icmp6_ok(40)])


if OPTS.get("better", "1") == "1":
    # ---- 6 -> 4 ----
    case64("6->4 port unreachable (1/4 -> 3/3) from the IPv6 node: outer 198.51.100.1 -> N4, "
           "inner N4:9000 -> 198.51.100.1:6001", H6, 1, 4, Z, 3, 3, Z, "udp")
    case64("6->4 time exceeded (3/0 -> 11/0) from a router, TCP inside: outer source is still "
           "the mask", R6, 3, 0, Z, 11, 0, Z, "tcp")
    case64("6->4 packet too big 1400 -> frag needed, MTU min(1380, 1500, 1480) = 1380",
           R6, 2, 0, struct.pack("!I", 1400), 3, 4, struct.pack("!HH", 0, 1380), "udp")
    case64("6->4 ICMPv6 echo request inside: identifier 5001 -> 6001", R6, 1, 0, Z, 3, 1, Z, "icmp")
    send(6, raw_icmp6(H6, N4_6, 1, 4, Z, inner6("udp", port6=5999)))
    expect_nothing("6->4 packet in error of no BIB entry: dropped", 4,
                   lambda b: b[9] == 1 and b[20] == 3)

    # ---- 4 -> 6 ----
    case46("4->6 time exceeded (11/0 -> 3/0) from a router: to [H6], from the router's pool6 "
           "form, inner [H6]:5001 -> N4_6:9000", R4, 11, 0, Z, 3, 0, Z, "udp")
    case46("4->6 port unreachable (3/3 -> 1/4) from N4 itself, TCP inside", N4, 3, 3, Z, 1, 4, Z,
           "tcp")
    case46("4->6 frag needed 1300 -> packet too big max(1280, min(1320, 1500, 1520)) = 1320",
           R4, 3, 4, struct.pack("!HH", 0, 1300), 2, 0, struct.pack("!I", 1320), "udp")
    case46("4->6 ICMP echo request inside: identifier 6001 -> 5001", R4, 3, 1, Z, 1, 0, Z, "icmp")
    send(4, raw_icmp4(R4, M4, 3, 3, Z, inner4("udp", port4=6002)))
    expect_nothing("4->6 packet in error from a pool4 mask of no BIB entry: dropped", 6,
                   lambda b: b[6] == 58 and b[40] == 1)
else:
    # source-icmpv6-errors-better off: RFC 6146 section 3.6
    case46("4->6 time exceeded from a router, source-icmpv6-errors-better off: the source is "
           "N4_6 (the packet in error's destination), not the router's", R4, 11, 0, Z, 3, 0, Z,
           "udp", src6=N4_6)
