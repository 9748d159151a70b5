# SPDX-License-Identifier: GPL-2.0
# ICMP echo through the NAT64 (RFC 6146 section 3.5.3: the identifier plays
# the port). Instance: pool4 icmp 198.51.100.1 6001-6002, static BIB
# [H6]#5001 <-> 198.51.100.1#6001.


def echo64(name, typ, ident, mid, seq, data=b"ping6"):
    cls = ICMPv6EchoRequest if typ == 128 else ICMPv6EchoReply
    p6 = IPv6(src=H6, dst=N4_6, hlim=64) / cls(id=ident, seq=seq, data=data)
    send(6, p6)
    t4 = 8 if typ == 128 else 0
    got = receive(4, lambda b: b[9] == 1 and b[20] == t4 and struct.unpack("!H", b[26:28])[0] == seq)
    if not got:
        fail(name, "nothing translated arrived")
        return
    compare(name, nat64_64(p6, M4, mid), got[0], MASK4, [v4_hdr_ok(0), icmp4_ok(20)])


def echo46(name, typ, mid, ident, seq, data=b"ping4"):
    p4 = IP(src=N4, dst=M4, ttl=64, id=7) / ICMP(type=typ, id=mid, seq=seq) / Raw(data)
    send(4, p4)
    t6 = 128 if typ == 8 else 129
    got = receive(6, lambda b: b[6] == 58 and b[40] == t6 and struct.unpack("!H", b[46:48])[0] == seq)
    if not got:
        fail(name, "nothing translated arrived")
        return
    compare(name, nat64_46(p4, H6, ident), got[0], (), [icmp6_ok(40)])


echo64("echo request, static binding: id 5001 -> 6001", 128, 5001, 6001, 1)
echo46("echo reply back: id 6001 -> 5001", 0, 6001, 5001, 1)
echo64("echo request, dynamic binding: id 4242 -> 6002 (the free identifier)", 128, 4242, 6002, 2,
       b"x" * 57)
echo46("echo reply back: id 6002 -> 4242", 0, 6002, 4242, 2, b"x" * 57)
echo46("echo request from IPv4 to the static binding: id 6001 -> 5001", 8, 6001, 5001, 3)
echo64("its echo reply from IPv6: id 5001 -> 6001", 129, 5001, 6001, 3)
