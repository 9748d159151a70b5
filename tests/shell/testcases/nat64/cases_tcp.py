# SPDX-License-Identifier: GPL-2.0
# TCP through the NAT64 (RFC 6146 sections 3.5.2 and 3.7): a whole
# connection through a static binding (handshake, data both ways, FIN both
# ways), a connection through a dynamic binding reset from IPv4, and a
# segment without state. Instance: pool4 tcp 198.51.100.1 6001-6002, static
# BIB [H6]:5001 <-> 198.51.100.1:6001.

OPT = [("MSS", 1440), ("SAckOK", b""), ("NOP", None), ("WScale", 7)]


def tcp64(name, sport, dport, mport, flags, seq, ack=0, payload=b"", options=()):
    p6 = IPv6(src=H6, dst=N4_6, hlim=64) / TCP(sport=sport, dport=dport, flags=flags, seq=seq,
                                               ack=ack, window=64000, options=list(options)) / \
        Raw(payload)
    send(6, p6)
    got = receive(4, lambda b: b[9] == 6 and sport4(b) == mport and b[33] == bytes(p6)[53])
    if not got:
        fail(name, "nothing translated arrived")
        return
    compare(name, nat64_64(p6, M4, mport), got[0], MASK4, [v4_hdr_ok(0)])


def tcp46(name, sport, mport, port6, flags, seq, ack=0, payload=b"", options=()):
    p4 = IP(src=N4, dst=M4, ttl=64, id=0x99) / TCP(sport=sport, dport=mport, flags=flags, seq=seq,
                                                   ack=ack, window=29200,
                                                   options=list(options)) / Raw(payload)
    send(4, p4)
    got = receive(6, lambda b: b[6] == 6 and dport6(b) == port6 and b[53] == bytes(p4)[33])
    if not got:
        fail(name, "nothing translated arrived")
        return
    compare(name, nat64_46(p4, H6, port6), got[0])


tcp64("SYN [H6]:5001 -> N4_6:80 leaves from 198.51.100.1:6001, options kept", 5001, 80, 6001,
      "S", 1000, options=OPT)
tcp46("SYN-ACK N4:80 -> 198.51.100.1:6001 arrives at [H6]:5001", 80, 6001, 5001, "SA", 5000,
      1001, options=OPT[:1])
tcp64("ACK (connection established)", 5001, 80, 6001, "A", 1001, 5001)
tcp64("data 6->4 (PSH ACK, 100 octets)", 5001, 80, 6001, "PA", 1001, 5001, b"6" * 100)
tcp46("data 4->6 (PSH ACK, 301 octets)", 80, 6001, 5001, "PA", 5001, 1101, b"4" * 301)
tcp64("FIN from IPv6", 5001, 80, 6001, "FA", 1101, 5302)
tcp46("FIN from IPv4", 80, 6001, 5001, "FA", 5302, 1102)
tcp64("last ACK", 5001, 80, 6001, "A", 1102, 5303)

tcp64("SYN [H6]:5600 -> N4_6:81: dynamic binding 198.51.100.1:6002", 5600, 81, 6002, "S", 77)
tcp46("RST from IPv4 reaches [H6]:5600", 81, 6002, 5600, "R", 0)

# RFC 6146 section 3.5.2.2: not a SYN, no session nor BIB entry: dropped.
send(6, IPv6(src=H6, dst=N4_6) / TCP(sport=5700, dport=80, flags="A", seq=1, ack=1))
expect_nothing("ACK without any state: dropped", 4, lambda b: b[9] == 6 and sport4(b) != 6001)
