# SPDX-License-Identifier: GPL-2.0
# handle-rst-during-fin-rcv (Jool #212; RFC 6146 3.5.2.2 gives a RST in the
# FIN RCV states no special lifetime): a RST in V4 FIN RCV or V6 FIN RCV
# sets the transitory lifetime when the global is on, and the established
# one when it is off; the state stays either way. Instance: pool4 tcp
# M4 6001-6002, static BIB [H6]:5001 <-> M4:6001 and [H6]:5002 <->
# M4:6002, tcp-trans-timeout 300 (tcp-est-timeout 7200, the default).
# OPTS on=1|0: what the instance has now.
exec(open(os.path.join(HERE, "state_lib.py")).read())

ON = OPTS["on"] == "1"
T_EST, T_TRANS = 7200, 300
WORD = "on" if ON else "off"


def tcp6(sport, flags, seq, ack=0):
    p6 = IPv6(src=H6, dst=N4_6, hlim=64) / TCP(sport=sport, dport=80, flags=flags, seq=seq,
                                               ack=ack, window=64000)
    send(6, p6)
    return receive(4, lambda b: b[9] == 6 and sport4(b) == sport + 1000 and
                   b[33] == bytes(p6)[53])


def tcp4(mport, flags, seq, ack=0):
    p4 = IP(src=N4, dst=M4, ttl=64) / TCP(sport=80, dport=mport, flags=flags, seq=seq, ack=ack,
                                          window=29200)
    send(4, p4)
    return receive(6, lambda b: b[6] == 6 and dport6(b) == mport - 1000 and
                   b[53] == bytes(p4)[33])


for port6, closer in ((5001, 4), (5002, 6)):
    mport = port6 + 1000
    state = "V4_FIN_RCV" if closer == 4 else "V6_FIN_RCV"
    check(f"{port6}: SYN", tcp6(port6, "S", 100))
    check(f"{port6}: SYN-ACK", tcp4(mport, "SA", 900, 101))
    check(f"{port6}: ACK", tcp6(port6, "A", 101, 901))
    if closer == 4:
        check(f"{port6}: FIN from IPv4", tcp4(mport, "FA", 901, 101))
    else:
        check(f"{port6}: FIN from IPv6", tcp6(port6, "FA", 101, 901))
    left_ok(f"{port6}: {state} keeps the established lifetime",
            present(f"{port6}: {state}", "tcp", port6, state), T_EST)
    # the RST comes from the side that did not send the FIN
    if closer == 4:
        check(f"{port6}: RST from IPv6 translated", tcp6(port6, "R", 101))
    else:
        check(f"{port6}: RST from IPv4 translated", tcp4(mport, "R", 901))
    s = present(f"{port6}: RST in {state}: state unchanged", "tcp", port6, state)
    left_ok(f"{port6}: handle-rst-during-fin-rcv {WORD}: "
            f"{'tcp-trans-timeout' if ON else 'tcp-est-timeout'} left", s, T_TRANS if ON else T_EST)

skew(T_TRANS + 5)
if ON:
    for port6 in (5001, 5002):
        gone(f"{port6}: tcp-trans-timeout passed: expired", "tcp", port6)
else:
    settle()
    for port6 in (5001, 5002):
        present(f"{port6}: tcp-trans-timeout passed, still there", "tcp", port6)
    skew(T_EST + 5)
    for port6 in (5001, 5002):
        gone(f"{port6}: tcp-est-timeout passed: expired", "tcp", port6)
skew(0)
