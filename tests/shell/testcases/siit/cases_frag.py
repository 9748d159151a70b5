# SPDX-License-Identifier: GPL-2.0
# RFC 7915 section 5.1 (IPv6 extension headers, Fragment Header -> IPv4
# fragment fields) and section 4.1 (IPv4 fragments -> Fragment Header; DF 0
# packets bigger than 1280 (lowest-ipv6-mtu) fragmented), section 4.5 (UDP
# without checksum). Fragments are cut here from whole datagrams whose
# checksums scapy computed for each family, so a first fragment's checksum
# (which covers the whole datagram) is known independently.


def udp6(sport, size, hlim=64, src=None, dst=None):
    return IPv6(src=src or A6, dst=dst or N4_6, hlim=hlim) / UDP(sport=sport, dport=9) / \
        Raw(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))


def udp4(sport, size, ttl=64, flags=0, id=0):
    return IP(src=N4, dst=A4, ttl=ttl, flags=flags, id=id) / UDP(sport=sport, dport=9) / \
        Raw(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))


def as4(p6, ttl):
    """RFC 7915 5.1 for a whole IPv6 UDP datagram (headers skipped)"""
    u = p6[UDP]
    return IP(version=4, ihl=5, tos=0, id=0, flags=0, ttl=ttl, proto=17, src=v4(p6.src), dst=v4(p6.dst)) / \
        UDP(sport=u.sport, dport=u.dport) / Raw(bytes(u.payload))


def as6(p4, hlim):
    u = p4[UDP]
    return IPv6(version=6, tc=0, fl=0, nh=17, hlim=hlim, src=v6(p4.src), dst=v6(p4.dst)) / \
        UDP(sport=u.sport, dport=u.dport) / Raw(bytes(u.payload))


def m4(sport=None, ident=None):
    return lambda b: b[9] == 17 and (ident is None or b[4:6] == struct.pack("!H", ident)) and \
        (sport is None or b[20:22] == struct.pack("!H", sport))


def got_one(name, side, match):
    g = receive(side, match)
    if not g:
        fail(name, "nothing translated arrived")
        return None
    return g[0]


# ---- 6 -> 4: extension headers ----
p = IPv6(src=A6, dst=N4_6, hlim=64) / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / \
    UDP(sport=44001, dport=9) / Raw(b"hbh+dst")
send(6, bytes(p))
g = got_one("5.1 hop-by-hop + destination options skipped", 4, m4(44001))
if g:
    compare("5.1 hop-by-hop + destination options skipped", bytes(as4(p, 63)), g,
            v4_hdr_mask(), [v4_hdr_ok()])
p = IPv6(src=A6, dst=N4_6, hlim=64) / IPv6ExtHdrRouting(type=0, segleft=0, addresses=["2001:db8::1"]) / \
    UDP(sport=44002, dport=9) / Raw(b"routing")
send(6, bytes(p))
g = got_one("5.1 routing header, segments left 0, skipped", 4, m4(44002))
if g:
    compare("5.1 routing header, segments left 0, skipped", bytes(as4(p, 63)), g,
            v4_hdr_mask(), [v4_hdr_ok()])

# ---- 6 -> 4: fragments (5.1: ID = low 16 bits, MF, offset, DF 0) ----
d6 = udp6(44003, 200)
d4 = bytes(as4(d6, 63))
seg = bytes(d6)[40:]                   # the UDP datagram as checksummed for IPv6
f1 = IPv6(src=A6, dst=N4_6, hlim=64) / IPv6ExtHdrFragment(nh=17, offset=0, m=1, id=0x12345678) / Raw(seg[:104])
send(6, bytes(f1))
exp = bytes(IP(version=4, ihl=5, tos=0, len=20 + 104, id=0x5678, flags="MF", frag=0, ttl=63, proto=17,
               src=A4, dst=N4) / Raw(d4[20:20 + 104]))
g = got_one("5.1 first fragment", 4, m4(44003, 0x5678))
if g:
    compare("5.1 first fragment: ID 0x5678, MF, UDP checksum of the whole datagram", exp, g, (),
            [v4_hdr_ok()])
f2 = IPv6(src=A6, dst=N4_6, hlim=64) / IPv6ExtHdrFragment(nh=17, offset=13, m=0, id=0x12345678) / Raw(seg[104:])
send(6, bytes(f2))
exp = bytes(IP(version=4, ihl=5, tos=0, len=20 + len(seg) - 104, id=0x5678, flags=0, frag=13, ttl=63,
               proto=17, src=A4, dst=N4) / Raw(seg[104:]))
g = got_one("5.1 later fragment", 4, lambda b: b[9] == 17 and b[4:6] == b"\x56\x78" and b[7] == 13)
if g:
    compare("5.1 later fragment: offset 13, L3 only", exp, g, (), [v4_hdr_ok()])

send(6, bytes(IPv6(src=A6, dst=N4_6) / IPv6ExtHdrFragment(nh=60, offset=0, m=1, id=7) /
              IPv6ExtHdrDestOpt(nh=17) / UDP(sport=44004, dport=9) / Raw(b"x" * 16)))
expect_nothing("5.1 destination options after the fragment header: dropped", 4, m4(44004))
send(6, bytes(IPv6(src=A6, dst=N4_6) / IPv6ExtHdrFragment(nh=44, offset=0, m=1, id=8) /
              IPv6ExtHdrFragment(nh=17, offset=0, m=1, id=8) / UDP(sport=44005, dport=9) / Raw(b"x" * 16)))
expect_nothing("5.1 two fragment headers: dropped", 4, m4(44005))
send(6, bytes(IPv6(src=A6, dst=N4_6) / IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=9) /
              Raw(bytes(IPv6(src=A6, dst=N4_6) / ICMPv6EchoRequest(id=44006, data=b"f" * 64))[40:80])))
expect_nothing("5.1 fragmented ICMPv6: dropped", 4, lambda b: b[9] == 1)

# ---- 4 -> 6: fragments (4.1: Fragment Header, ID = IPv4 ID) ----
d4 = udp4(45001, 300, ttl=64)
d6 = bytes(as6(IP(bytes(d4)), 63))
seg4 = bytes(d4)[20:]
seg6 = d6[40:]
f1 = IP(src=N4, dst=A4, ttl=64, id=0xbeef, flags="MF", frag=0, proto=17) / Raw(seg4[:160])
send(4, bytes(f1))
exp = bytes(IPv6(version=6, tc=0, fl=0, plen=8 + 160, nh=44, hlim=63, src=v6(N4), dst=A6) /
            IPv6ExtHdrFragment(nh=17, res1=0, offset=0, res2=0, m=1, id=0xbeef) / Raw(seg6[:160]))
m6 = lambda off: (lambda b: b[6] == 44 and b[44:48] == b"\0\0\xbe\xef" and (struct.unpack("!H", b[42:44])[0] >> 3) == off)
g = got_one("4.1 first fragment", 6, m6(0))
if g:
    compare("4.1 first fragment: Fragment Header (ID 0xbeef, M), checksum for IPv6", exp, g)
f2 = IP(src=N4, dst=A4, ttl=64, id=0xbeef, flags=0, frag=20, proto=17) / Raw(seg4[160:])
send(4, bytes(f2))
exp = bytes(IPv6(version=6, tc=0, fl=0, plen=8 + len(seg4) - 160, nh=44, hlim=63, src=v6(N4), dst=A6) /
            IPv6ExtHdrFragment(nh=17, offset=20, m=0, id=0xbeef) / Raw(seg4[160:]))
g = got_one("4.1 later fragment", 6, m6(20))
if g:
    compare("4.1 later fragment: offset 20, L3 only", exp, g)
send(4, bytes(IP(src=N4, dst=A4, id=0xbef0, flags="MF", proto=1) /
              Raw(bytes(ICMP(type=8, id=45002) / Raw(b"f" * 64))[:40])))
expect_nothing("4.1 fragmented ICMPv4: dropped", 6, lambda b: b[6] in (44, 58) and not is_nd(b))

# DF 0, 1400 octets: fragmented to fit lowest-ipv6-mtu (1280), behind a
# Fragment Header carrying the IPv4 ID (4.1); each fragment but the last
# carries a multiple of 8 octets (RFC 8200 4.5), as many as fit in 1280
d4 = udp4(45003, 1400 - 28, ttl=64, flags=0, id=0x2222)
exp = bytes(as6(IP(bytes(d4)), 63))
send(4, bytes(d4))
frs = receive(6, lambda b: b[6] == 44 and b[44:48] == b"\0\0\x22\x22", count=2)
name = "4.1 DF 0, 1420 octets in IPv6: fragments of at most 1280 octets, ID 0x2222"
if len(frs) != 2:
    fail(name, f"{len(frs)} fragments arrived")
else:
    frs.sort(key=lambda b: struct.unpack("!H", b[42:44])[0] >> 3)
    cut = (1280 - 48) // 8 * 8
    for i, (lo, hi) in enumerate(((0, cut), (cut, len(exp) - 40))):
        e = bytes(IPv6(version=6, tc=0, fl=0, plen=8 + hi - lo, nh=44, hlim=63, src=v6(N4), dst=A6) /
                  IPv6ExtHdrFragment(nh=17, offset=lo // 8, m=int(i == 0), id=0x2222) / Raw(exp[40 + lo:40 + hi]))
        compare(f"{name}, fragment {i}", e, frs[i])

# an IPv4 fragment (MF, 1400 octets of data) too big for 1280 once it has
# a Fragment Header: cut again, same ID, both pieces keep M = 1
d4 = udp4(45008, 2000, ttl=64, flags=0, id=0x2223)
seg4 = bytes(d4)[20:]
seg6 = bytes(as6(IP(bytes(d4)), 63))[40:]
send(4, bytes(IP(src=N4, dst=A4, ttl=64, id=0x2223, flags="MF", frag=0, proto=17) / Raw(seg4[:1400])))
frs = receive(6, lambda b: b[6] == 44 and b[44:48] == b"\0\0\x22\x23", count=2)
name = "4.1 IPv4 fragment of 1400 octets: cut again for 1280"
if len(frs) != 2:
    fail(name, f"{len(frs)} fragments arrived")
else:
    frs.sort(key=lambda b: struct.unpack("!H", b[42:44])[0] >> 3)
    cut = (1280 - 48) // 8 * 8
    for i, (lo, hi) in enumerate(((0, cut), (cut, 1400))):
        e = bytes(IPv6(version=6, tc=0, fl=0, plen=8 + hi - lo, nh=44, hlim=63, src=v6(N4), dst=A6) /
                  IPv6ExtHdrFragment(nh=17, offset=lo // 8, m=1, id=0x2223) / Raw(seg6[lo:hi]))
        compare(f"{name}, piece {i}", e, frs[i])

# 4.5: UDP without checksum
z = IP(src=N4, dst=A4, ttl=64, id=0x3333) / UDP(sport=45004, dport=9, chksum=0) / Raw(b"zero")
send(4, bytes(z))
if OPTS.get("amend") == "1":
    exp = bytes(as6(IP(bytes(z)), 63))
    g = got_one("4.5 amend-udp-checksum-zero", 6, lambda b: b[6] == 17 and b[40:42] == b"\xaf\xcc")
    if g:
        compare("4.5 UDP checksum 0 computed (amend-udp-checksum-zero)", exp, g)
else:
    expect_nothing("4.5 UDP checksum 0: dropped (amend-udp-checksum-zero off)", 6,
                   lambda b: b[6] == 17 and b[40:42] == b"\xaf\xcc")
send(4, bytes(IP(src=N4, dst=A4, ttl=64, id=0x3334, flags="MF", proto=17) /
              Raw(bytes(UDP(sport=45005, dport=9, len=100, chksum=0))[:8] + b"z" * 32)))
expect_nothing("4.5 UDP checksum 0 in a fragment: dropped", 6, lambda b: b[6] == 44)

# 4.1: IPv4 options are not translated; an unexpired source route is refused
from scapy.all import IPOption_NOP, IPOption_RR, IPOption_LSRR  # noqa: E402
p = IP(src=N4, dst=A4, ttl=64, flags="DF", options=[IPOption_NOP(), IPOption_RR(routers=["0.0.0.0"] * 2)]) / \
    UDP(sport=45006, dport=9) / Raw(b"options")
send(4, bytes(p))
g = got_one("4.1 IPv4 options left behind", 6, lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 45006))
if g:
    compare("4.1 IPv4 options (NOP, record route) left behind", bytes(as6(IP(bytes(p)), 63)), g)
p = IP(src=N4, dst=A4, ttl=64, flags="DF", options=[IPOption_LSRR(routers=["192.0.2.9"], pointer=4)]) / \
    UDP(sport=45007, dport=9) / Raw(b"lsrr")
send(4, bytes(p))
# RFC 7915 4.1: dropped, and "source route failed" (3/5) to the sender; the
# fields the kernel's ICMP sender picks (TOS, ID, flags, TTL) are masked
name = "4.1 unexpired loose source route: dropped, ICMPv4 3/5 back"
msg = struct.pack("!BBHI", 3, 5, 0, 0) + bytes(p)
msg = msg[:2] + struct.pack("!H", (~inet_csum(msg)) & 0xffff) + msg[4:]
exp = bytes(IP(version=4, ihl=5, tos=0, id=0, flags=0, ttl=64, proto=1, src=X4, dst=N4) / Raw(msg))
g = receive(4, lambda b: b[9] == 1 and b[20] == 3 and b[21] == 5)
if g:
    compare(name, exp, g[0], {1, 4, 5, 6, 7, 8, 10, 11}, [v4_hdr_ok(0), icmp4_ok(20)])
else:
    fail(name, "no ICMPv4 error came back")
if receive(6, lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 45007), 1):
    fail(name + " (IPv6 side)", "the packet was translated")
