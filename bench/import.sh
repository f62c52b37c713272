#!/bin/sh
# Benchmark of `grid import` on a city roster (10,000 grids, 60,000 people,
# ~63,000 assignments) against the peer loader (PyYAML + sqlite3).
#
#   sh bench/import.sh path/to/grid
#
# The roster comes from tests/data/gencity.py into bench/data/ (git-ignored)
# and is reused.  The peer, peer_load.py, is not part of the repository and
# nothing here looks for it outside: PEER_LOAD names its file when you have
# one; without it, or without PyYAML, only grid's own figures are printed.
# Prints the median of three imports into a fresh database, the peer's
# time, the ratio, and grid's peak resident memory.
set -eu

GRID=${1:?usage: sh bench/import.sh path/to/grid}
case $GRID in /*) ;; *) GRID=$(pwd)/$GRID ;; esac
REPO=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEER_LOAD:-}
CITY=$REPO/bench/data/city-gencity.yaml
WORK=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export TZ=Asia/Shanghai HOME="$WORK" XDG_DATA_HOME="$WORK/xdg"
unset GRID_ACTOR GRID_NOW

. "$REPO/bench/lib.sh"
gen_roster "$CITY" --scale city
echo "roster: $CITY ($(wc -c <"$CITY" | tr -d ' ') bytes)"

# seconds CMD...: "WALL CPU" seconds of one run of CMD, measured around the
# child alone (not an interpreter's start-up); CPU is user + system, which
# other jobs on a busy machine disturb less than the wall time
seconds() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f" % (time.perf_counter() - t0, r.ru_utime + r.ru_stime))
PY
}

# import_once N: seconds of one import into a fresh database
import_once() {
	db=$WORK/grid$1.db
	GRID_DB=$db "$GRID" init >/dev/null 2>&1
	GRID_DB=$db seconds "$GRID" --quiet import "$CITY"
}

runs=""
for i in 1 2 3; do
	t=$(import_once "$i")
	echo "grid import run $i: ${t% *}s (CPU ${t#* }s)"
	runs="$runs$t
"
done
median=$(printf '%s' "$runs" | sort -n | sed -n 2p)
grid_s=${median% *}
grid_cpu=${median#* }
t=$(GRID_DB=$WORK/grid1.db seconds "$GRID" --quiet import "$CITY")
echo "re-import of the same file (all unchanged): ${t% *}s (CPU ${t#* }s)"

# Peak memory of one more import, from GNU time when there is one.
db=$WORK/rss.db
GRID_DB=$db "$GRID" init >/dev/null 2>&1
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	GRID_DB=$db /usr/bin/time -v "$GRID" --quiet import "$CITY" >/dev/null 2>"$WORK/time"
	rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time")
else
	rss_kb=$(GRID_DB=$db python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$GRID" --quiet import "$CITY")
fi

# The peer is an outside baseline: without it grid's figures still stand.
peer_s=- peer_cpu=-
if [ -z "$PEER" ]; then
	echo "no baseline: set PEER_LOAD to the file of peer_load.py to time it beside grid"
elif [ ! -f "$PEER" ]; then
	echo "PEER_LOAD names no file ($PEER): the baseline is skipped"
elif ! python3 -c 'import yaml' 2>/dev/null; then
	echo "PyYAML (python3-yaml) is missing: the baseline, $PEER, is skipped"
else
	echo "peer_load.py (one run; it takes a while)"
	t=$(seconds python3 "$PEER" "$CITY" "$WORK/peer.db" 2>"$WORK/peer.err")
	peer_s=${t% *}
	peer_cpu=${t#* }
	sed 's/^/  /' "$WORK/peer.err"
fi

python3 - "$grid_s" "$grid_cpu" "$peer_s" "$peer_cpu" "$rss_kb" <<'PY'
import os, sys
g, gc = float(sys.argv[1]), float(sys.argv[2])
rss = int(sys.argv[5])
print("grid import (median of 3): %.3f s wall, %.3f s CPU" % (g, gc))
if sys.argv[3] != "-":
    p, pc = float(sys.argv[3]), float(sys.argv[4])
    print("peer_load.py:              %.3f s wall, %.3f s CPU" % (p, pc))
    print("ratio:                     %.1fx faster (CPU: %.1fx)" % (p / g, pc / gc))
print("grid peak RSS:             %.1f MB" % (rss / 1024.0))
print("load average:              %.2f %.2f %.2f" % os.getloadavg())
PY
