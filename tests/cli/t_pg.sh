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

# ---- which engine the database's name selects (grid(1), DATABASES) ---------
uri_db=$(pg_db_new uri)
uri="postgresql:///${_pg_base}_uri?host=$PGHOST"
run --db "$uri" init
is "$status" 0 "a postgresql:// URI: init on the server"
is "$(GRID_DB=$uri_db db_sql "SELECT value FROM grid_meta WHERE key = 'application'" 2>&1)" grid \
	"the URI's database holds grid's schema"
is "$(GRID_DB=$uri_db db_sql "SELECT pid || ' ' || login FROM person" 2>&1)" "$(id -un) $(id -un)" \
	"the first admin is the server's session user, the OS login"
run --db "postgres://?host=$PGHOST&dbname=${_pg_base}_uri" unit list --format json
is "$status:$out" "0:[]" "a postgres:// URI with the database as a parameter"
kw=$(pg_db_new keywords)
run --db "$kw" init -q
is "$status" 0 "a keyword string (host=... dbname=...): init on the server"
is "$(GRID_DB=$kw db_schema_version 2>&1)" "$(GRID_DB=$uri_db db_schema_version)" "the same schema version by either name"
run --db "sqlite:$T/host=x dbname=y.db" init -q
is "$status" 0 "sqlite:PATH: a file, whatever it looks like"
check "sqlite:PATH made the file" test -f "$T/host=x dbname=y.db"
run --db "host=$T/nowhere dbname=x" unit list
is "$status" 8 "a server that is not there: exit 8"
one_error "a server that is not there"
like "$err" "cannot connect to database" "the message says it cannot connect"
run --db "dbname=${_pg_base}_none" unit list
is "$status" 8 "a database the server does not have: exit 8"
one_error "a database the server does not have"
finish
