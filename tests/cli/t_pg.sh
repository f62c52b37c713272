#!/bin/sh
# The throwaway PostgreSQL server that `make test` starts (tests/pg/server.sh)
# is there and usable: the PostgreSQL backend's tests run against it.  Under
# `make test` PGHOST names its socket; a bare `meson test` has none and skips.
. "$(dirname "$0")/lib.sh"

if [ -z "${PGHOST:-}" ]; then
	echo "ok 1 # SKIP no PGHOST: make test starts a server (tests/pg/server.sh)"
	echo "1..1"
	exit 0
fi
export PGUSER="${PGUSER:-postgres}"

check "the socket is in the server's own folder, not a shared one" test -S "$PGHOST/.s.PGSQL.5432"
is "$(psql -X -Atc 'SELECT 1' postgres 2>&1)" 1 "psql connects through the socket"
is "$(psql -X -Atc "SHOW listen_addresses" postgres 2>&1)" "" "no TCP port is open"
db=grid_t_pg_$$
psql -X -qc "CREATE DATABASE $db" postgres >/dev/null 2>&1
is "$(psql -X -Atc 'SELECT current_database()' "$db" 2>&1)" "$db" "a test creates a database of its own"
psql -X -qc "DROP DATABASE $db" postgres >/dev/null 2>&1
is "$(psql -X -Atc "SELECT count(*) FROM pg_database WHERE datname = '$db'" postgres 2>&1)" 0 "and drops it"
finish
