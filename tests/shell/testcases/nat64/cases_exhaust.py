# SPDX-License-Identifier: GPL-2.0
# pool4 exhaustion (RFC 6146 section 3.5.1.1: no free transport address,
# the packet is dropped) and an IPv4 packet to a pool4 mask without BIB
# entry (section 3.5.1.2/3.5.3: dropped). Instance: pool4 udp 198.51.100.1
# 6001 and icmp 198.51.100.1 6001: one mask per protocol.
udp64("first flow [H6]:5001 gets the only mask 198.51.100.1:6001", 5001, 9000, M4, 6001)
for sport in (5002, 5003, 5004):
    send(6, IPv6(src=H6, dst=N4_6) / UDP(sport=sport, dport=9000) / Raw(b"more"))
    expect_nothing(f"flow [H6]:{sport}: pool4 exhausted, dropped", 4,
                   lambda b: b[9] == 17, timeout=0.7)
udp64("the first flow still works", 5001, 9001, M4, 6001)
udp46("and its answers", N4, 9000, M4, 6001, H6, 5001)
send(4, IP(src=N4, dst=M4) / ICMP(type=8, id=6001, seq=1) / Raw(b"no bib"))
expect_nothing("ICMP echo to a pool4 mask without BIB entry: dropped", 6,
               lambda b: b[6] == 58 and b[40] == 128)
