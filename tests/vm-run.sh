#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/vm-run.sh [--kernel KVER] [--demo] [-g] [-a KERNEL_ARGS] [-t SECONDS]
#                 [-o JOBDIR] [FILTER...]
#
# Host entry point of the kernel tests. Boots ONE VM (tools/vm/run-vm.sh) with
# nft_jool.ko installed in the guest's module tree (autoload by alias works)
# and runs tests/shell/run-tests.sh there (only the test cases whose path
# contains one of the FILTERs, if any), or tests/shell/demo.sh with --demo.
# -g regenerates the dump files of the test cases that pass (written back
# into tests/shell/testcases/*/dumps/). -a panic_on_warn=1 is what CI uses.
#
# Artifacts (environment):
#   NFT           patched nft        (default <repo>/build/bin/nft)
#   NFT_JOOL_KO   the kernel module  (default <repo>/nft_jool/nft_jool.ko)
#   NFT_JOOL_CTL  nft-jool tool      (default <repo>/ctl/nft-jool)
#   NFT_JOOL_SELFTEST_KO  the module built with NFT_JOOL_SELFTEST=1
#                 (default: nft_jool-selftest.ko beside NFT_JOOL_KO)
#   NFT_TEST_TIMEOUT      seconds per test case in the guest (run-tests.sh: 180)
#
# Prints the per-test lines and, last, "N passed, N failed" (", N skipped"
# is appended when tests were skipped). Exits non-zero on any failure, on a
# kernel report (WARN/BUG/...), a panic (125) or a timeout (124).
set -uo pipefail
REPO=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
KVER= DEMO=n GEN=n TMO=2400 OUT= APPEND=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KVER=$2; shift 2 ;;
	--kernel=*) KVER=${1#*=}; shift ;;
	--demo) DEMO=y; shift ;;
	-g) GEN=y; shift ;;
	-a) APPEND+=(-a "$2"); shift 2 ;;
	-t) TMO=$2; shift 2 ;;
	-o) OUT=$2; shift 2 ;;
	-h|--help) sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) echo "vm-run: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done

NFT=${NFT:-$REPO/build/bin/nft}
NFT_JOOL_KO=${NFT_JOOL_KO:-$REPO/nft_jool/nft_jool.ko}
NFT_JOOL_CTL=${NFT_JOOL_CTL:-$REPO/ctl/nft-jool}
# $NFT may be "valgrind nft": only its last word must be a program
nft_bin=${NFT##* }
command -v "$nft_bin" >/dev/null || { echo "vm-run: NFT=$NFT: no such program" >&2; exit 2; }
[ -r "$NFT_JOOL_KO" ] || { echo "vm-run: NFT_JOOL_KO=$NFT_JOOL_KO: no such file" >&2; exit 2; }
[ -x "$NFT_JOOL_CTL" ] || echo "vm-run: note: NFT_JOOL_CTL=$NFT_JOOL_CTL missing; tests needing it are skipped" >&2

# the self-testing variant of the module, built beside it (make kmod-selftest)
NFT_JOOL_SELFTEST_KO=${NFT_JOOL_SELFTEST_KO:-$(dirname "$NFT_JOOL_KO")/nft_jool-selftest.ko}
VMARGS=(-t "$TMO" "${APPEND[@]}" -K "$NFT_JOOL_KO"
	-e "NFT=$NFT" -e "NFT_JOOL_CTL=$NFT_JOOL_CTL"
	-e "NFT_JOOL_SELFTEST_KO=$NFT_JOOL_SELFTEST_KO")
# slow kernels (debug builds) and loaded hosts need more than 180 s a test
[ -n "${NFT_TEST_TIMEOUT:-}" ] && VMARGS+=(-e "NFT_TEST_TIMEOUT=$NFT_TEST_TIMEOUT")
[ -n "$KVER" ] && VMARGS+=(-k "$KVER")
[ -n "$OUT" ] || { OUT=$(mktemp -d /var/tmp/nft_jool-vmrun.XXXXXX); AUTO_OUT=y; }
VMARGS+=(-o "$OUT")

if [ $DEMO = y ]; then
	"$REPO/tools/vm/run-vm.sh" "${VMARGS[@]}" -- "$REPO/tests/shell/demo.sh"
	rc=$?
	[ "${AUTO_OUT:-n}" = y ] && [ $rc = 0 ] && rm -rf "$OUT"
	exit $rc
fi

RT=("$REPO/tests/shell/run-tests.sh")
[ $GEN = y ] && { RT+=(-g); VMARGS+=(-e "NFT_TEST_DUMPGEN_DIR=/run/vmtest/dumpgen"); }
"$REPO/tools/vm/run-vm.sh" "${VMARGS[@]}" -- "${RT[@]}" "$@"
rc=$?

if [ $GEN = y ] && [ -d "$OUT/dumpgen" ]; then
	# the repo is read-only in the guest: dumps come back through the job dir
	(cd "$OUT/dumpgen" && find . -type f) | while read -r f; do
		install -D -m 644 "$OUT/dumpgen/$f" "$REPO/tests/shell/testcases/$f"
		echo "vm-run: wrote tests/shell/testcases/${f#./}"
	done
fi

# The summary line is the last one. A kernel report after the last test, a
# panic or a timeout is one more failure, reported as a pseudo-test.
LOG=$OUT/console.log
sum=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$LOG" | tail -1 | tr -d '\r')
pass=$(grep -acE '^=== PASS ' "$LOG")
fail=$(grep -acE '^=== FAIL ' "$LOG")
skip=$(grep -acE '^=== SKIP ' "$LOG")
extra=
case $rc in
0) ;;
99) extra="kernel report (WARN/BUG/Oops/...) outside any test, see $OUT/dmesg.txt" ;;
124) extra="timeout" ;;
125) extra="kernel panic or no status from the guest, see $OUT/console.log" ;;
esac
if [ -n "$extra" ] || [ -z "$sum" ]; then
	[ -n "$extra" ] || extra="no summary from the test runner (rc $rc)"
	echo "=== FAIL vm ($extra)"
	fail=$((fail + 1))
	sum="$pass passed, $fail failed"
	[ "$skip" -gt 0 ] && sum="$sum, $skip skipped"
	[ $rc = 0 ] && rc=1
fi
[ "${AUTO_OUT:-n}" = y ] && [ $rc = 0 ] && rm -rf "$OUT"
echo "$sum"
exit $rc
