# SPDX-License-Identifier: GPL-2.0
# RFC 7915 sections 4.2, 4.3 (ICMPv4 errors -> ICMPv6) and 5.2, 5.3 (ICMPv6
# errors -> ICMPv4), RFC 6791 source fallback, RFC 4884 extension removal,
# size limits (576 / 1280). Run by siit.py; the MTUs of the translator's
# links are 9000 (set by the shell test), so that the MTU fields show which
# term of the RFC's min() won.
R6 = "2001:db8:6::99"       # an IPv6 router outside pool6
R4 = "203.0.113.1"          # an IPv4 router (translatable source)
MTU = 9000


def csum16(data):
    return (~inet_csum(data)) & 0xffff


def l4_of(pkt):
    """the L4 layer of a scapy packet as a fresh layer (checksum unset)"""
    l4 = pkt.payload
    if isinstance(l4, UDP):
        return UDP(sport=l4.sport, dport=l4.dport) / Raw(bytes(l4.payload))
    if isinstance(l4, TCP):
        return TCP(sport=l4.sport, dport=l4.dport, seq=l4.seq, ack=l4.ack, flags=l4.flags,
                   window=l4.window) / Raw(bytes(l4.payload))
    raise ValueError("l4")


# ---- section 5.1 applied to the packet in error (5.3), from the RFC ----
def xlat_inner64(p6):
    """the whole IPv4 version of an (untruncated, plain) IPv6 packet"""
    p = IPv6(bytes(p6))
    total = 20 + p.plen
    ip = IP(version=4, ihl=5, tos=p.tc, len=total, id=0, flags="DF" if total > 1260 else 0,
            frag=0, ttl=p.hlim, proto={58: 1}.get(p.nh, p.nh), src=v4(p.src), dst=v4(p.dst))
    if p.nh == 58:
        e = p.payload
        l4 = ICMP(type={128: 8, 129: 0}[e.type], code=0, id=e.id, seq=e.seq) / Raw(bytes(e.data))
    else:
        l4 = l4_of(p)
    return bytes(ip / l4)


def xlat_inner46(p4):
    p = IP(bytes(p4))
    plen = p.len - p.ihl * 4
    ip = IPv6(version=6, tc=p.tos, fl=0, plen=plen, nh={1: 58}.get(p.proto, p.proto), hlim=p.ttl,
              src=v6(p.src), dst=v6(p.dst))
    if p.proto == 1:
        e = p.payload
        l4 = {8: ICMPv6EchoRequest, 0: ICMPv6EchoReply}[e.type](id=e.id, seq=e.seq, data=bytes(e.payload))
    else:
        l4 = l4_of(p)
    return bytes(ip / l4)


def icmp4_err(src, dst, tos, ttl, typ, code, rest, inner):
    msg = struct.pack("!BBH", typ, code, 0) + rest + inner
    msg = msg[:2] + struct.pack("!H", csum16(msg)) + msg[4:]
    return bytes(IP(version=4, ihl=5, tos=tos, len=20 + len(msg), id=0, flags=0, frag=0, ttl=ttl,
                    proto=1, src=src, dst=dst) / Raw(msg))


def icmp6_err(src, dst, tc, hlim, typ, code, rest, inner):
    msg = struct.pack("!BBH", typ, code, 0) + rest + inner
    hdr = bytes(IPv6(version=6, tc=tc, fl=0, plen=len(msg), nh=58, hlim=hlim, src=src, dst=dst))
    c = csum16(pseudo6(hdr, len(msg), 58) + msg)
    return hdr + msg[:2] + struct.pack("!H", c) + msg[4:]


def raw_icmp6(src, dst, typ, code, rest, body, hlim=64, tc=0, bad=False):
    """an ICMPv6 error as a router sends it (checksum right unless BAD)"""
    msg = struct.pack("!BBH", typ, code, 0) + rest + body
    hdr = bytes(IPv6(version=6, tc=tc, fl=0, plen=len(msg), nh=58, hlim=hlim, src=src, dst=dst))
    c = csum16(pseudo6(hdr, len(msg), 58) + msg) ^ (0x5555 if bad else 0)
    return hdr + msg[:2] + struct.pack("!H", c) + msg[4:]


def raw_icmp4(src, dst, typ, code, rest, body, ttl=64, tos=0, bad=False):
    msg = struct.pack("!BBH", typ, code, 0) + rest + body
    c = csum16(msg) ^ (0x5555 if bad else 0)
    msg = msg[:2] + struct.pack("!H", c) + msg[4:]
    return bytes(IP(tos=tos, ttl=ttl, id=0x77, flags=0, proto=1, src=src, dst=dst) / Raw(msg))


# masks for an ICMPv4 error: outer ID/checksum, ICMP checksum (covers the
# generated inner ID), inner ID/checksum
MASK64 = v4_hdr_mask(0) | rng(22, 2) | v4_hdr_mask(28)


def checks64(inner_hdr=True):
    c = [v4_hdr_ok(0), icmp4_ok(20)]
    if inner_hdr:
        c.append(v4_hdr_ok(28))
    return c


def match64(typ, sport):
    return lambda b: b[9] == 1 and b[20] == typ and len(b) >= 50 and struct.unpack("!H", b[48:50])[0] == sport


def match46(typ, sport):
    return lambda b: b[6] == 58 and b[40] == typ and len(b) >= 90 and struct.unpack("!H", b[88:90])[0] == sport


def inner6(sport, size=32, tc=0, hlim=61, proto="udp"):
    """the packet in error on the IPv6 side: N4 -> A4 after translation"""
    if proto == "icmp":
        return bytes(IPv6(src=N4_6, dst=A6, tc=tc, hlim=hlim) /
                     ICMPv6EchoRequest(id=sport, seq=7, data=b"e" * size))
    return bytes(IPv6(src=N4_6, dst=A6, tc=tc, hlim=hlim) / UDP(sport=sport, dport=7777) / Raw(b"q" * size))


def inner4(sport, size=32, tos=0, ttl=61, proto="udp"):
    """the packet in error on the IPv4 side: A6 -> N4_6 after translation"""
    if proto == "icmp":
        return bytes(IP(src=A4, dst=N4, tos=tos, ttl=ttl, id=0x4321, flags="DF") /
                     ICMP(type=8, id=sport, seq=7) / Raw(b"e" * size))
    return bytes(IP(src=A4, dst=N4, tos=tos, ttl=ttl, id=0x4321, flags="DF") /
                 UDP(sport=sport, dport=7777) / Raw(b"q" * size))


def case64(name, src6, typ, code, rest6, otyp, ocode, rest4, sport, tc=0, hlim=64, size=32,
           proto="udp", src4=None):
    pin = inner6(sport, size, proto=proto)
    send(6, raw_icmp6(src6, N4_6, typ, code, rest6, pin, hlim=hlim, tc=tc))
    exp_inner = xlat_inner64(pin)[:576 - 28]
    exp = icmp4_err(src4 or v4(src6), N4, tc, hlim - 1, otyp, ocode, rest4, exp_inner)
    key = sport if proto == "udp" else None
    m = match64(otyp, key) if key else (lambda b: b[9] == 1 and b[20] == otyp and b[28 + 9] == 1)
    got = receive(4, m)
    if not got:
        fail(name, "nothing translated arrived")
        return
    compare(name, exp, got[0], MASK64, checks64())


def case46(name, src4, typ, code, rest4, otyp, ocode, rest6, sport, tos=0, ttl=64, size=32,
           proto="udp", src6=None):
    pin = inner4(sport, size, proto=proto)
    send(4, raw_icmp4(src4, A4, typ, code, rest4, pin, ttl=ttl, tos=tos))
    exp_inner = xlat_inner46(pin)[:1280 - 48]
    exp = icmp6_err(src6 or v6(src4), A6, tos, ttl - 1, otyp, ocode, rest6, exp_inner)
    m = match46(otyp, sport) if proto == "udp" else (lambda b: b[6] == 58 and b[40] == otyp and b[54] == 58)
    got = receive(6, m)
    if not got:
        fail(name, "nothing translated arrived")
        return
    compare(name, exp, got[0], (), [icmp6_ok(40)])


Z = b"\0\0\0\0"

# ---------------- 6 -> 4 (section 5.2 / 5.3) ----------------
case64("5.2 no route (1/0) -> host unreachable (3/1), source outside pool6 -> RFC 6791 fallback "
       "(translator's IPv4 address)", R6, 1, 0, Z, 3, 1, Z, 41001, src4=X4)
case64("5.2 port unreachable (1/4) -> (3/3), source in pool6", A6, 1, 4, Z, 3, 3, Z, 41002)
case64("5.2 administratively prohibited (1/1) -> (3/10)", R6, 1, 1, Z, 3, 10, Z, 41003, src4=X4)
case64("5.2 beyond scope (1/2) -> (3/1)", R6, 1, 2, Z, 3, 1, Z, 41004, src4=X4)
case64("5.2 time exceeded (3/0) -> (11/0), traffic class 0x28 -> TOS", R6, 3, 0, Z, 11, 0, Z, 41005,
       tc=0x28, src4=X4)
case64("5.2 packet too big 1400 -> frag needed, MTU min(1400-20, 9000, 9000-20) = 1380",
       R6, 2, 0, struct.pack("!I", 1400), 3, 4, struct.pack("!HH", 0, 1380), 41006, src4=X4)
case64("5.2 packet too big 9500 -> frag needed, MTU min(9480, 9000 (IPv4 next hop), 8980) = 8980",
       R6, 2, 0, struct.pack("!I", 9500), 3, 4, struct.pack("!HH", 0, 8980), 41007, src4=X4)
case64("5.2 parameter problem, pointer 7 (hop limit) -> (12/0) pointer 8 (TTL)",
       R6, 4, 0, struct.pack("!I", 7), 12, 0, b"\x08\0\0\0", 41008, src4=X4)
case64("5.2 parameter problem, pointer 30 (in the destination) -> pointer 16",
       R6, 4, 0, struct.pack("!I", 30), 12, 0, b"\x10\0\0\0", 41009, src4=X4)
case64("5.2 parameter problem code 1 (next header) -> protocol unreachable (3/2)",
       R6, 4, 1, struct.pack("!I", 6), 3, 2, Z, 41010, src4=X4)
case64("5.3 inner ICMPv6 echo request -> ICMPv4 echo (checksum without pseudo-header)",
       R6, 1, 0, Z, 3, 1, Z, 41011, proto="icmp", src4=X4)
case64("5.3 long packet in error: the ICMPv4 error is cut at 576 octets (inner total length kept)",
       R6, 1, 0, Z, 3, 1, Z, 41012, size=1100, src4=X4)

# parameter problem pointing at the flow label: no IPv4 equivalent
send(6, raw_icmp6(R6, N4_6, 4, 0, struct.pack("!I", 2), inner6(41013)))
expect_nothing("5.2 parameter problem, pointer 2 (flow label): not translated", 4, match64(12, 41013))
# unrecognized option (4/2): silently dropped
send(6, raw_icmp6(R6, N4_6, 4, 2, struct.pack("!I", 40), inner6(41014)))
expect_nothing("5.2 parameter problem code 2: not translated", 4, match64(12, 41014))

# RFC 4884: 128 octets of original datagram (length 16 words), then an extension
pin = inner6(41015, size=80)                      # 40 + 8 + 80 = 128 octets
ext = bytes([0x20, 0, 0, 0]) + bytes([0, 8, 1, 1]) + b"EXTN"
send(6, raw_icmp6(R6, N4_6, 1, 0, bytes([16, 0, 0, 0]), pin + ext))
got = receive(4, match64(3, 41015))
if not got:
    fail("RFC 4884 extension removed (6->4)", "nothing translated arrived")
else:
    compare("RFC 4884 extension removed (6->4): length 0, datagram only", icmp4_err(
        X4, N4, 0, 63, 3, 1, Z, xlat_inner64(pin)), got[0], MASK64, checks64())

# an ICMPv6 error about an ICMPv6 error
bad_inner = bytes(IPv6(src=N4_6, dst=A6, hlim=60) / ICMPv6DestUnreach(code=4) / Raw(inner6(41016)[:48]))
send(6, raw_icmp6(R6, N4_6, 1, 0, Z, bad_inner))
expect_nothing("5.3 error inside an error: dropped", 4, lambda b: b[9] == 1 and b[20] == 3)
send(6, raw_icmp6(R6, N4_6, 1, 0, Z, inner6(41017), bad=True))
expect_nothing("bad ICMPv6 checksum: dropped", 4, match64(3, 41017))

# ---------------- 4 -> 6 (section 4.2 / 4.3) ----------------
case46("4.2 host unreachable (3/1) -> no route (1/0)", R4, 3, 1, Z, 1, 0, Z, 42001)
case46("4.2 port unreachable (3/3) -> (1/4)", N4, 3, 3, Z, 1, 4, Z, 42002)
case46("4.2 net prohibited (3/9) -> (1/1), TOS 0xb8 -> traffic class", R4, 3, 9, Z, 1, 1, Z, 42003,
       tos=0xb8)
case46("4.2 packet filtered (3/13) -> (1/1)", R4, 3, 13, Z, 1, 1, Z, 42004)
case46("4.2 frag needed 1400 -> packet too big, MTU min(1400+20, 9000, 9000+20) = 1420",
       R4, 3, 4, struct.pack("!HH", 0, 1400), 2, 0, struct.pack("!I", 1420), 42005)
case46("4.2 frag needed 0 (pre-RFC 1191), total length 4000 -> plateau 2002 + 20 = 2022",
       R4, 3, 4, Z, 2, 0, struct.pack("!I", 2022), 42006, size=4000 - 28)
case46("4.2 frag needed 500 -> packet too big 1280 (the IPv6 minimum)",
       R4, 3, 4, struct.pack("!HH", 0, 500), 2, 0, struct.pack("!I", 1280), 42007)
case46("4.2 time exceeded (11/1) -> (3/1)", R4, 11, 1, Z, 3, 1, Z, 42008)
case46("4.2 parameter problem, pointer 8 (TTL) -> (4/0) pointer 7", R4, 12, 0, b"\x08\0\0\0",
       4, 0, struct.pack("!I", 7), 42009)
case46("4.2 parameter problem, pointer 16 (destination) -> pointer 24", R4, 12, 0, b"\x10\0\0\0",
       4, 0, struct.pack("!I", 24), 42010)
case46("4.2 protocol unreachable (3/2) -> parameter problem (4/1) pointer 6", R4, 3, 2, Z,
       4, 1, struct.pack("!I", 6), 42011)
case46("4.2 source 169.254.0.9 (no IPv6 counterpart) -> RFC 6791 fallback (translator's address)",
       "169.254.0.9", 3, 1, Z, 1, 0, Z, 42012, src6=X6)
case46("4.3 inner ICMP echo -> ICMPv6 echo (pseudo-header checksum)", R4, 3, 1, Z, 1, 0, Z, 42013,
       proto="icmp")
case46("4.3 long packet in error: the ICMPv6 error is cut at 1280 octets", R4, 3, 1, Z, 1, 0, Z, 42014,
       size=1400)

send(4, raw_icmp4(R4, A4, 12, 0, b"\x04\0\0\0", inner4(42015)))
expect_nothing("4.2 parameter problem, pointer 4 (identification): not translated", 6, match46(4, 42015))
send(4, raw_icmp4(R4, A4, 4, 0, Z, inner4(42016)))
expect_nothing("4.2 source quench: not translated", 6, lambda b: b[6] == 58 and b[40] < 128)
send(4, raw_icmp4(R4, A4, 3, 14, Z, inner4(42017)))
expect_nothing("4.2 precedence violation (3/14): not translated", 6, match46(1, 42017))

pin = inner4(42018, size=100)                     # 20 + 8 + 100 = 128 octets
send(4, raw_icmp4(R4, A4, 3, 1, bytes([0, 32, 0, 0]), pin + ext))
got = receive(6, match46(1, 42018))
if not got:
    fail("RFC 4884 extension removed (4->6)", "nothing translated arrived")
else:
    compare("RFC 4884 extension removed (4->6): length 0, datagram only", icmp6_err(
        v6(R4), A6, 0, 63, 1, 0, Z, xlat_inner46(pin)), got[0], (), [icmp6_ok(40)])

bad_inner = bytes(IP(src=A4, dst=N4, ttl=60) / ICMP(type=3, code=3) / Raw(inner4(42019)[:28]))
send(4, raw_icmp4(R4, A4, 3, 1, Z, bad_inner))
expect_nothing("4.3 error inside an error: dropped", 6, lambda b: b[6] == 58 and b[40] == 1)
send(4, raw_icmp4(R4, A4, 3, 1, Z, inner4(42020), bad=True))
expect_nothing("bad ICMPv4 checksum: dropped", 6, match46(1, 42020))
