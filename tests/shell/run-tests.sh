#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run-tests.sh [-g] [-v] [-k] [-l] [FILTER...] -- nft_jool's shell test runner.
#
# Runs as root on a kernel where nft_jool.ko can be loaded (tests/vm-run.sh
# arranges that in a VM). Test cases are the executables
# testcases/<area>/NNNN<name>_0; with FILTERs, only those whose path contains
# one of them. Each runs in a fresh network namespace (unshare -n) with an
# empty ruleset, see helpers/wrapper.sh for the checks done after it.
#
#   -g  regenerate the dump files of passing tests (existing ones; all three
#       kinds when a test has none) into $NFT_TEST_DUMPGEN_DIR or in place
#   -v  print the output of passing tests too
#   -k  keep the temporary directory
#   -l  only list the selected test cases, one per line (needs no root)
#
# Environment: NFT (default nft; used unquoted, so NFT="valgrind nft" works),
# NFT_JOOL_CTL (default nft-jool), NFT_TEST_TIMEOUT (s per test, 180).
# Feature probes features/<feat>.sh set NFT_TEST_HAVE_<feat>=y|n; a test that
# names NFT_TEST_REQUIRES(NFT_TEST_HAVE_<feat>) in its first 10 lines is
# skipped (exit 77) when the feature is missing.
# Output: "=== PASS|FAIL|SKIP area/name (N.Ns)" per test, the captured output
# of failed tests, and last "N passed, N failed" (+ ", N skipped").
unset LANGUAGE
export LANG=C LC_ALL=C
BASEDIR=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export NFT_TEST_BASEDIR=$BASEDIR

GEN=n VERBOSE=n KEEP=n LIST=n
while getopts gvklh o; do
	case $o in
	g) GEN=y ;; v) VERBOSE=y ;; k) KEEP=y ;; l) LIST=y ;;
	*) sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

# The test cases, in path order.
mapfile -t TESTS < <(cd "$BASEDIR/testcases" &&
	find . -type f -executable -name '[0-9][0-9][0-9][0-9]*_[0-9]' | sed 's|^\./||' | sort)
if [ $# -gt 0 ]; then
	sel=()
	for t in "${TESTS[@]}"; do
		for pat; do [[ $t == *"$pat"* ]] && { sel+=("$t"); break; }; done
	done
	TESTS=("${sel[@]}")
fi
[ ${#TESTS[@]} -gt 0 ] || { echo "run-tests: no test case matches: $*" >&2; echo "0 passed, 0 failed"; exit 1; }
[ $LIST = n ] || { printf '%s\n' "${TESTS[@]}"; exit 0; }

[ "$(id -u)" = 0 ] || { echo "run-tests: must run as root (in a VM: tests/vm-run.sh)" >&2; exit 2; }
command -v unshare >/dev/null || { echo "run-tests: needs unshare (util-linux)" >&2; exit 2; }

export NFT=${NFT:-nft}
export NFT_JOOL_CTL=${NFT_JOOL_CTL:-nft-jool}
export NFT_TEST_TIMEOUT=${NFT_TEST_TIMEOUT:-180}
export DUMPGEN=$GEN
export NFT_TEST_DUMPGEN_DIR=${NFT_TEST_DUMPGEN_DIR:-}
# Kernel reports that fail the test during which they were logged.
export NFT_TEST_SPLAT_RE='WARNING: CPU|suspicious RCU usage|BUG:|kernel BUG at|Oops|general protection fault|UBSAN:|KASAN:|suspected memory leak|possible circular locking|possible recursive locking|inconsistent lock state|INFO: rcu|blocked for more than'

TMP=$(mktemp -d /tmp/nft-jool-tests.XXXXXX)
[ $KEEP = y ] || trap 'rm -rf "$TMP"' EXIT

# builtins only: every exec costs ~0.15 s under TCG
now() { echo "${EPOCHREALTIME/[.,]/}"; }
elapsed() { local us=$(($(now) - $1)); printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000)); }

echo "nft_jool tests: NFT=$NFT NFT_JOOL_CTL=$NFT_JOOL_CTL kernel $(uname -r)"
$NFT --version 2>&1 | sed 's/^/  /'

# Feature probes, each in its own netns as well.
for f in "$BASEDIR"/features/*.sh; do
	[ -x "$f" ] || continue
	feat=$(basename "$f" .sh)
	if unshare -n -- timeout 60 "$f" > "$TMP/feature-$feat.log" 2>&1; then v=y; else v=n; fi
	export "NFT_TEST_HAVE_$feat=$v"
	printf '  feature %-14s %s\n' "$feat" "$v"
done

pass=0 fail=0 skip=0 t_all=$(now)
mapfile -t _lines < <(dmesg)
dmesg_lines=${#_lines[@]}
for t in "${TESTS[@]}"; do
	d=$TMP/${t//\//_}
	mkdir -p "$d"
	t0=$(now)
	rc=0
	unshare -n -- "$BASEDIR/helpers/wrapper.sh" "$BASEDIR/testcases/$t" "$d" || rc=$?
	# a kernel report logged while this test ran fails it
	dmesg > "$TMP/dmesg.now"
	if tail -n +$((dmesg_lines + 1)) "$TMP/dmesg.now" | grep -E -A15 "$NFT_TEST_SPLAT_RE" > "$d/splat"; then
		{ echo "---- kernel reports during this test:"; head -60 "$d/splat"; } >> "$d/failures"
		rc=1
	fi
	mapfile -t _lines < "$TMP/dmesg.now"
	dmesg_lines=${#_lines[@]}
	el=$(elapsed "$t0")
	if [ $rc = 77 ]; then
		skip=$((skip + 1))
		echo "=== SKIP $t ($(tail -1 "$d/output" 2>/dev/null))"
	elif [ $rc = 0 ]; then
		pass=$((pass + 1))
		echo "=== PASS $t (${el}s)"
		[ $VERBOSE = y ] && sed 's/^/    /' "$d/output"
	else
		fail=$((fail + 1))
		echo "=== FAIL $t (${el}s, rc $rc)"
		sed 's/^/    /' "$d/output" | tail -120
		[ -s "$d/failures" ] && sed 's/^/    /' "$d/failures"
	fi
done
echo "suite time: $(elapsed "$t_all")s"
sum="$pass passed, $fail failed"
[ $skip -gt 0 ] && sum="$sum, $skip skipped"
echo "$sum"
[ $fail = 0 ] && [ $pass -gt 0 ]
