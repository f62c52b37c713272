#!/bin/sh
# The throwaway PostgreSQL server the tests run against is there and
# usable: the one `make test` starts (tests/pg/server.sh, PGHOST names its
# socket), or one of this test's own when nothing names one (a bare
# `meson test`).  A server that does not start fails the test: no skip.
. "$(dirname "$0")/lib.sh"

pg_server

check "the socket is in the server's own folder, not a shared one" test -S "$PGHOST/.s.PGSQL.5432"
is "$(pg_admin 'SELECT 1' 2>&1)" 1 "psql connects through the socket"
is "$(pg_admin "SHOW listen_addresses" 2>&1)" "" "no TCP port is open"
is "$(pg_admin "SELECT session_user || ' ' || rolsuper FROM pg_roles WHERE rolname = session_user" 2>&1)" "$(id -un) true" \
	"the tests connect as a superuser named after the OS login"
db=$(pg_db_new probe)
is "$(GRID_DB=$db db_sql 'SELECT current_database()' 2>&1)" "${_pg_base}_probe" "a test creates a database of its own"
pg_admin "DROP DATABASE \"${_pg_base}_probe\"" >/dev/null 2>&1
is "$(pg_admin "SELECT count(*) FROM pg_database WHERE datname = '${_pg_base}_probe'" 2>&1)" 0 "and drops it"
finish
