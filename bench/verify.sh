#!/bin/sh
# bench/verify.sh GRID: `grid verify` over the history of a city ledger of
# tests/data/gencity.py, N cases (default 1,000,000: about 4.8 million
# events).  The target is well under a second per 100,000 events.
# Figures are printed, not asserted.  Data goes to bench/data/ (git-ignored).
set -eu
. "$(dirname "$0")/lib.sh"
N=${N:-1000000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/grid-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export TZ=Asia/Shanghai LC_ALL=C.UTF-8
unset GRID_ACTOR GRID_NOW

gen_roster "$data/city-gencity.yaml" --scale city
gen_ledger "$data/ledger-$N.csv" "$N"
db="$tmp/city.db"
GRID_DB=$db "$grid" -q init
GRID_DB=$db "$grid" -q import "$data/city-gencity.yaml" >/dev/null
GRID_DB=$db "$grid" -q issue import "$data/ledger-$N.csv" >/dev/null
events=$(sqlite3 "$db" "SELECT count(*) FROM event")
# The CPU time as well as the wall time: on a shared machine the wall time
# mostly says how busy the other processes were.
python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)
wall = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
n = int(sys.argv[1])
print("verify: %d events in %.2f s wall (%.2f s user, %.2f s system) = %.3f s per 100,000 events (target < 1)"
      % (n, wall, r.ru_utime, r.ru_stime, wall / n * 100000))' "$events" env GRID_DB="$db" "$grid" verify
