# SPDX-License-Identifier: GPL-2.0
# Hairpinning (RFC 6146 section 3.8): two IPv6 nodes behind the NAT64, one
# writing to the other's mask in pool6 form. Instance: pool4 udp
# 198.51.100.1 6001-6002, static BIB [H6]:5001 <-> 198.51.100.1:6001 and
# [H6B]:5002 <-> 198.51.100.1:6002. The packet goes 6->4 (source: the
# sender's mask) and at once 4->6 (destination: the other node), one hop.
H6B = "2001:db8:6::3"
M4_6 = v6(M4)


def hairpin(name, src, sport, dst, dport, msport, hlim=64):
    p6 = IPv6(src=src, dst=M4_6, hlim=hlim) / UDP(sport=sport, dport=dport) / Raw(b"hairpin")
    send(6, p6)
    got = receive(6, lambda b: b[6] == 17 and dport6(b) == 5001 + 5002 - sport and
                  b[24:40] == bytes(IPv6(dst=dst))[24:40])
    if not got:
        fail(name, "nothing came back")
        return
    exp = bytes(IPv6(tc=0, fl=0, hlim=hlim - 1, src=M4_6, dst=dst) /
                UDP(sport=msport, dport=5001 + 5002 - sport) / Raw(b"hairpin"))
    compare(name, exp, got[0])


hairpin("[H6]:5001 -> [pool6 198.51.100.1]:6002 comes back as [pool6 198.51.100.1]:6001 -> "
        "[H6B]:5002, hop limit - 1", H6, 5001, H6B, 6002, 6001)
hairpin("and the answer [H6B]:5002 -> [pool6 198.51.100.1]:6001 as [pool6 198.51.100.1]:6002 -> "
        "[H6]:5001", H6B, 5002, H6, 6001, 6002, hlim=30)
