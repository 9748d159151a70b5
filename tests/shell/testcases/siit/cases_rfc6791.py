# SPDX-License-Identifier: GPL-2.0
# RFC 6791 / RFC 7915 sections 4.2 and 5.2: the source of a translated ICMP
# error whose original source has no counterpart in the other family comes
# from the configured pools. The shell test sets rfc6791v4-prefix
# 203.0.113.0/28 with randomize-rfc6791-addresses false (then the address
# is the Hop Limit-th of the prefix, modulo its 16 addresses) and
# rfc6791v6-prefix 2001:db8:6791::/120 (random host bits).
exec(open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "cases_icmp_err.py")).read().split("Z = b")[0])
Z = b"\0\0\0\0"
case64("5.2 / RFC 6791: hop limit 70 -> the 70 mod 16 = 6th address, 203.0.113.6",
       R6, 1, 0, Z, 3, 1, Z, 47001, hlim=70, src4="203.0.113.6")
case64("5.2 / RFC 6791: hop limit 64 -> 64 mod 16 = 0, 203.0.113.0",
       R6, 1, 4, Z, 3, 3, Z, 47002, hlim=64, src4="203.0.113.0")

# 4 -> 6: the random host octet (offset 23) and the checksum over it masked
pin = inner4(47003)
send(4, raw_icmp4("169.254.0.9", A4, 3, 1, Z, pin))
exp = icmp6_err("2001:db8:6791::", A6, 0, 63, 1, 0, Z, xlat_inner46(pin))
g = receive(6, match46(1, 47003))
if g:
    compare("4.2 / RFC 6791: source 169.254.0.9 -> 2001:db8:6791::/120, random host part", exp, g[0],
            {23, 42, 43}, [icmp6_ok(40)])
else:
    fail("4.2 / RFC 6791 v6", "nothing translated arrived")
