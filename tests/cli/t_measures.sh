#!/bin/sh
# Shell-level tests: measures (to be written with the feature).
. "$(dirname "$0")/lib.sh"
echo "1..0 # SKIP not built yet"
