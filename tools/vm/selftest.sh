#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftest.sh -- checks that run-vm.sh reports what it promises: a passing
# command -> 0, a kernel WARNING logged by a passing command -> 99, a
# crash -> 125, a hang -> 124. Four short boots (~1.5 min under TCG).
set -u
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
T=$(mktemp -d /var/tmp/nft_jool-vmselftest.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
check() { # WANT DESC RUN-VM-ARGS...
	local want=$1 desc=$2 rc
	shift 2
	"$HERE/run-vm.sh" "$@" > "$T/log" 2>&1
	rc=$?
	if [ "$rc" = "$want" ]; then
		echo "PASS: $desc (rc $rc)"
	else
		echo "FAIL: $desc: rc $rc, expected $want"; tail -20 "$T/log"; fails=$((fails + 1))
	fi
}
printf '#!/bin/sh\ntrue\n' > "$T/ok"
# a real WARN from a module would do the same; a line with the report's
# exact prefix is what guest-init and run-tests.sh look for
printf '#!/bin/sh\necho "WARNING: CPU: 0 PID: 1 at selftest.c:1 fake+0x0/0x0" > /dev/kmsg\n' > "$T/warn"
printf '#!/bin/sh\necho 1 > /proc/sys/kernel/sysrq; echo c > /proc/sysrq-trigger; sleep 30\n' > "$T/crash"
printf '#!/bin/sh\nsleep 600\n' > "$T/hang"
chmod +x "$T"/*
check 0 "passing command" "$T/ok"
check 99 "kernel WARNING during a passing command" "$T/warn"
check 125 "kernel crash" "$T/crash"
check 124 "hang (guest time limit 20 s)" -t 20 "$T/hang"
[ $fails = 0 ] && echo "run-vm.sh selftest: all passed" || echo "run-vm.sh selftest: $fails failed"
[ $fails = 0 ]
