#!/bin/sh
# libgrid exports only grid_* (hidden visibility plus a version script).
: "${LIBGRID:?}"
bad=$(nm -D --defined-only "$LIBGRID" | awk '{print $3}' | grep -v '^grid_' | grep -v '^GRID_0$' | grep -v '^$')
n=$(nm -D --defined-only "$LIBGRID" | awk '{print $3}' | grep -c '^grid_')
if [ -z "$bad" ] && [ "$n" -gt 10 ]; then
	echo "ok 1 - libgrid exports only grid_* ($n symbols)"
else
	echo "not ok 1 - libgrid exports only grid_*: $bad (grid_* count $n)"
fi
internal=$(nm -D --defined-only "$LIBGRID" | awk '{print $3}' | grep -E '^(grid_error_set|grid_strdup|grid_require_role|store_)' )
if [ -z "$internal" ]; then
	echo "ok 2 - internal helpers are hidden"
else
	echo "not ok 2 - internal helpers leak: $internal"
fi
echo "1..2"
