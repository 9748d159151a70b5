# SPDX-License-Identifier: GPL-2.0
# One UDP flow [H6]:SPORT -> N4:7 through the only mask 198.51.100.1:7001
# (0017logging: what the kernel logs about its binding and session).
udp64(f"UDP [H6]:{OPTS['sport']} -> N4:7 leaves from 198.51.100.1:7001", int(OPTS["sport"]), 7,
      M4, 7001)
