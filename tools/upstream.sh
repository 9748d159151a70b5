#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2034  # *_SHA256/*_URL are read through ${!name}
#
# upstream.sh -- fetch, patch, build and stage the pinned upstream userspace
# (libnftnl + nftables) that nft_jool extends with a patch series.
#
# Called by the top-level Makefile; usable by hand:
#
#   tools/upstream.sh build   [options]   find sources, patch, configure, make, stage
#   tools/upstream.sh install [options]   make install (honours $DESTDIR)
#   tools/upstream.sh sources [options]   only locate/verify the upstream sources
#
# Options (absolute paths):
#   --srcdir DIR          nft_jool source tree (has libnftnl-patch/, nft-patch/)
#   --builddir DIR        nft_jool build tree; work goes to DIR/build/
#   --upstream-dir DIR    local source cache (default /var/cache/nft_jool/upstream)
#   --libnftnl-src PATH   user-supplied libnftnl tree or tarball
#   --nftables-src PATH   user-supplied nftables tree or tarball
#   --prefix P --sbindir D --libdir D --includedir D --sysconfdir D
#                         final install locations (rpath points at --libdir)
#   --jobs N              parallel make jobs (default 2)
#
# Where the sources come from, first match wins:
#   1. --libnftnl-src / --nftables-src (a tree or a .tar.xz)
#   2. the upstream dir: an extracted tree <name>-<version>/ or the tarball
#      <name>-<version>.tar.xz (tarballs are checked against the pinned sha256)
#   3. the official tarball, downloaded into the upstream dir and checked.
#
# Sources are copied to build/upstream/; the user's tree and the cache are
# never written to.  Every step is keyed on a stamp holding a hash of its
# inputs (source identity, patch series content, configure arguments), so a
# rerun with nothing changed does no extraction, patching or configuring.
set -euo pipefail

# --- pinned upstream releases (overridden by <patchdir>/UPSTREAM) ----------
LIBNFTNL_VERSION=1.3.1
LIBNFTNL_SHA256=607da28dba66fbdeccf8ef1395dded9077e8d19f2995f9a4d45a9c2f0bcffba8
LIBNFTNL_URL=https://www.netfilter.org/pub/libnftnl/libnftnl-1.3.1.tar.xz
NFTABLES_VERSION=1.1.6
NFTABLES_SHA256=372931bda8556b310636a2f9020adc710f9bab66f47efe0ce90bff800ac2530c
NFTABLES_URL=https://www.netfilter.org/pub/nftables/nftables-1.1.6.tar.xz

prog=upstream.sh
say()  { echo "[$prog] $*"; }
die()  { echo "" >&2; echo "[$prog] ERROR: $*" >&2; exit 1; }

action=${1:-}
[ -n "$action" ] || die "usage: $0 build|install|sources [options]"
shift

srcdir=; builddir=; upstream_dir=/var/cache/nft_jool/upstream
libnftnl_src=; nftables_src=; jobs=2
prefix=/usr/local; sbindir=; libdir=; includedir=; sysconfdir=
while [ $# -gt 0 ]; do
	opt=$1; val=${2-}
	case $opt in
	--srcdir)	srcdir=$val ;;
	--builddir)	builddir=$val ;;
	--upstream-dir)	upstream_dir=$val ;;
	--libnftnl-src)	libnftnl_src=$val ;;
	--nftables-src)	nftables_src=$val ;;
	--prefix)	prefix=$val ;;
	--sbindir)	sbindir=$val ;;
	--libdir)	libdir=$val ;;
	--includedir)	includedir=$val ;;
	--sysconfdir)	sysconfdir=$val ;;
	--jobs)		jobs=$val ;;
	*) die "unknown option '$opt'" ;;
	esac
	[ $# -ge 2 ] || die "option $opt needs a value"
	shift 2
done

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$(dirname "$here")}
builddir=${builddir:-$srcdir}
sbindir=${sbindir:-$prefix/sbin}
libdir=${libdir:-$prefix/lib/nft_jool}
includedir=${includedir:-$prefix/include/nft_jool}
sysconfdir=${sysconfdir:-$prefix/etc}
for v in srcdir builddir upstream_dir prefix sbindir libdir includedir sysconfdir; do
	case ${!v} in /*) ;; *) die "--${v//_/-} must be an absolute path (got '${!v}')" ;; esac
done

work=$builddir/build/upstream
stage=$builddir/build/stage
bindir_wrap=$builddir/build/bin

hash_stdin() { sha256sum | cut -d' ' -f1; }

# --- UPSTREAM files written next to each patch series -----------------------
# Format is free text; we take the first "<name>-X.Y.Z" (or "version X.Y.Z"),
# the first 64-hex string (sha256) and the first http(s) URL.
read_upstream_file() {	# $1=file $2=name $3=VARPREFIX
	local f=$1 name=$2 p=$3 v s u
	[ -r "$f" ] || return 0
	v=$(grep -oE "$name-[0-9]+(\.[0-9]+)+" "$f" | head -1 | sed "s/^$name-//" || true)
	[ -n "$v" ] || v=$(grep -ioE '(version)[ :=]+"?[0-9]+(\.[0-9]+)+' "$f" | head -1 \
			   | grep -oE '[0-9]+(\.[0-9]+)+$' || true)
	s=$(grep -oE '\b[0-9a-fA-F]{64}\b' "$f" | head -1 || true)
	u=$(grep -oE 'https?://[^ "<>]+' "$f" | head -1 || true)
	[ -n "$v" ] && printf -v "${p}_VERSION" %s "$v"
	[ -n "$s" ] && printf -v "${p}_SHA256" %s "${s,,}"
	[ -n "$u" ] && printf -v "${p}_URL" %s "$u"
	return 0
}
read_upstream_file "$srcdir/libnftnl-patch/UPSTREAM" libnftnl LIBNFTNL
read_upstream_file "$srcdir/nft-patch/UPSTREAM" nftables NFTABLES

# --- locating the sources ----------------------------------------------------
# Sets SRC_KIND (tree|tar), SRC_PATH and SRC_ID (identity for stamps).
check_tarball() {	# $1=file $2=sha256 $3=what
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$2" ] || die "$3: checksum mismatch for $1
    expected sha256 $2
    got             $got
  Delete the file (or replace it with the official release tarball) and retry."
}

tree_fingerprint() {	# cheap identity of a tree: names, sizes, mtimes
	(cd "$1" && find . -path ./.git -prune -o -type f -printf '%P %s %T@\n' | LC_ALL=C sort) | hash_stdin
}

is_source_tree() { [ -f "$1/configure.ac" ] && [ -f "$1/Makefile.am" ]; }

locate() {	# $1=name $2=VARPREFIX $3=user-supplied path
	local name=$1 p=$2 user=$3 ver sha url base tb
	ver=${p}_VERSION; ver=${!ver}
	sha=${p}_SHA256; sha=${!sha}
	url=${p}_URL; url=${!url}
	base=$name-$ver
	tb=$upstream_dir/$base.tar.xz

	if [ -n "$user" ]; then
		if [ -d "$user" ]; then
			is_source_tree "$user" || die "$name: $user is not a $name source tree (no configure.ac/Makefile.am)"
			SRC_KIND=tree; SRC_PATH=$(cd "$user" && pwd)
			say "$name $ver: using tree $SRC_PATH (from --with-$name-src)"
		elif [ -f "$user" ]; then
			check_tarball "$user" "$sha" "$name $ver"
			SRC_KIND=tar; SRC_PATH=$(cd "$(dirname "$user")" && pwd)/$(basename "$user")
			say "$name $ver: using tarball $SRC_PATH (from --with-$name-src, sha256 ok)"
		else
			die "$name: --with-$name-src=$user does not exist"
		fi
	elif is_source_tree "$upstream_dir/$base"; then
		SRC_KIND=tree; SRC_PATH=$upstream_dir/$base
		say "$name $ver: using tree $SRC_PATH"
	elif [ -f "$tb" ]; then
		check_tarball "$tb" "$sha" "$name $ver"
		SRC_KIND=tar; SRC_PATH=$tb
		say "$name $ver: using tarball $SRC_PATH (sha256 ok)"
	else
		say "$name $ver: not in $upstream_dir, downloading $url"
		local ok=0 part
		if mkdir -p "$upstream_dir" 2>/dev/null && [ -w "$upstream_dir" ]; then
			part=$tb.part.$$
			if command -v curl >/dev/null 2>&1; then
				curl -fL --retry 2 --connect-timeout 15 --max-time 300 -sS -o "$part" "$url" && ok=1
			elif command -v wget >/dev/null 2>&1; then
				wget -q -T 15 -t 2 -O "$part" "$url" && ok=1
			else
				say "neither curl nor wget is installed"
			fi
			if [ $ok = 1 ]; then
				check_tarball "$part" "$sha" "$name $ver (download)"
				mv -f "$part" "$tb"
			else
				rm -f "$part"
			fi
		else
			say "cannot create/write $upstream_dir"
		fi
		if [ $ok != 1 ]; then
			MISSING+="
  * $name $ver source is missing and could not be downloaded.
  Needed: $base.tar.xz  (sha256 $sha)
          from $url
  Put that tarball, or the extracted tree $base/, into
          $upstream_dir/
  (or configure --with-upstream-dir=DIR to use another directory,
   or --with-$name-src=TREE|TARBALL to name the source directly)."
			SRC_KIND=missing SRC_PATH='' SRC_ID=''
			return 0
		fi
		SRC_KIND=tar; SRC_PATH=$tb
		say "$name $ver: downloaded $tb (sha256 ok)"
	fi
	if [ $SRC_KIND = tar ]; then
		SRC_ID="tar $sha"
	else
		SRC_ID="tree $SRC_PATH $(tree_fingerprint "$SRC_PATH")"
	fi
	SRC_ID="$name $ver $SRC_ID"
}

# --- patch series --------------------------------------------------------------
series_list() {	# $1=patchdir -> patch file paths, in order
	local d=$1 line
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		line=$(echo "$line" | awk '{print $1}')
		[ -n "$line" ] || continue
		[ -f "$d/$line" ] || die "$d/series names '$line', which does not exist"
		echo "$d/$line"
	done <"$d/series"
}

check_series() {	# $1=patchdir $2=name
	local d=$1 n
	[ -f "$d/series" ] || die "patch series $d/series is missing.
  The patched $2 cannot be built without it.  For a kernel/ctl-only build use
  ./configure --disable-userspace."
	n=$(series_list "$d" | wc -l)
	[ "$n" -gt 0 ] || die "patch series $d/series is empty.
  Refusing to build an unpatched $2 (it would not know jool objects).  For a
  kernel/ctl-only build use ./configure --disable-userspace."
}

series_hash() {	# content of series + every patch, in order
	local d=$1 f
	{ cat "$d/series"; for f in $(series_list "$d"); do echo "== $f"; cat "$f"; done; } | hash_stdin
}

# --- preparing one package -------------------------------------------------------
# build/upstream/<name>.patched   pristine copy + series (regenerated on change)
# build/upstream/<name>           build tree (only changed files are synced in,
#                                 so make rebuilds just what the patch touched)
prepare() {	# $1=name $2=patchdir
	local name=$1 pdir=$2 key pkey tmp p n
	local patched=$work/$name.patched tree=$work/$name
	pkey=$( { echo "$SRC_ID"; series_hash "$pdir"; } | hash_stdin)
	mkdir -p "$work"

	if [ "$(cat "$patched.stamp" 2>/dev/null)" != "$pkey" ] || [ ! -d "$patched" ]; then
		say "$name: extracting and applying $(series_list "$pdir" | wc -l) patch(es) from ${pdir#"$srcdir"/}"
		tmp=$work/$name.patched.tmp
		rm -rf "$tmp" "$patched" "$patched.stamp"
		mkdir -p "$tmp"
		if [ $SRC_KIND = tree ]; then
			(cd "$SRC_PATH" && tar --exclude=./.git -cf - .) | tar -xf - -C "$tmp"
		else
			tar -xJf "$SRC_PATH" -C "$tmp" --strip-components=1
		fi
		n=0
		for p in $(series_list "$pdir"); do
			n=$((n + 1))
			if ! out=$(patch -d "$tmp" -p1 --forward --fuzz=0 --no-backup-if-mismatch -s <"$p" 2>&1); then
				echo "$out" >&2
				die "$name: patch $n (${p#"$srcdir"/}) does not apply to $name $(echo "$SRC_ID" | cut -d' ' -f2)
  (patch -p1 --forward --fuzz=0; sources from $SRC_PATH)"
			fi
			[ -z "$out" ] || echo "$out"
		done
		if find "$tmp" -name '*.rej' | grep -q .; then
			die "$name: reject files left in $tmp"
		fi
		mv "$tmp" "$patched"
		echo "$pkey" >"$patched.stamp"
	else
		say "$name: sources and patches unchanged"
	fi

	# Build tree: recreate when the upstream source itself changed, otherwise
	# sync only files whose content differs (keeps make incremental).
	key=$(echo "$SRC_ID" | hash_stdin)
	if [ "$(cat "$tree.srcstamp" 2>/dev/null)" != "$key" ] || [ ! -d "$tree" ]; then
		say "$name: new build tree $tree"
		rm -rf "$tree" "$tree.srcstamp" "$tree.configstamp"
		cp -a "$patched" "$tree"
		NEED_AUTORECONF=1
		echo "$key" >"$tree.srcstamp"
	else
		NEED_AUTORECONF=0
		local changed=0 f
		while IFS= read -r -d '' f; do
			if ! cmp -s "$patched/$f" "$tree/$f"; then
				mkdir -p "$tree/$(dirname "$f")"
				cp -p "$patched/$f" "$tree/$f"
				touch "$tree/$f"	# newer than its objects
				changed=$((changed + 1))
				case $f in
				configure.ac|*Makefile.am|*.m4|Make_global.am) NEED_AUTORECONF=1 ;;
				esac
			fi
		done < <(cd "$patched" && find . -type f -printf '%P\0')
		[ $changed = 0 ] || say "$name: $changed file(s) changed by the patch series"
	fi
	if [ $NEED_AUTORECONF = 1 ] || [ ! -x "$tree/configure" ]; then
		say "$name: autoreconf -fi"
		(cd "$tree" && autoreconf -fi && rm -rf autom4te.cache) >"$tree.autoreconf.log" 2>&1 || {
			tail -n 20 "$tree.autoreconf.log" >&2
			die "$name: autoreconf failed (install autoconf automake libtool pkg-config)"
		}
		rm -f "$tree.configstamp"
	fi
}

configure_pkg() {	# $1=name, rest: configure args (env assignments allowed)
	local name=$1 tree=$work/$1 key
	shift
	key=$(printf '%s\n' "$@" | hash_stdin)
	if [ "$(cat "$tree.configstamp" 2>/dev/null)" = "$key" ] && [ -f "$tree/Makefile" ]; then
		say "$name: configure arguments unchanged, not reconfiguring"
		return 0
	fi
	say "$name: configure $*"
	rm -f "$tree.configstamp"
	if ! (cd "$tree" && env "$@" >"$tree.configure.log" 2>&1); then
		tail -n 30 "$tree.configure.log" >&2
		die "$name: configure failed (full log: $tree.configure.log)"
	fi
	echo "$key" >"$tree.configstamp"
}

make_pkg() {	# $1=name
	local name=$1 t0=$SECONDS stamp=()
	# nftables 1.1.6 takes its build time stamp anew for each compiled
	# file (fixed upstream after 1.1.6, b92571cc); tables remember the
	# stamp of the nft that made them and a listing warns about "newer"
	# ones, so two files built in different seconds make nft warn about
	# its own tables. One stamp per tree, kept across incremental builds.
	if [ "$name" = nftables ]; then
		[ -s "$work/$name/.nft_jool-build-stamp" ] ||
			date +%s >"$work/$name/.nft_jool-build-stamp"
		stamp=("MAKE_STAMP=$(cat "$work/$name/.nft_jool-build-stamp")")
	fi
	say "$name: make -j$jobs"
	make -C "$work/$name" -j"$jobs" "${stamp[@]}" >"$work/$name.make.log" 2>&1 || {
		grep -E 'error|Error' "$work/$name.make.log" | tail -n 30 >&2
		tail -n 15 "$work/$name.make.log" >&2
		die "$name: build failed (full log: $work/$name.make.log)"
	}
	say "$name: built in $((SECONDS - t0)) s"
	# install -p (configured as INSTALL) keeps mtimes, so restaging unchanged
	# headers does not make nftables recompile.
	make -C "$work/$name" install DESTDIR="$stage" "${stamp[@]}" >"$work/$name.install.log" 2>&1 || {
		tail -n 30 "$work/$name.install.log" >&2
		die "$name: staging install failed (log: $work/$name.install.log)"
	}
	# libtool archives with install paths confuse the next link against the stage
	rm -f "$stage$libdir"/*.la
}

write_wrapper() {
	mkdir -p "$bindir_wrap"
	cat >"$bindir_wrap/nft.tmp" <<EOF
#!/bin/sh
# Generated by tools/upstream.sh: run the patched nft (nftables $NFTABLES_VERSION +
# nft-patch/, libnftnl $LIBNFTNL_VERSION + libnftnl-patch/) from the build stage.
LD_LIBRARY_PATH='$stage$libdir'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
exec '$stage$sbindir/nft' "\$@"
EOF
	chmod 755 "$bindir_wrap/nft.tmp"
	mv -f "$bindir_wrap/nft.tmp" "$bindir_wrap/nft"
}

verify_stage() {
	local f rp
	for f in "$stage$sbindir/nft" "$stage$libdir"/libnftables.so.* "$stage$libdir"/libnftnl.so.*; do
		[ -L "$f" ] && continue
		[ -e "$f" ] || die "staging incomplete: $f missing"
	done
	for f in "$stage$sbindir/nft" "$(ls "$stage$libdir"/libnftables.so.*.*.* | head -1)"; do
		rp=$(readelf -d "$f" | grep -E 'R(UN)?PATH' || true)
		case $rp in *"[$libdir]"*|*"[$libdir:"*|*":$libdir]"*|*":$libdir:"*) ;;
		*) die "$f has no rpath $libdir (got: ${rp:-none}); it could load Debian's libnftnl" ;;
		esac
	done
	local v
	v=$("$bindir_wrap/nft" --version 2>&1) || die "build/bin/nft does not run: $v"
	case $v in *"v$NFTABLES_VERSION"*) ;; *) die "build/bin/nft reports '$v', expected v$NFTABLES_VERSION" ;; esac
	say "staged: $bindir_wrap/nft -> $stage$sbindir/nft ($v)"
}

do_sources() {
	MISSING=
	locate libnftnl LIBNFTNL "$libnftnl_src"; LNL_KIND=$SRC_KIND LNL_PATH=$SRC_PATH LNL_ID=$SRC_ID
	locate nftables NFTABLES "$nftables_src"; NFT_KIND=$SRC_KIND NFT_PATH=$SRC_PATH NFT_ID=$SRC_ID
	[ -z "$MISSING" ] || die "upstream sources not available (offline?):$MISSING"
}

for t in patch sha256sum tar xz autoreconf make readelf; do
	command -v $t >/dev/null 2>&1 || die "'$t' is not installed (run tools/setup-host.sh)"
done

case $action in
sources)
	do_sources
	;;
build)
	t_all=$SECONDS
	check_series "$srcdir/libnftnl-patch" libnftnl
	check_series "$srcdir/nft-patch" nftables
	do_sources

	inst="INSTALL=$(command -v install) -p"
	SRC_KIND=$LNL_KIND SRC_PATH=$LNL_PATH SRC_ID=$LNL_ID
	prepare libnftnl "$srcdir/libnftnl-patch"
	configure_pkg libnftnl "$inst" ./configure --prefix="$prefix" \
		--libdir="$libdir" --includedir="$includedir" --disable-static
	make_pkg libnftnl

	SRC_KIND=$NFT_KIND SRC_PATH=$NFT_PATH SRC_ID=$NFT_ID
	prepare nftables "$srcdir/nft-patch"
	# pkg-config would hand out the final (not yet installed) paths, so point
	# nftables at the staged libnftnl directly.  The rpath goes on nft *and*
	# libnftables: RUNPATH is not inherited by the libraries nft loads, and
	# Debian's libnftnl 1.2.4 has the same soname (libnftnl.so.11).
	configure_pkg nftables "$inst" \
		"LIBNFTNL_CFLAGS=-I$stage$includedir" \
		"LIBNFTNL_LIBS=-L$stage$libdir -lnftnl" \
		"LDFLAGS=-Wl,-rpath,$libdir -Wl,-rpath-link,$stage$libdir" \
		./configure --prefix="$prefix" --sbindir="$sbindir" --libdir="$libdir" \
		--includedir="$includedir" --sysconfdir="$sysconfdir" --disable-static \
		--with-json --with-cli=editline --disable-man-doc
	make_pkg nftables

	write_wrapper
	verify_stage
	say "userspace done in $((SECONDS - t_all)) s"
	;;
install)
	for name in libnftnl nftables; do
		[ -f "$work/$name/Makefile" ] || die "$name is not built yet; run make first"
	done
	for name in libnftnl nftables; do
		say "$name: make install DESTDIR=${DESTDIR:-}"
		stamp=()
		[ -s "$work/$name/.nft_jool-build-stamp" ] &&
			stamp=("MAKE_STAMP=$(cat "$work/$name/.nft_jool-build-stamp")")
		make -C "$work/$name" install DESTDIR="${DESTDIR:-}" "${stamp[@]}" >"$work/$name.install.log" 2>&1 || {
			tail -n 30 "$work/$name.install.log" >&2
			die "$name: install failed (log: $work/$name.install.log)"
		}
		rm -f "${DESTDIR:-}$libdir"/*.la
	done
	say "installed nft to ${DESTDIR:-}$sbindir/nft (libraries in ${DESTDIR:-}$libdir, rpath set)"
	;;
*)
	die "unknown action '$action' (build|install|sources)"
	;;
esac
