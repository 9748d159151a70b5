# SPDX-License-Identifier: GPL-2.0
# 0019update_state: an IPv4 packet to the mask an update removed from pool4,
# from a remote without a session, is not translated (the mask only lives
# on for existing sessions; README "Runtime state").
send(4, IP(src=N4, dst=M4) / UDP(sport=9999, dport=6000) / Raw(b"no session"))
expect_nothing(f"UDP N4:9999 -> {M4}:6000 (no session; mask no longer in pool4): not translated",
               6, lambda b: b[6] == 17)
