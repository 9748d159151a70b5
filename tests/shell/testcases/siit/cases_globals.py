# SPDX-License-Identifier: GPL-2.0
# Globals that change the RFC 7915 header translation: zeroize-traffic-class
# (4.1: Traffic Class 0 instead of the TOS), override-tos + tos (5.1: TOS from
# the configuration instead of the Traffic Class), amend-udp-checksum-zero
# (4.5: compute the checksum an IPv4 UDP sender left out). The shell test
# configures zeroize-traffic-class true, override-tos true, tos 64,
# amend-udp-checksum-zero true.

p6 = IPv6(src=A6, dst=N4_6, tc=0xb8, hlim=64) / UDP(sport=46001, dport=9) / Raw(b"tos")
send(6, bytes(p6))
exp = bytes(IP(version=4, ihl=5, tos=64, id=0, flags=0, ttl=63, proto=17, src=A4, dst=N4) /
            UDP(sport=46001, dport=9) / Raw(b"tos"))
g = receive(4, lambda b: b[9] == 17 and b[20:22] == struct.pack("!H", 46001))
if g:
    compare("5.1 override-tos: TOS 64, not the traffic class 0xb8", exp, g[0], v4_hdr_mask(), [v4_hdr_ok()])
else:
    fail("5.1 override-tos", "nothing translated arrived")

p4 = IP(src=N4, dst=A4, tos=0xb8, ttl=64, flags="DF") / UDP(sport=46002, dport=9) / Raw(b"tc")
send(4, bytes(p4))
exp = bytes(IPv6(version=6, tc=0, fl=0, nh=17, hlim=63, src=v6(N4), dst=A6) /
            UDP(sport=46002, dport=9) / Raw(b"tc"))
g = receive(6, lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 46002))
if g:
    compare("4.1 zeroize-traffic-class: traffic class 0, not the TOS 0xb8", exp, g[0])
else:
    fail("4.1 zeroize-traffic-class", "nothing translated arrived")

z = IP(src=N4, dst=A4, ttl=64, flags="DF") / UDP(sport=46003, dport=9, chksum=0) / Raw(b"zero-csum")
send(4, bytes(z))
exp = bytes(IPv6(version=6, tc=0, fl=0, nh=17, hlim=63, src=v6(N4), dst=A6) /
            UDP(sport=46003, dport=9) / Raw(b"zero-csum"))
g = receive(6, lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 46003))
if g:
    compare("4.5 amend-udp-checksum-zero: checksum computed", exp, g[0])
else:
    fail("4.5 amend-udp-checksum-zero", "nothing translated arrived")

# lowest-ipv6-mtu 1400 (links at 9000): DF 0 packets up to 1400 octets of
# IPv6 go whole, bigger ones in pieces of at most 1400 (4.1, section 6)
p4 = IP(src=N4, dst=A4, ttl=64, flags=0, id=0x5151) / UDP(sport=46004, dport=9) / Raw(b"m" * (1380 - 28))
send(4, bytes(p4))
exp = bytes(IPv6(version=6, tc=0, fl=0, nh=17, hlim=63, src=v6(N4), dst=A6) /
            UDP(sport=46004, dport=9) / Raw(b"m" * (1380 - 28)))
g = receive(6, lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 46004))
if g:
    compare("4.1 lowest-ipv6-mtu 1400: 1400 octets of IPv6 not fragmented", exp, g[0])
else:
    fail("4.1 lowest-ipv6-mtu 1400 (whole)", "nothing translated arrived")
p4 = IP(src=N4, dst=A4, ttl=64, flags=0, id=0x5152) / UDP(sport=46005, dport=9) / Raw(b"n" * (1500 - 28))
send(4, bytes(p4))
exp = bytes(IPv6(version=6, tc=0, fl=0, nh=17, hlim=63, src=v6(N4), dst=A6) /
            UDP(sport=46005, dport=9) / Raw(b"n" * (1500 - 28)))
frs = receive(6, lambda b: b[6] == 44 and b[44:48] == b"\0\0\x51\x52", count=2)
name = "4.1 lowest-ipv6-mtu 1400: 1520 octets of IPv6 in pieces of at most 1400"
if len(frs) != 2:
    fail(name, f"{len(frs)} fragments arrived")
else:
    frs.sort(key=lambda b: struct.unpack("!H", b[42:44])[0] >> 3)
    cut = (1400 - 48) // 8 * 8
    for i, (lo, hi) in enumerate(((0, cut), (cut, len(exp) - 40))):
        e = bytes(IPv6(version=6, tc=0, fl=0, plen=8 + hi - lo, nh=44, hlim=63, src=v6(N4), dst=A6) /
                  IPv6ExtHdrFragment(nh=17, offset=lo // 8, m=int(i == 0), id=0x5152) / Raw(exp[40 + lo:40 + hi]))
        compare(f"{name}, fragment {i}", e, frs[i])

# mtu-plateaus 3000, 1700: Frag Needed with MTU 0 about a 2500-octet packet
# -> the greatest plateau below 2500, 1700, + 20 (4.2)
exec(open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "cases_icmp_err.py")).read().split("Z = b")[0])
case46("4.2 mtu-plateaus 3000, 1700: frag needed 0, total length 2500 -> 1700 + 20",
       "203.0.113.1", 3, 4, b"\0\0\0\0", 2, 0, struct.pack("!I", 1720), 46006, size=2500 - 28)
