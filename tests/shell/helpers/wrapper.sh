#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# wrapper.sh TEST DIR -- runs one test case, already inside its own network
# namespace (run-tests.sh does the unshare). Output goes to DIR/output,
# reasons for a failure to DIR/failures. Exit: 0 pass, 77 skip, else fail.
#
# After a passing test:
#  1. `$NFT list ruleset` and `$NFT -j list ruleset` must succeed without any
#     stderr output; they are compared with dumps/<name>.nft and
#     dumps/<name>.json-nft when those exist (dumps/<name>.nodump: no compare);
#  2. round trip: flush, load the listing back with `$NFT -f`, list again:
#     identical; the same with the JSON listing and `$NFT -j -f`.
TEST=$1 D=$2
# (parameter expansion rather than basename/dirname: every exec costs
# ~0.15 s under TCG)
NAME=${TEST##*/}
TDIR=${TEST%/*}
AREA=${TDIR##*/}
OUT=$D/output FAILS=$D/failures
NORM=$NFT_TEST_BASEDIR/helpers/json-norm.sh
: > "$OUT"
: > "$FAILS"
export TMPDIR=$D
export NFT_TEST_LIBRARY_FILE=$NFT_TEST_BASEDIR/helpers/lib.sh
cd "$D" || exit 1

failure() { printf '%s\n' "$*" >> "$FAILS"; rc=1; }
show() { printf '%s\n>>>>\n' "$1" >> "$FAILS"; cat "$2" >> "$FAILS"; printf '<<<<\n' >> "$FAILS"; rc=1; }

# NFT_TEST_REQUIRES(NFT_TEST_HAVE_x) tags in the first 10 lines
n=0
while [ $n -lt 10 ] && IFS= read -r line; do
	n=$((n + 1))
	[[ $line =~ NFT_TEST_REQUIRES\((NFT_TEST_HAVE_[A-Za-z0-9_]+)\) ]] || continue
	tag=${BASH_REMATCH[1]}
	if [ "${!tag:-n}" != y ]; then
		echo "requires $tag" >> "$OUT"
		exit 77
	fi
done < "$TEST"

rc=0
$NFT flush ruleset > "$D/chk" 2>&1 || { show "\`$NFT flush ruleset\` failed before the test" "$D/chk"; exit 1; }
echo "Command: $TEST" >> "$OUT"
rc_test=0
timeout -k 5 "$NFT_TEST_TIMEOUT" "$TEST" >> "$OUT" 2>&1 < /dev/null || rc_test=$?
[ $rc_test = 124 ] && failure "test timed out after $NFT_TEST_TIMEOUT s"
[ $rc_test = 77 ] && exit 77
[ $rc_test = 0 ] || { echo "test exited with $rc_test" >> "$FAILS"; exit "$rc_test"; }

HAVE_JSON=${NFT_TEST_HAVE_json:-n}

# list: plain and JSON; any stderr output is a failure
list_plain() { # FILE
	local e=0
	$NFT list ruleset > "$1" 2> "$D/chk" || e=$?
	if [ $e != 0 ] || [ -s "$D/chk" ]; then show "\`$NFT list ruleset\` failed (rc $e)" "$D/chk"; return 1; fi
}
list_json() { # FILE (normalized)
	local e=0
	$NFT -j list ruleset > "$1.raw" 2> "$D/chk" || e=$?
	if [ $e != 0 ] || [ -s "$D/chk" ]; then show "\`$NFT -j list ruleset\` failed (rc $e)" "$D/chk"; return 1; fi
	"$NORM" "$1.raw" > "$1" 2> "$D/chk" || { show "\`$NFT -j list ruleset\` printed invalid JSON" "$D/chk"; return 1; }
}
list_plain "$D/ruleset" || rc=1
[ $HAVE_JSON = y ] && { list_json "$D/ruleset.json" || rc=1; }

DUMPS=$TDIR/dumps
DUMP=$DUMPS/$NAME.nft JDUMP=$DUMPS/$NAME.json-nft NODUMP=$DUMPS/$NAME.nodump
if [ "$DUMPGEN" = y ] && [ $rc = 0 ]; then
	G=$DUMPS
	[ -n "$NFT_TEST_DUMPGEN_DIR" ] && G=$NFT_TEST_DUMPGEN_DIR/$AREA/dumps
	mkdir -p "$G"
	if [ -f "$DUMP" ] || [ -f "$JDUMP" ] || [ -f "$NODUMP" ]; then
		[ -f "$DUMP" ] && cp "$D/ruleset" "$G/$NAME.nft"
		[ -f "$JDUMP" ] && [ $HAVE_JSON = y ] && cp "$D/ruleset.json" "$G/$NAME.json-nft"
	else
		cp "$D/ruleset" "$G/$NAME.nft"
		[ $HAVE_JSON = y ] && cp "$D/ruleset.json" "$G/$NAME.json-nft"
	fi
	echo "dumps written to $G" >> "$OUT"
elif [ ! -f "$NODUMP" ]; then
	if [ -f "$DUMP" ] && ! diff -u "$DUMP" "$D/ruleset" > "$D/diff" 2>&1; then
		show "ruleset differs from $DUMP (diff -u expected actual)" "$D/diff"
	fi
	if [ $HAVE_JSON = y ] && [ -f "$JDUMP" ] && ! diff -u "$JDUMP" "$D/ruleset.json" > "$D/diff" 2>&1; then
		show "JSON ruleset differs from $JDUMP (diff -u expected actual)" "$D/diff"
	fi
fi

# round trip, only for a non-empty ruleset that could be listed
if [ $rc = 0 ] && [ -s "$D/ruleset" ]; then
	e=0
	{ $NFT flush ruleset && $NFT -f "$D/ruleset"; } > "$D/chk" 2>&1 || e=$?
	if [ $e != 0 ] || [ -s "$D/chk" ]; then
		show "round trip: \`$NFT -f\` of the listing failed (rc $e); the listing was:" "$D/ruleset"
		show "its error:" "$D/chk"
	elif list_plain "$D/ruleset.rt"; then
		diff -u "$D/ruleset" "$D/ruleset.rt" > "$D/diff" 2>&1 ||
			show "round trip: listing after \`$NFT -f\` of the listing differs (diff -u before after)" "$D/diff"
	fi
	if [ $HAVE_JSON = y ]; then
		e=0
		{ $NFT flush ruleset && $NFT -j -f "$D/ruleset.json.raw"; } > "$D/chk" 2>&1 || e=$?
		if [ $e != 0 ] || [ -s "$D/chk" ]; then
			show "JSON round trip: \`$NFT -j -f\` of the JSON listing failed (rc $e); its error:" "$D/chk"
		elif list_json "$D/ruleset.json.rt" && list_plain "$D/ruleset.rt2"; then
			diff -u "$D/ruleset.json" "$D/ruleset.json.rt" > "$D/diff" 2>&1 ||
				show "JSON round trip: JSON listing differs after \`$NFT -j -f\` (diff -u before after)" "$D/diff"
			diff -u "$D/ruleset" "$D/ruleset.rt2" > "$D/diff" 2>&1 ||
				show "JSON round trip: plain listing differs after \`$NFT -j -f\` (diff -u before after)" "$D/diff"
		fi
	fi
fi
$NFT flush ruleset > "$D/chk" 2>&1 || show "\`$NFT flush ruleset\` failed after the test" "$D/chk"
exit $rc
