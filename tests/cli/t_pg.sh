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

# ---- the schema's version and owner ---------------------------------------------
sv=$(pg_db_new schema)
run --db "$sv" init -q
GRID_DB=$sv db_sql "UPDATE grid_meta SET value = '99' WHERE key = 'schema_version'" >/dev/null
run --db "$sv" unit list
is "$status" 8 "a schema newer than this grid: exit 8"
one_error "a newer schema"
like "$err" "schema version 99, newer than this grid knows" "the message names both versions"
other=$(pg_db_new other)
GRID_DB=$other db_sql "CREATE TABLE invoices (id int)" >/dev/null
run --db "$other" init
is "$status" 8 "grid init in a database with another program's tables: exit 8"
like "$err" "holds another program's tables" "the message says why"
is "$(GRID_DB=$other db_sql "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")" 1 \
	"and grid added no table beside them"

# ---- a deadlock with another session is retried --------------------------------
# A psql session holds a case's row and then asks for grid's write lock
# while grid, holding that lock, waits for the row: the server breaks
# the deadlock by undoing one of them; grid runs its write again.
dl=$(pg_db_new deadlock)
export GRID_DB=$dl
run init -q
street_yaml >"$T/street.yaml"
run -q import "$T/street.yaml"
unit=$(GRID_DB=$dl db_sql "SELECT code FROM unit WHERE depth = 3 ORDER BY code LIMIT 1")
run issue add --unit "$unit" --category WORK_SAFETY --title 死锁
id=$out
before=$(GRID_DB=$dl db_sql "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
# The other session takes the row, says so, waits until grid waits for a
# lock, then asks for grid's: the order is made, not timed.
GRID_DB=$dl db_sql >"$T/other.out" 2>&1 <<SQL &
BEGIN;
SELECT 1 FROM issue WHERE id = $id FOR UPDATE;
\\! touch "$T/locked"
DO \$\$ BEGIN
  FOR i IN 1..6000 LOOP
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE NOT l.granted AND a.datname = current_database() AND l.pid <> pg_backend_pid());
    PERFORM pg_sleep(0.01);
  END LOOP;
END \$\$;
SELECT pg_advisory_xact_lock(1196575044);
COMMIT;
SQL
other_pid=$!
n=0
while [ ! -f "$T/locked" ] && [ $n -lt 6000 ]; do
	sleep 0.01
	n=$((n + 1))
done
run case reject "$id" --note "重复上报"
wait $other_pid
is "$status" 0 "grid's write, undone by the deadlock or not, commits: exit 0"
is "$(GRID_DB=$dl db_sql "SELECT status FROM issue WHERE id = $id")" rejected "the case is rejected"
is "$(GRID_DB=$dl db_sql "SELECT count(*) FROM event WHERE issue_id = $id")" 2 "with one event for the reject, not two"
sleep 0.6 # the statistics collector's delay
after=$(GRID_DB=$dl db_sql "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
is "$((after - before))" 1 "the server did see a deadlock"
run verify
is "$status" 0 "and the history verifies"
finish
