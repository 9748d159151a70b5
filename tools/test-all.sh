#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-all.sh -- everything CI does, in the source tree:
#   host setup (tools/setup-host.sh) -> ./autogen.sh -> ./configure
#   --with-kbuild=<newest 6.1> -> make -> unit tests (tests/unit, ctl),
#   host fuzzing (tests/fuzz), 6.12 build check, VM suite, and the VM suite again on the debug kernel
#   when this machine has one and it fits in NFT_JOOL_CI_MINUTES (60)
# and finally ONE summary line "N passed, N failed" (unit cases + ctl cases +
# 1 build check + VM cases).  Exit status 0 only if nothing failed.
#
#   tools/test-all.sh [-- EXTRA CONFIGURE ARGS]
#   tools/test-all.sh --checks-only [--builddir DIR]   (what "make check" runs)
#
# Environment: NFT_JOOL_CONFIGURE_ARGS (extra configure arguments).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
builddir=$top
checks_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--checks-only) checks_only=1; shift ;;
	--builddir) builddir=${2:?--builddir needs a value}; shift 2 ;;
	--) shift; break ;;
	*) echo "usage: $0 [--checks-only] [--builddir DIR] [-- configure args]" >&2; exit 2 ;;
	esac
done

T0=$SECONDS
step() { echo; echo "[test-all +$((SECONDS - T0))s] === $* ==="; }
info() { echo "[test-all +$((SECONDS - T0))s] $*"; }

passed=0
failed=0
summary=()
finish() {
	echo
	info "results:"
	local l
	for l in "${summary[@]}"; do echo "  $l"; done
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit $?
}

# --- setup + build ------------------------------------------------------------
if [ $checks_only = 0 ]; then
	cd "$top" || exit 1
	step "host setup (tools/setup-host.sh)"
	if ! KVER=$(tools/setup-host.sh); then
		summary+=("setup: FAILED"); failed=$((failed + 1)); finish
	fi
	info "6.1 kernel: $KVER"

	step "autogen + configure"
	# shellcheck disable=SC2086
	if ! { ./autogen.sh && ./configure --with-kbuild="/lib/modules/$KVER/build" \
			${NFT_JOOL_CONFIGURE_ARGS:-} "$@"; } >"$top/test-all.configure.log" 2>&1; then
		tail -n 30 "$top/test-all.configure.log"
		summary+=("configure: FAILED (log: test-all.configure.log)"); failed=$((failed + 1)); finish
	fi
	sed -n '/^configure: *$/,$p' "$top/test-all.configure.log"

	step "make"
	t=$SECONDS
	# -k: one broken part must not hide the results of the others
	# + the module variant that runs its self-tests at load (selftest/)
	if make -k && make kmod-selftest; then
		info "build done in $((SECONDS - t)) s"
	else
		info "build FAILED after $((SECONDS - t)) s; running the checks anyway"
		summary+=("build: FAILED (make -k)"); failed=$((failed + 1))
	fi
fi

# --- checks ---------------------------------------------------------------------
NFT=${NFT:-$builddir/build/bin/nft}
NFT_JOOL_KO=${NFT_JOOL_KO:-$builddir/nft_jool/nft_jool.ko}
NFT_JOOL_CTL=${NFT_JOOL_CTL:-$builddir/ctl/nft-jool}
export NFT NFT_JOOL_KO NFT_JOOL_CTL
logdir=$builddir/build/test-logs
mkdir -p "$logdir"

# last "N passed, N failed" in a log -> "N M"
counts() { grep -oE '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 | awk '{print $1, $3}'; }

# tally NAME RC LOG: add the last "N passed, N failed" of LOG to the totals;
# no such line, or a non-zero RC with no failure counted, is a failure
tally() {
	local name=$1 rc=$2 log=$3 p='' f='' sk
	read -r p f < <(counts "$log")
	if [ -z "${p:-}" ]; then
		p=0; f=1; summary+=("$name: FAILED, no 'N passed, N failed' line (rc=$rc)")
	else
		# a crash or timeout after the last case still has to count
		[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
		sk=$(grep -oE '[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$log" | tail -n 1 | awk '{print $5}')
		summary+=("$name: $p passed, $f failed${sk:+, $sk skipped} (rc=$rc, $((SECONDS - t)) s)")
	fi
	passed=$((passed + p)); failed=$((failed + f))
}

# check NAME LOG CMD...: one check that passes when CMD exits 0
check() {
	local name=$1 log=$2
	shift 2
	if "$@" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" = 0 ]; then
		passed=$((passed + 1)); summary+=("$name: 1 passed, 0 failed ($((SECONDS - t)) s)")
	else
		failed=$((failed + 1)); summary+=("$name: 0 passed, 1 failed ($((SECONDS - t)) s)")
	fi
}

step "unit tests (make -C tests/unit check)"
t=$SECONDS
if [ -f "$top/tests/unit/Makefile" ]; then
	make -C "$top/tests/unit" check 2>&1 | tee "$logdir/unit.log"
	rc=${PIPESTATUS[0]}
	grep -E 'unit: [0-9]+ passed' "$logdir/unit.log" >"$logdir/unit.sum"
	tally unit "$rc" "$logdir/unit.sum"
else
	failed=$((failed + 1)); summary+=("unit: FAILED, tests/unit/Makefile missing")
fi

step "ctl unit test (make -C ctl check)"
t=$SECONDS
if [ -f "$builddir/ctl/Makefile" ]; then
	make -C "$builddir/ctl" check 2>&1 | tee "$logdir/ctl.log"
	rc=${PIPESTATUS[0]}
	grep -E 'ctl: [0-9]+ passed' "$logdir/ctl.log" >"$logdir/ctl.sum"
	tally ctl "$rc" "$logdir/ctl.sum"
else
	failed=$((failed + 1)); summary+=("ctl: FAILED, ctl/Makefile missing (not configured?)")
fi

step "host fuzzing (make -C tests/fuzz run pktfuzz)"
t=$SECONDS
# libFuzzer targets of the pure parsers (200,000 runs each), and the packet
# mutator the VM's fuzz/0002 test runs
check fuzz-host "$logdir/fuzz.log" make -C "$top/tests/fuzz" run pktfuzz

step "packet case files lint (tests/packet/lint_cases.py)"
t=$SECONDS
# a NameError on a rare branch would otherwise surface inside the VM
check lint-cases "$logdir/lint-cases.log" python3 "$top/tests/packet/lint_cases.py"

step "build check against 6.12 (tools/check-build-6.12.sh)"
t=$SECONDS
check build-6.12 "$logdir/build-6.12.log" "$top/tools/check-build-6.12.sh"

step "VM suite (tests/vm-run.sh)"
t=$SECONDS
info "NFT=$NFT NFT_JOOL_KO=$NFT_JOOL_KO NFT_JOOL_CTL=$NFT_JOOL_CTL"
vm_rc=1
if [ -x "$top/tests/vm-run.sh" ]; then
	# a kernel WARN must fail the run, not just show up in dmesg
	"$top/tests/vm-run.sh" -a panic_on_warn=1 </dev/null 2>&1 | tee "$logdir/vm.log"
	vm_rc=${PIPESTATUS[0]}
	tally vm "$vm_rc" "$logdir/vm.log"
else
	failed=$((failed + 1)); summary+=("vm: FAILED, tests/vm-run.sh missing or not executable")
fi

vm_secs=$((SECONDS - t))

# The same suite on the debug kernel (KASAN, UBSAN, kmemleak, lockdep), when
# this machine has one and it fits the CI budget: its guest is about 5 times
# slower, up to 8 with its fuzz and load cases, so the normal run's time
# predicts it (8x, to stay inside the budget), shared by one guest per core.
step "VM suite on the debug kernel (tools/test-debug.sh)"
t=$SECONDS
budget=$((${NFT_JOOL_CI_MINUTES:-60} * 60))
left=$((budget - (SECONDS - T0) - 180))
vms=$(nproc)
est=$((vm_secs * 8 / vms))
if [ "$vm_rc" != 0 ]; then
	# a run that died early would also make the estimate below too small
	info "SKIPPED: the VM suite failed on the normal kernel"
	summary+=("debug: SKIPPED, the VM suite failed on the normal kernel")
elif ! rel=$("$top/tools/debug-kernel/build.sh" --check 2>/dev/null); then
	info "SKIPPED: no debug kernel on this machine (tools/debug-kernel/build.sh builds one, ~30-50 min)"
	summary+=("debug: SKIPPED, no debug kernel here (tools/debug-kernel/build.sh, then tools/test-debug.sh)")
elif [ "$est" -gt "$left" ]; then
	info "SKIPPED: about $((est / 60)) min expected on $rel, $((left / 60)) min left of the ${NFT_JOOL_CI_MINUTES:-60}-minute CI budget"
	summary+=("debug: SKIPPED, ~$((est / 60)) min needed, $((left / 60)) min left in the CI budget (run tools/test-debug.sh)")
else
	info "debug kernel $rel; expected ~$((est / 60)) min, timeout $((left / 60)) min"
	NFT_JOOL_DEBUG_TIMEOUT=$left "$top/tools/test-debug.sh" -j "$vms" </dev/null 2>&1 |
		tee "$logdir/debug.log"
	tally "debug ($rel)" "${PIPESTATUS[0]}" "$logdir/debug.log"
fi

info "total time $((SECONDS - T0)) s"
finish
