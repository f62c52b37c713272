#!/bin/sh
# make demo: a fresh database, the example street office, sample issues
# moved along their workflow, and the monthly report.
set -eu
grid=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=${DEMO_DIR:-$(mktemp -d)}
export GRID_DB="$work/demo.db" TZ=Asia/Shanghai
unset GRID_ACTOR
echo "== grid init ($GRID_DB)"
"$grid" init
echo "== grid unit list"
"$grid" unit list
