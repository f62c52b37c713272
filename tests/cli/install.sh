#!/bin/sh
# `meson install` into a DESTDIR, then use what was installed: the binary
# with its library, its manual pages, the bash completion, the message
# catalogue, the headers and the pkg-config file, as a packager and a
# program linking libgrid would.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?BUILDDIR must point at the build tree}"

skip() {
	ntest=$((ntest + 1))
	echo "ok $ntest # SKIP $1"
}

DEST="$T/dest"
# The install paths of this build, from meson itself.
paths=$(meson introspect --buildoptions "$BUILDDIR" | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
p = o["prefix"]
for k in ("bindir", "libdir", "includedir", "mandir", "datadir", "localedir"):
    v = o[k]
    print(k.upper() + "=" + (v if v.startswith("/") else p + "/" + v))
s = o.get("b_sanitize", "none")
s = ",".join(s) if isinstance(s, list) else s
print("SANITIZE=" + ("" if s in ("none", "") else "-fsanitize=" + s))
')
is "$?" 0 "meson introspect gives the install paths"
eval "$paths"

meson install -C "$BUILDDIR" --no-rebuild --destdir "$DEST" >"$T/install.log" 2>&1
st=$?
is "$st" 0 "meson install --destdir"
[ "$st" = 0 ] || sed 's/^/#   /' "$T/install.log" | tail -20

D() { printf '%s%s' "$DEST" "$1"; }
BIN=$(D "$BINDIR")/grid
LIB=$(D "$LIBDIR")

# ---- what is installed where ------------------------------------------------

check "the binary in bindir" test -x "$BIN"
check "the shared library with its soname link" test -e "$LIB/libgrid.so.0"
check "the development link" test -e "$LIB/libgrid.so"
check "the pkg-config file" test -f "$LIB/pkgconfig/libgrid.pc"
for h in grid.h common.h roster.h issue.h report.h stats.h field.h text.h time.h; do
	check "header grid/$h" test -f "$(D "$INCLUDEDIR")/grid/$h"
done
for p in man1/grid.1 man1/grid-init.1 man1/grid-issue.1 man1/grid-help.1 man1/grid-completion.1 \
	man5/grid-yaml.5 man5/grid-hooks.5 man7/grid-metrics.7; do
	check "manual page $p" test -f "$(D "$MANDIR")/$p"
done
COMPLETION=$(D "$DATADIR")/bash-completion/completions/grid
check "the bash completion in share/bash-completion/completions" test -f "$COMPLETION"
MO=$(D "$LOCALEDIR")/zh_CN/LC_MESSAGES/grid.mo
check "the zh_CN catalogue in share/locale" test -f "$MO"
nothing=$(find "$DEST" -path '*/tests/*' -o -name 'test_*' -o -name '*.a' | head -3)
is "$nothing" "" "no test programs or static archives are installed"

# ---- the installed binary ----------------------------------------------------

runi() {
	LD_LIBRARY_PATH="$LIB" "$BIN" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

runi --version
is "$status" 0 "the installed grid --version"
like "$out" '^grid [0-9]+\.[0-9]+\.[0-9]+ \(libgrid [0-9.]+, schema [0-9]+\)$' "it prints the versions"
check "the installed grid uses the installed libgrid" \
	sh -c "LD_LIBRARY_PATH='$LIB' ldd '$BIN' | grep -F 'libgrid.so.0 => $LIB/'"
if command -v readelf >/dev/null 2>&1; then
	unlike "$(readelf -d "$BIN")" "$BUILDDIR" "the installed binary has no run path into the build tree"
fi

runi help init
is "$status" 0 "the installed grid help init"
like "$out" 'GRID-INIT' "it shows grid-init(1)"
# It read the installed page, not the source tree's: without the installed
# page (and none in the system's manual), help fails.
mv "$(D "$MANDIR")/man1/grid-init.1" "$T/grid-init.1.away"
if [ -e "$MANDIR/man1/grid-init.1" ]; then
	skip "grid-init(1) is also installed in $MANDIR"
else
	runi help init
	is "$status" 1 "without the installed page, grid help init fails"
	like "$err" 'grid-init\(1\) is not installed' "and says that the page is not installed"
fi
mv "$T/grid-init.1.away" "$(D "$MANDIR")/man1/grid-init.1"
runi help metrics
is "$status" 0 "the installed grid help metrics finds section 7"

# The installed completion is what the installed grid prints.
runi completion bash
is "$(cat "$COMPLETION")" "$out" "the installed completion matches 'grid completion bash'"
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1"; complete -p grid' sh "$COMPLETION" 2>&1)
	is "$got" "complete -F _grid grid" "sourcing the installed completion registers it"
fi

# The installed catalogue translates, with a zh_CN.UTF-8 locale from the
# system or generated here.
zh_setup
if [ -z "$zh" ]; then
	skip "no zh_CN.UTF-8 locale"
else
	out=$(env -u LC_ALL LANG=zh_CN.UTF-8 GRID_LOCALEDIR="$(D "$LOCALEDIR")" LD_LIBRARY_PATH="$LIB" "$BIN" --help)
	like "$out" '^命令：' "the installed catalogue translates"
fi

# ---- building against the installed library -----------------------------------

if ! command -v pkg-config >/dev/null 2>&1; then
	skip "pkg-config is not installed"
else
	export PKG_CONFIG_PATH="$LIB/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST"
	flags=$(pkg-config --cflags --libs libgrid 2>"$T/stderr")
	is "$?" 0 "pkg-config --cflags --libs libgrid"
	like "$flags" "-I$DEST" "the include path is the installed one"
	like "$flags" '-lgrid' "it links libgrid"
	ver=$(LD_LIBRARY_PATH="$LIB" "$BIN" --version | sed 's/^grid \([^ ]*\).*/\1/')
	is "$(pkg-config --modversion libgrid)" "$ver" "the pkg-config version is the program's"
	cat >"$T/prog.c" <<'EOF'
#include <stdio.h>
#include <string.h>

#include <grid/grid.h>

int main(int argc, char **argv)
{
	grid_db *db = NULL;
	int rc;

	(void)argc;
	rc = grid_db_open(&db, argv[1], GRID_OPEN_CREATE | GRID_OPEN_MIGRATE);
	if (rc) {
		fprintf(stderr, "open: %s\n", grid_errmsg());
		return 1;
	}
	printf("%s %d %d\n", grid_version(), grid_schema_version(), grid_db_schema_found(db));
	grid_db_close(db);
	return strcmp(grid_strerror(GRID_ENOTFOUND), "") == 0;
}
EOF
	# A sanitized libgrid needs a sanitized program (the runtime comes first).
	# shellcheck disable=SC2086
	${CC:-cc} -std=c17 -Wall -Wextra -Werror $SANITIZE -o "$T/prog" "$T/prog.c" $flags >"$T/cc.log" 2>&1
	st=$?
	is "$st" 0 "a C program compiles against the installed headers and links libgrid"
	[ "$st" = 0 ] || sed 's/^/#   /' "$T/cc.log" | head -10
	out=$(LD_LIBRARY_PATH="$LIB" "$T/prog" "$T/prog.db" 2>&1)
	is "$?" 0 "the program runs with the installed libgrid"
	like "$out" "^[0-9.]+ [0-9]+ 0$" "it opened a new database through libgrid"
fi

# ---- the crontab of grid(1), under cron's environment -------------------------
# The example's lines as a user copies them from the page, run the way cron
# runs them: sh -c, no environment but the crontab's own lines, HOME, LOGNAME
# and SHELL, and '\%' read as '%'.  Only the prefix and the /srv paths are
# moved into this test's folders; LD_LIBRARY_PATH stands in for ldconfig.
crontab=$(mandoc -Tascii "$SRCDIR/man/grid.1" | sed "s/.\x08//g" | sed -n '/^[[:space:]]*PATH=/,/^[[:space:]]*$/p' | sed 's/^[[:space:]]*//; /^$/d')
like "$crontab" '^PATH=/usr/local/bin:/usr/bin:/bin' "grid(1)'s crontab sets PATH for cron"
mkdir -p "$T/srv" "$T/log"
crondb="$T/srv/grid.db"
LD_LIBRARY_PATH="$LIB" GRID_DB="$crondb" "$BIN" -q init &&
	LD_LIBRARY_PATH="$LIB" GRID_DB="$crondb" "$BIN" -q import "$SRCDIR/examples/street.yaml" >/dev/null
cronenv="HOME=$T LOGNAME=$(id -un) SHELL=/bin/sh LD_LIBRARY_PATH=$LIB"
n=0
printf '%s\n' "$crontab" | sed "s|/usr/local/bin|$(D "$BINDIR")|g; s|/srv/grid|$T/srv|g; s|/var/log/grid|$T/log|g" >"$T/crontab"
while IFS= read -r line; do
	case $line in
	*=*' '*|*' '*) ;;
	*=*) cronenv="$cronenv $line"; continue ;;
	esac
	cmd=$(printf '%s\n' "$line" | cut -d' ' -f6- | sed 's/\\%/%/g')
	n=$((n + 1))
	env -i $cronenv /bin/sh -c "$cmd" >"$T/cron.out" 2>&1
	is "$?" 0 "crontab line $n runs under cron's environment: $(printf '%s' "$cmd" | cut -c1-40)"
	# Cron mails any output: with nothing overdue there must be none.
	is "$(cat "$T/cron.out")" "" "crontab line $n prints nothing when there is nothing to say"
done <"$T/crontab"
is "$n" 2 "the crontab has its two lines"
check "the weekly notice was written where the crontab says" \
	sh -c "ls '$T'/srv/week-*-W*.html | grep -q ."

finish
