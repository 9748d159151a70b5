# SPDX-License-Identifier: GPL-2.0
# max_sessions (RFC 6146 section 5.3: a NAT64 must not let new flows exhaust
# its memory): with the module parameter at 3, the fourth and fifth new UDP
# flows are dropped and counted (session_limit), the first three keep
# working both ways; once they expired, new flows are accepted again.
# Instance: pool4 udp M4 7001-7010. OPTS step=1|2.
exec(open(os.path.join(HERE, "state_lib.py")).read())


def flow(sport):
    send(6, IPv6(src=H6, dst=N4_6) / UDP(sport=sport, dport=9000) / Raw(b"limit"))
    got = receive(4, lambda b: b[9] == 17 and struct.unpack("!H", b[22:24])[0] == 9000,
                  timeout=1.5)
    return sport4(got[0]) if got else None


if OPTS["step"] == "1":
    masks = {}
    for sport in (5001, 5002, 5003):
        masks[sport] = flow(sport)
        check(f"flow {sport} (session {sport - 5000} of 3) translated", masks[sport])
    for sport in (5004, 5005):
        check(f"flow {sport}: past max_sessions, dropped", flow(sport) is None)
    check_eq("session_limit", 2, stat("session_limit"))
    check_eq("sessions", 3, len(sessions()))
    for sport in (5001, 5002, 5003):
        if masks[sport]:
            udp46(f"flow {sport} still works from IPv4", N4, 9000, M4, masks[sport], H6, sport)
else:
    check("after expiry, a new flow is translated", flow(5006))
    check_eq("session_limit unchanged", 2, stat("session_limit"))
