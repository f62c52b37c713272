#!/bin/sh
# make builds: the project builds warning-free (-Dwerror=true) in every
# build type with gcc and clang, at -O2 and -O3, and with Debian's
# packaging flags (dpkg-buildflags, hardening=+all) raised to
# _FORTIFY_SOURCE=3 -- what a packager or a benchmark builds first.
# Each build goes to build-matrix/NAME; one line per build, exit 1 if any failed.
#
#   sh tests/builds.sh [NAME...]     (default: all of them)
set -u
cd "$(dirname "$0")/.."
top=build-matrix
mkdir -p "$top"

deb_cflags=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS)
deb_ldflags=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)

# build NAME CC [MESON-ARGS...] (CFLAGS and LDFLAGS from the caller)
build() {
	name=$1 cc=$2
	shift 2
	dir=$top/$name
	rm -rf "$dir"
	if CC=$cc meson setup "$dir" -Dwerror=true "$@" >"$top/$name.log" 2>&1 &&
		ninja -C "$dir" >>"$top/$name.log" 2>&1; then
		echo "ok      $name"
		rm -rf "$dir" "$top/$name.log"
	else
		echo "FAILED  $name (log: $top/$name.log)"
		grep -E 'error|warning' "$top/$name.log" | head -5 | sed 's/^/        /'
		failed=$((failed + 1))
	fi
}

want() {
	[ -z "$selected" ] && return 0
	for w in $selected; do [ "$w" = "$1" ] && return 0; done
	return 1
}

selected="$*"
failed=0
for cc in gcc clang; do
	for bt in plain debug debugoptimized release; do
		want "$cc-$bt" && CFLAGS= LDFLAGS= build "$cc-$bt" "$cc" --buildtype="$bt"
	done
	want "$cc-release-O2" && CFLAGS= LDFLAGS= build "$cc-release-O2" "$cc" --buildtype=release -Doptimization=2
	want "$cc-debian" && CFLAGS="$deb_cflags -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3" LDFLAGS="$deb_ldflags" \
		build "$cc-debian" "$cc" --buildtype=plain
	want "$cc-debian-O3" && CFLAGS="$deb_cflags -O3 -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3" LDFLAGS="$deb_ldflags" \
		build "$cc-debian-O3" "$cc" --buildtype=plain
done
rmdir "$top" 2>/dev/null
[ "$failed" -eq 0 ] || { echo "builds: $failed failed"; exit 1; }
echo "builds: every one warning-free"
