# Test library for the shell-level tests (TAP).  Source it, then:
#   run grid ARGS...        # status in $status, output in $out, errors in $err
#   is "$status" 0 "what"   # ok when equal
#   like "$out" PATTERN "what"  # ok when the grep -E pattern matches
#   ok COMMAND... -- "what" is written as: check "what" COMMAND...
#   finish                  # prints the plan; exit status 0/1
set -u
: "${GRID:?GRID must point at the built grid binary}"
: "${SRCDIR:?SRCDIR must point at the source tree}"

T=$(mktemp -d "${TMPDIR:-/tmp}/grid-cli-XXXXXX")
ntest=0
nfail=0

# The engine the test's database is on: GRID_TEST_ENGINE=sqlite (a file,
# the default) or pg (a database of its own on a PostgreSQL server).
ENGINE=${GRID_TEST_ENGINE:-sqlite}
case $ENGINE in
sqlite | pg) ;;
*)
	echo "Bail out! GRID_TEST_ENGINE=$ENGINE: sqlite or pg"
	rm -rf "$T"
	exit 1
	;;
esac

# The start of the name of every database of the test's on the server.
_pg_base=grid_t_$(basename "$0" .sh | tr -c 'a-zA-Z0-9_\n' _ | tr A-Z a-z)_$$_$(printf '%s' "${T##*-}" | tr A-Z a-z)

# at_exit CMD: run CMD (shell text) when the test ends, before the test's
# databases, roles and server go; use it instead of a trap of one's own.
_at_exit=
at_exit() {
	_at_exit="$_at_exit
$1"
}
_pg_roles=
_pg_own_server=
_pg_used=
_cleanup() {
	eval "$_at_exit"
	if [ -n "$_pg_used" ]; then
		for d in $(pg_admin "SELECT datname FROM pg_database WHERE starts_with(datname, '$_pg_base')" 2>/dev/null); do
			pg_admin "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1
		done
		for r in $_pg_roles; do
			pg_admin "DROP ROLE IF EXISTS \"$r\"" >/dev/null 2>&1
		done
	fi
	[ -z "$_pg_own_server" ] || sh "$SRCDIR/tests/pg/server.sh" stop "$_pg_own_server" >/dev/null 2>&1
	rm -rf "$T"
}
trap '_cleanup' EXIT
# Killed (meson's timeout sends SIGTERM): the cleanup runs all the same.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

export TZ=Asia/Shanghai HOME="$T" XDG_DATA_HOME="$T/xdg" XDG_CONFIG_HOME="$T/config" LC_ALL=C.UTF-8 LANG=C.UTF-8
# The hooks of the one running the tests never run in them (grid-hooks(5)).
unset GRID_ACTOR GRID_NOW NO_COLOR LANGUAGE GRID_HOOKS_DIR GRID_HOOK GRID_HOOK_TIMEOUT

# ---- PostgreSQL ------------------------------------------------------------------
# pg_server: make sure a server is there: the one PGHOST names (make test
# starts one, tests/pg/server.sh), else a private one in $T/pg, stopped when
# the test ends.  The test connects as the superuser role named after its
# OS login (server.sh makes it), so that the server's session_user, grid's
# login there, is the OS login as on SQLite.  A server that does not start
# bails out: never a skip.
pg_server() {
	if [ -z "${PGHOST:-}" ]; then
		# The server runs as 'postgres' when the test is root: it must
		# reach its folder.
		[ "$(id -u)" != 0 ] || chmod 0711 "$T"
		if ! PGHOST=$(sh "$SRCDIR/tests/pg/server.sh" start "$T/pg"); then
			echo "Bail out! no PostgreSQL server: tests/pg/server.sh start failed"
			exit 1
		fi
		_pg_own_server="$T/pg"
	fi
	PGUSER=$(id -un)
	export PGHOST PGUSER
	_pg_used=1
	unset PGDATABASE PGSERVICE PGPORT PGPASSWORD
}

# pg_admin SQL: run SQL on the server's maintenance database.
pg_admin() {
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -d postgres -c "$1"
}

# pg_conninfo DBNAME: the connection string grid is given for DBNAME (the
# server and the user come from PGHOST and PGUSER).
pg_conninfo() {
	printf 'host=%s dbname=%s\n' "$PGHOST" "$1"
}

# pg_role NAME: a login role NAME on the server, dropped when the test ends.
pg_role() {
	pg_admin "CREATE ROLE \"$1\" LOGIN" >/dev/null && _pg_roles="$_pg_roles $1"
}

# db_new NAME: a fresh database for grid, empty (grid init makes it one),
# printed as grid's --db: on SQLite the file $T/NAME.db, on PostgreSQL a
# database of the test's own on the server, dropped when the test ends.
db_new() {
	case $ENGINE in
	sqlite) printf '%s\n' "$T/$1.db" ;;
	pg) pg_db_new "$1" ;;
	esac
}

# pg_db_new NAME: db_new's PostgreSQL database, whatever the engine.
pg_db_new() {
	pg_admin "CREATE DATABASE \"${_pg_base}_$1\"" >/dev/null || return 1
	pg_conninfo "${_pg_base}_$1"
}

# is_pg DB: grid's --db DB selects PostgreSQL (a URI or a keyword string).
is_pg() {
	case $1 in
	sqlite:*) return 1 ;;
	postgres://* | postgresql://* | *=*) return 0 ;;
	*) return 1 ;;
	esac
}

# _pg_dbname DB: the database name in grid's --db DB; empty when DB is a file.
_pg_dbname() {
	case $1 in
	postgres://* | postgresql://*) printf '%s\n' "$1" | sed 's|^[a-z]*://[^/]*/\([^?]*\).*|\1|' ;;
	*=*) printf '%s\n' "$1" | sed -n 's/.*dbname=\([^ ]*\).*/\1/p' ;;
	esac
}

if [ "$ENGINE" = pg ]; then
	pg_server
	# Every database the test makes starts with $_pg_base: the cleanup drops
	# them all, snapshots included.
	GRID_DB=$(db_new db) || {
		echo "Bail out! cannot create the test's database on the server $PGHOST"
		exit 1
	}
else
	GRID_DB="$T/grid.db"
fi
export GRID_DB

# ---- the database under the test, whatever its engine -----------------------------
# Each takes the database from GRID_DB (a file, sqlite:FILE, or a
# PostgreSQL connection string), so they serve the extra databases a test
# makes by path as well.

# db_sql [SQL]: run SQL (standard input without it) on the database: with
# sqlite3, or with psql (errors stop it with a non-zero status).  Rows come
# out as both print them: columns joined by |, NULL as nothing.
db_sql() {
	if is_pg "$GRID_DB"; then
		if [ $# -gt 0 ]; then
			PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -d "$GRID_DB" -c "$1"
		else
			PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -d "$GRID_DB" -f -
		fi
	else
		sqlite3 "${GRID_DB#sqlite:}" "$@"
	fi
}

# db_list SQL [SEP]: the rows of SQL joined by SEP (default ","): what
# group_concat or string_agg would give, which the engines spell apart.
db_list() {
	db_sql "$1" | paste -sd "${2:-,}" -
}

# db_analyze: after rows written by raw SQL, the statistics a server keeps
# (PostgreSQL's ANALYZE, which autovacuum would run a minute later; without
# them a plan over ten thousand seeded rows may take minutes).  Nothing on
# SQLite, whose tests never had it.
db_analyze() {
	if is_pg "$GRID_DB"; then
		db_sql "ANALYZE"
	fi
}

# db_dump: every table and row as SQL text, to compare a database before
# and after.  On PostgreSQL pg_dump's \restrict and \unrestrict lines,
# with a random key each run, are left out, and so are the sequences'
# positions: a transaction that rolled back keeps the values it drew
# (nextval is not transactional), without a row changed.
db_dump() {
	if is_pg "$GRID_DB"; then
		pg_dump --no-owner -d "$GRID_DB" 2>&1 | grep -v -e '^SELECT pg_catalog.setval(' -e '^\\\(un\)\{0,1\}restrict '
	else
		sqlite3 "${GRID_DB#sqlite:}" .dump 2>&1
	fi
}

# db_checksum: a checksum of the database as stored: the file's bytes on
# SQLite, the dump on PostgreSQL.
db_checksum() {
	if is_pg "$GRID_DB"; then
		db_dump | cksum
	else
		cksum <"${GRID_DB#sqlite:}"
	fi
}

# db_save NAME / db_restore NAME: keep a copy of the database and put it
# back later (a file copy, or a PostgreSQL database made from it as a
# template).
db_save() {
	if is_pg "$GRID_DB"; then
		pg_admin "DROP DATABASE IF EXISTS \"${_pg_base}_save_$1\"" >/dev/null &&
			pg_admin "CREATE DATABASE \"${_pg_base}_save_$1\" TEMPLATE \"$(_pg_dbname "$GRID_DB")\"" >/dev/null
	else
		cp "${GRID_DB#sqlite:}" "$T/save_$1.db"
	fi
}
db_restore() {
	if is_pg "$GRID_DB"; then
		pg_admin "DROP DATABASE \"$(_pg_dbname "$GRID_DB")\" WITH (FORCE)" >/dev/null &&
			pg_admin "CREATE DATABASE \"$(_pg_dbname "$GRID_DB")\" TEMPLATE \"${_pg_base}_save_$1\"" >/dev/null
	else
		cp "$T/save_$1.db" "${GRID_DB#sqlite:}"
		rm -f "${GRID_DB#sqlite:}-wal" "${GRID_DB#sqlite:}-shm"
	fi
}

# db_hold_write_lock SECONDS FLAG: take the database's write lock, touch
# FLAG, hold the lock for SECONDS and let it go without writing: SQLite's
# BEGIN IMMEDIATE, or on PostgreSQL the advisory lock every grid writer
# takes first (PG_WRITE_LOCK_KEY of lib/store/pg/pg.h, "GRID").
db_hold_write_lock() {
	if is_pg "$GRID_DB"; then
		db_sql <<-EOF
		BEGIN;
		SELECT pg_advisory_xact_lock($((0x47524944))) \g /dev/null
		\! touch '$2'
		SELECT pg_sleep($1) \g /dev/null
		ROLLBACK;
		EOF
	else
		python3 - "${GRID_DB#sqlite:}" "$2" "$1" <<-'EOF'
		import sqlite3, sys, time
		c = sqlite3.connect(sys.argv[1], isolation_level=None)
		c.execute("BEGIN IMMEDIATE")
		open(sys.argv[2], "w").close()
		time.sleep(float(sys.argv[3]))
		c.execute("ROLLBACK")
		EOF
	fi
}

# db_schema_version [N]: print the schema version the database records,
# or set it to N (SQLite's user_version, PostgreSQL's grid_meta).
db_schema_version() {
	if is_pg "$GRID_DB"; then
		if [ $# -gt 0 ]; then
			db_sql "UPDATE grid_meta SET value = '$1' WHERE key = 'schema_version'"
		else
			db_sql "SELECT value FROM grid_meta WHERE key = 'schema_version'"
		fi
	elif [ $# -gt 0 ]; then
		db_sql "PRAGMA user_version = $1"
	else
		db_sql "PRAGMA user_version"
	fi
}

run() {
	"$GRID" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

# run_in FILE ARGS...: like run with FILE as standard input
run_in() {
	f=$1
	shift
	"$GRID" "$@" >"$T/stdout" 2>"$T/stderr" <"$f"
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

_report() {
	ntest=$((ntest + 1))
	if [ "$1" = 0 ]; then
		echo "ok $ntest - $2"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $2"
		shift 2
		for line in "$@"; do printf '#   %s\n' "$line"; done
		printf '#   stderr: %s\n' "$(head -c 400 "$T/stderr" 2>/dev/null)"
	fi
}

is() {
	[ "$1" = "$2" ]
	_report $? "$3" "got:      $1" "expected: $2"
}

like() {
	printf '%s\n' "$1" | grep -Eq -- "$2"
	_report $? "$3" "text:    $(printf '%s' "$1" | head -c 300)" "pattern: $2"
}

unlike() {
	! printf '%s\n' "$1" | grep -Eq -- "$2"
	_report $? "$3" "text:    $(printf '%s' "$1" | head -c 300)" "pattern (should not match): $2"
}

check() {
	desc=$1
	shift
	"$@" >/dev/null 2>&1
	_report $? "$desc" "command: $*"
}

# one_error: stderr is exactly one line starting "grid: "
one_error() {
	n=$(printf '%s\n' "$err" | wc -l)
	case "$err" in
	"grid: "*) [ "$n" -eq 1 ] ;;
	*) false ;;
	esac
	_report $? "$1 (one line 'grid: …' on stderr)" "stderr: $err"
}

# json_ok TEXT: valid JSON
json_ok() {
	printf '%s' "$1" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null
	_report $? "$2" "json: $(printf '%s' "$1" | head -c 300)"
}

# jq_is TEXT PYEXPR EXPECTED DESC: evaluate a Python expression over d=json
jq_is() {
	got=$(printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)" 2>&1)
	is "$got" "$3" "$4"
}

# skip WHY: a test that cannot run here, counted as passed.
skip() {
	ntest=$((ntest + 1))
	echo "ok $ntest # SKIP $1"
}

# zh_setup: the zh_CN.UTF-8 locale, the system's or one generated here;
# $zh says which ("system", "generated"), empty when there is none.  Then
# zhrun ARGS... runs grid under LANG=zh_CN.UTF-8 (LC_ALL unset), and
# zh_locale is true when there is one.
zh_setup() {
	zh=
	if locale -a 2>/dev/null | grep -Eqi '^zh_CN\.utf-?8$'; then
		zh=system
		return
	fi
	# Generated once per build tree (about a second of CPU), then shared
	# by the tests; written aside and renamed, as tests run in parallel.
	LOCPATH="${BUILDDIR:-$T}/test-locale"
	if [ ! -d "$LOCPATH/zh_CN.UTF-8" ] && command -v localedef >/dev/null 2>&1 && mkdir -p "$T/loc" &&
		localedef -i zh_CN -f UTF-8 "$T/loc/zh_CN.UTF-8" >/dev/null 2>&1; then
		mkdir -p "$LOCPATH"
		mv -T "$T/loc/zh_CN.UTF-8" "$LOCPATH/zh_CN.UTF-8" 2>/dev/null || true
	fi
	[ -d "$LOCPATH/zh_CN.UTF-8" ] && zh=generated
	export LOCPATH
}

zh_locale() {
	zh_setup
	[ -n "$zh" ]
}

zhrun() {
	env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 "$GRID" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
	status=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
}

finish() {
	echo "1..$ntest"
	[ "$nfail" -eq 0 ]
}

# gen ARGS...: the project's generator of rosters and ledgers, quietly.
gen() {
	python3 "$SRCDIR/tests/data/gencity.py" "$@" 2>/dev/null
}

# A street roster of the generator.
street_yaml() {
	gen --scale street
}
