# SPDX-License-Identifier: GPL-2.0
# Session lifetimes (RFC 6146 sections 3.5.1 (UDP), 3.5.3 (ICMP query),
# 3.5.2.2 (TCP) and 4): each session expires when its configured lifetime
# has passed since its last packet, and not before. Time passes through
# the module parameter time_skew. Instance: pool4 { tcp M4 6001-6002, udp
# M4 7001, icmp M4 8001 }, static BIB tcp [H6]:5002 <-> M4:6001, globals
# icmp-timeout 120, udp-timeout 600, tcp-est-timeout 7800, tcp-trans-timeout
# 10000 (none is its default, so the configured value is what is seen).
#
# tcp-trans-timeout is above tcp-est-timeout on purpose: time_skew is only
# added to the clock that decides expiry, not to the one that sets a new
# deadline, so a session moved to TRANS while the skew exceeds its
# transitory lifetime would be due at once. Every step below holds both
# with that clock and with one that adds the skew everywhere.
exec(open(os.path.join(HERE, "state_lib.py")).read())

T_ICMP, T_UDP, T_EST, T_TRANS = 120, 600, 7800, 10000
MARGIN = 15


def tcp6(sport, flags, seq, ack=0):
    p6 = IPv6(src=H6, dst=N4_6, hlim=64) / TCP(sport=sport, dport=80, flags=flags, seq=seq,
                                               ack=ack, window=64000)
    send(6, p6)
    return receive(4, lambda b: b[9] == 6 and struct.unpack("!H", b[22:24])[0] == 80 and
                   b[33] == bytes(p6)[53])


def tcp4(mport, flags, seq, ack=0):
    p4 = IP(src=N4, dst=M4, ttl=64) / TCP(sport=80, dport=mport, flags=flags, seq=seq, ack=ack,
                                          window=29200)
    send(4, p4)
    return receive(6, lambda b: b[6] == 6 and b[53] == bytes(p4)[33])


# ---- the four sessions ----
udp64("UDP [H6]:5001 -> N4:7 leaves from 198.51.100.1:7001", 5001, 7, M4, 7001)
t_udp = time.time()
send(6, IPv6(src=H6, dst=N4_6) / ICMPv6EchoRequest(id=4001, seq=1, data=b"timeouts"))
check("ICMP echo id 4001 translated", receive(4, lambda b: b[9] == 1 and b[20] == 8))
t_icmp = time.time()
check("TCP SYN [H6]:5002 -> N4_6:80", tcp6(5002, "S", 1000))
check("TCP SYN-ACK back", tcp4(6001, "SA", 5000, 1001))
check("TCP ACK: established", tcp6(5002, "A", 1001, 5001))
t_est = time.time()
check("TCP SYN [H6]:5003 (no answer: V6 INIT)", tcp6(5003, "S", 3000))
t_v6init = time.time()

left_ok("udp session: udp-timeout (600 s) left", present("udp session", "udp", 5001), T_UDP)
left_ok("icmp session: icmp-timeout (120 s) left", present("icmp session", "icmp", 4001), T_ICMP)
left_ok("tcp ESTABLISHED: tcp-est-timeout (7800 s) left",
        present("tcp session 5002", "tcp", 5002, "ESTABLISHED"), T_EST)
left_ok("tcp V6 INIT: tcp-trans-timeout (10000 s) left",
        present("tcp session 5003", "tcp", 5003, "V6_INIT"), T_TRANS)
check_eq("4 sessions", 4, len(sessions()))


def before(timeout, since):
    """a skew that leaves MARGIN s of the lifetime TIMEOUT set at SINCE"""
    return max(0, int(timeout - (time.time() - since) - MARGIN))


# ---- ICMP ----
skew(before(T_ICMP, t_icmp))
settle()
check_eq("icmp-timeout not yet passed: 4 sessions", 4, len(sessions()))
skew(T_ICMP + 5)
gone("icmp-timeout passed: the icmp session expired", "icmp", 4001)
present("... the udp session did not", "udp", 5001)
check_eq("session_expired", 1, stat("session_expired"))
check_eq("icmp BIB entry gone with its session", [], bibs("icmp"))

# ---- UDP ----
skew(before(T_UDP, t_udp))
settle()
present("udp-timeout not yet passed: the udp session lives", "udp", 5001)
skew(T_UDP + 5)
gone("udp-timeout passed: the udp session expired", "udp", 5001)
check_eq("session_expired", 2, stat("session_expired"))

# ---- TCP established: probe, then TRANS ----
skew(before(T_EST, t_est))
settle()
present("tcp-est-timeout not yet passed: still ESTABLISHED", "tcp", 5002, "ESTABLISHED")
check_eq("no probe yet", 0, stat("tcp_probe"))
drain(S6)
skew(T_EST + 5)
probe = receive(6, lambda b: b[6] == 6 and dport6(b) == 5002, timeout=5)
if not probe:
    fail("tcp-est-timeout passed: a probe to [H6]:5002", "nothing arrived on the IPv6 side")
else:
    # RFC 6146 3.5.2.2: a TCP packet to the IPv6 node of the session, as
    # if from its remote (N4_6:80): a bare ACK. Sequence and
    # acknowledgment numbers, window and hop limit are the translator's
    # choice; the checksum is checked apart.
    exp = IPv6(src=N4_6, dst=H6, hlim=64, tc=0, fl=0) / TCP(sport=80, dport=5002, flags="A",
                                                            seq=0, ack=0, window=0)
    compare("the probe: ACK N4_6:80 -> [H6]:5002, no payload", exp, probe[0],
            {7} | rng(44, 8) | rng(54, 4),
            [("bad TCP checksum", lambda b: inet_csum(pseudo6(b, len(b) - 40, 6) + b[40:]) == 0xffff),
             ("flags are not exactly ACK", lambda b: b[53] == 0x10)])
check_eq("tcp_probe", 1, stat("tcp_probe"))
check("after the probe: TRANS", wait_until(lambda: (find("tcp", 5002) or {}).get("state") == "TRANS"),
      str(find("tcp", 5002)))
check_eq("the probe removed nothing: session_expired", 2, stat("session_expired"))
present("V6 INIT untouched", "tcp", 5003, "V6_INIT")

# The IPv6 node answers the probe: back to ESTABLISHED, full lifetime.
skew(0)
check("the IPv6 node's answer is translated", tcp6(5002, "A", 1001, 5001))
left_ok("answered: ESTABLISHED again with tcp-est-timeout left",
        present("answered", "tcp", 5002, "ESTABLISHED"), T_EST)

# A RST from the IPv6 node: TRANS, with the transitory lifetime.
check("RST [H6]:5002 translated", tcp6(5002, "R", 1001))
t_rst = time.time()
left_ok("RST: TRANS with tcp-trans-timeout left",
        present("RST: TRANS", "tcp", 5002, "TRANS"), T_TRANS)

# ---- TCP transitory (V6 INIT and TRANS) ----
skew(before(T_TRANS, t_v6init))
settle()
present("tcp-trans-timeout not yet passed: V6 INIT lives", "tcp", 5003, "V6_INIT")
present("tcp-trans-timeout not yet passed: TRANS lives", "tcp", 5002, "TRANS")
skew(T_TRANS + 5)
gone("tcp-trans-timeout passed: V6 INIT expired", "tcp", 5003)
gone("tcp-trans-timeout passed: TRANS expired", "tcp", 5002)
check_eq("session_expired", 4, stat("session_expired"))
check_eq("no other probe", 1, stat("tcp_probe"))
check_eq("no session left", [], sessions())
check_eq("BIB empty (entries go with their last session)", [], bibs())
skew(0)
